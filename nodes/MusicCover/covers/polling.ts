import type { CoverResult } from '../providers/types';
import { isTransientError } from '../transport/retry';
import {
	MAX_POLL_INTERVAL_MS,
	POLL_INTERVAL_GROWTH,
	STATUS_READ_CONCURRENCY,
} from '../util/constants';
import { cancellableSleep, type Sleep } from '../util/sleep';

export interface PollSettings {
	timeoutMs: number;
	initialIntervalMs: number;
	signal?: AbortSignal;
	/** Injected by tests to run the poller on a fake clock. */
	sleep?: Sleep;
	now?: () => number;
}

export type PollOutcome =
	| { kind: 'terminal'; result: CoverResult }
	| { kind: 'error'; error: Error }
	| { kind: 'timedOut'; last?: CoverResult; lastError?: Error };

/** Runs `work` over `keys` with at most `limit` promises in flight. */
export async function forEachLimited<T>(keys: T[], limit: number, work: (key: T) => Promise<void>) {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, keys.length) }, async () => {
		while (next < keys.length) await work(keys[next++]);
	});
	await Promise.all(lanes);
}

/**
 * Reads the status of every task until each is terminal or the deadline passes. All tasks are
 * polled in the same rounds (not one after another), the pause between rounds grows, and the
 * pause is cancellable, so a cancelled execution stops at once. No pause follows the last read.
 */
export async function pollUntilTerminal(
	count: number,
	readStatus: (index: number) => Promise<CoverResult>,
	settings: PollSettings,
	/** Which read errors are worth another read later; any other error ends that task. */
	isTransient: (error: unknown) => boolean = (error) => isTransientError(error),
): Promise<PollOutcome[]> {
	const sleep = settings.sleep ?? cancellableSleep;
	const now = settings.now ?? Date.now;
	const deadline = now() + settings.timeoutMs;
	const outcomes: PollOutcome[] = Array.from({ length: count }, () => ({
		kind: 'timedOut',
	}));
	let pending = outcomes.map((_, index) => index);
	let interval = settings.initialIntervalMs;

	while (pending.length > 0) {
		settings.signal?.throwIfAborted();
		await forEachLimited(pending, STATUS_READ_CONCURRENCY, async (index) => {
			try {
				const result = await readStatus(index);
				outcomes[index] =
					result.status === 'pending'
						? { kind: 'timedOut', last: result }
						: { kind: 'terminal', result };
			} catch (error) {
				const previous = outcomes[index];
				outcomes[index] = isTransient(error)
					? {
							kind: 'timedOut',
							last: previous.kind === 'timedOut' ? previous.last : undefined,
							lastError: error as Error,
						}
					: { kind: 'error', error: error as Error };
			}
		});
		pending = pending.filter((index) => outcomes[index].kind === 'timedOut');
		const remaining = deadline - now();
		if (pending.length === 0 || remaining <= 0) break;
		await sleep(Math.min(interval, remaining), settings.signal);
		interval = Math.min(interval * POLL_INTERVAL_GROWTH, MAX_POLL_INTERVAL_MS);
	}
	return outcomes;
}
