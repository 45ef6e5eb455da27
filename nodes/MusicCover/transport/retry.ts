import { NodeApiError } from 'n8n-workflow';

import { MAX_ATTEMPTS, MAX_RETRY_AFTER_MS, RETRY_BASE_DELAY_MS } from '../util/constants';
import { cancellableSleep, type Sleep } from '../util/sleep';

/** Codes after which the same request may succeed later: rate limits and passing server faults. */
const TRANSIENT_CODES = new Set([429, 500, 502, 503, 504]);

/**
 * Whether a failure is worth another attempt later. `code` is the provider's envelope code or the
 * HTTP status; undefined means the server was not reached (network error, timeout).
 * `extraCodes` are a provider's own (an adapter's `transientCodes`).
 */
export function isTransientCode(code: number | undefined, extraCodes: readonly number[] = []) {
	return code === undefined || TRANSIENT_CODES.has(code) || extraCodes.includes(code);
}

/**
 * Whether the provider refused a request for coming too fast: it dropped the request unheard, so
 * another try later is free. `extraCodes` are a provider's own (an adapter's `rateLimitCodes`).
 */
export function isRateLimitCode(code: number | undefined, extraCodes: readonly number[] = []) {
	return code === 429 || (code !== undefined && extraCodes.includes(code));
}

/** The same judgement for an error the transport threw (its `httpCode` is the provider's code). */
export function isTransientError(error: unknown, extraCodes: readonly number[] = []): boolean {
	if (!(error instanceof NodeApiError)) return false;
	// No HTTP code, or a network code such as ECONNRESET: the provider was not reached.
	const code = Number(error.httpCode ?? Number.NaN);
	return isTransientCode(Number.isFinite(code) ? code : undefined, extraCodes);
}

export function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
	const value = headers?.['retry-after'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(value)) - Date.now();
	return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

/** One try of a request: its value, or why it failed and whether another try may succeed. */
export type Attempt<T> =
	| { done: true; value: T }
	| {
			done: false;
			retryable: boolean;
			/** The pause the server asked for (Retry-After) or that its rate window implies. */
			retryAfterMs?: number;
			/** Retried past the attempt count for as long as the deadline allows (a rate-limited create). */
			untilDeadline?: boolean;
			error: () => Error;
	  };

export interface RetryOptions {
	signal?: AbortSignal;
	/** Injected by tests to run on a fake clock. */
	sleep?: Sleep;
	now?: () => number;
	maxAttempts?: number;
	/** Epoch ms after which no attempt starts: the run's budget. */
	deadline?: number;
}

/**
 * Runs `attempt` until it is done, cannot be retried, or the attempts run out; waits the server's
 * Retry-After, or a doubling pause, between tries. Cancellable through `signal`.
 */
export async function withRetry<T>(
	attempt: (attemptNumber: number) => Promise<Attempt<T>>,
	options: RetryOptions = {},
): Promise<T> {
	const sleep = options.sleep ?? cancellableSleep;
	const now = options.now ?? Date.now;
	const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
	for (let attemptNumber = 1; ; attemptNumber++) {
		const outcome = await attempt(attemptNumber);
		if (outcome.done) return outcome.value;
		const pause =
			outcome.retryAfterMs ??
			Math.min(RETRY_BASE_DELAY_MS * 2 ** (attemptNumber - 1), MAX_RETRY_AFTER_MS);
		const withinBudget =
			outcome.untilDeadline === true &&
			options.deadline !== undefined &&
			now() + pause < options.deadline;
		if (
			!outcome.retryable ||
			options.signal?.aborted ||
			(attemptNumber >= maxAttempts && !withinBudget)
		) {
			throw outcome.error();
		}
		await sleep(pause, options.signal);
	}
}
