import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import type { ProviderAdapter, ProviderEnvelope, ProviderRequest } from '../providers/types';
import { REQUEST_TIMEOUT_MS, USER_AGENT } from '../util/constants';
import type { Sleep } from '../util/sleep';
import type { ProviderContext } from './context';
import { secretsOf } from './credentials';
import { readEnvelope } from './envelope';
import { networkError, providerError } from './errors';
import { createPacer, type Pacer } from './pace';
import { isRateLimitCode, isTransientCode, retryAfterMs, withRetry } from './retry';

export type { ProviderContext } from './context';

/**
 * - `read`: safe to repeat (status reads): network errors, 5xx and rate limits are retried.
 * - `create`: a paid generate. Only a rate limit (429, or an adapter's `rateLimitCodes`) is
 *   retried (the provider dropped it), unless the provider answers a repeat with the existing
 *   cover id, which makes any retry free.
 */
export type RetryPolicy = 'read' | 'create';

export interface SendOptions {
	retry: RetryPolicy;
	itemIndex?: number;
	/** Which non-200 codes the caller handles itself (for example a duplicate answer). */
	accept?: (envelope: ProviderEnvelope) => boolean;
	signal?: AbortSignal;
	/** Epoch ms: a rate-limited create is sent again until then (the run's budget). */
	deadline?: number;
	sleep?: Sleep;
	/** The pacer for creates; the process's own unless a test brings one on a fake clock. */
	pacer?: Pacer;
}

/** Marks an error whose request may have been carried out although its answer never came. */
const ANSWER_LOST = 'answerLost';

export function isAnswerLost(error: unknown): boolean {
	return (error as { context?: Record<string, unknown> })?.context?.[ANSWER_LOST] === true;
}

function markAnswerLost<E extends Error>(error: E): E {
	const withContext = error as E & { context?: Record<string, unknown> };
	withContext.context = { ...(withContext.context ?? {}), [ANSWER_LOST]: true };
	return error;
}

function mayRetry(adapter: ProviderAdapter, policy: RetryPolicy, code: number | undefined) {
	if (isRateLimitCode(code, adapter.rateLimitCodes)) return true;
	if (policy === 'create' && !adapter.duplicateReturnsExistingId) return false;
	return isTransientCode(code, adapter.transientCodes);
}

/**
 * Sends one provider request through n8n's authenticated HTTP helper (so the credential's
 * `authenticate`, proxy and TLS settings apply), reads the envelope and retries what is safe.
 * Throws a NodeApiError that names the provider, the code and what to do.
 */
export async function sendToProvider(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	request: ProviderRequest,
	options: SendOptions,
): Promise<ProviderEnvelope> {
	const { credentials, secrets } = await secretsOf(ctx, adapter, options.itemIndex);
	const httpOptions: IHttpRequestOptions = {
		method: request.method,
		baseURL: String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
		url: request.path,
		qs: request.qs,
		body: request.body,
		json: true,
		headers: { 'User-Agent': USER_AGENT, Accept: 'application/json' },
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: REQUEST_TIMEOUT_MS,
	};
	const accept = options.accept ?? ((envelope: ProviderEnvelope) => envelope.code === 200);
	const node = ctx.getNode();
	// The credential this context already decrypted: without it n8n decrypts (and in 2.x evaluates
	// every field in an isolate) for each request, which dominates a burst of status reads.
	const decrypted = {
		credentialsDecrypted: {
			id: String(node.credentials?.[adapter.credentialType]?.id ?? ''),
			name: node.credentials?.[adapter.credentialType]?.name ?? adapter.credentialType,
			type: adapter.credentialType,
			data: credentials as ICredentialDataDecryptedObject,
		},
	};
	// Creates are spaced to the provider's documented limit, per account (base URL and key).
	const limit = options.retry === 'create' ? adapter.createLimit : undefined;
	const pacer = options.pacer ?? createPacer;
	const account = `${adapter.credentialType} ${httpOptions.baseURL} ${String(credentials.apiKey)}`;

	// Whether a failed attempt may have been carried out: then the provider may already have done
	// what a later attempt asks again (a create's repeat meets the cover the lost one made).
	let earlierAttemptMayHaveActed = false;
	return await withRetry<ProviderEnvelope>(
		async () => {
			const slot = limit ? await pacer.acquire(account, limit, options.signal) : undefined;
			let response: IN8nHttpFullResponse;
			try {
				response = (await ctx.helpers.httpRequestWithAuthentication.call(
					ctx,
					adapter.credentialType,
					httpOptions,
					decrypted,
				)) as IN8nHttpFullResponse;
			} catch (failure) {
				earlierAttemptMayHaveActed = true;
				return {
					done: false,
					retryable: mayRetry(adapter, options.retry, undefined),
					error: () =>
						markAnswerLost(networkError(node, adapter, failure, secrets, options.itemIndex)),
				};
			}
			const envelope = readEnvelope(response.statusCode, response.body);
			const rateLimited = isRateLimitCode(envelope.code, adapter.rateLimitCodes);
			if (limit && !rateLimited) pacer.accepted(account, limit, slot);
			if (accept(envelope))
				return { done: true, value: { ...envelope, earlierAttemptMayHaveActed } };
			let pause = retryAfterMs(response.headers as Record<string, unknown>);
			if (rateLimited && limit) {
				// The provider's window is fuller than ours (other processes on the account): the pacer
				// cuts this process's share and holds the repeat until it fits (or the Retry-After).
				pacer.refused(account, limit, pause, slot);
				pause = pause ?? 0;
			}
			// A body cut short on a success status: the provider may have done the work.
			const truncated = envelope.nonJson === true && envelope.httpStatus < 300;
			// A server fault (a cut-off body reads as 502) may come after the work was done.
			if (envelope.code >= 500) earlierAttemptMayHaveActed = true;
			return {
				done: false,
				retryable: mayRetry(adapter, options.retry, envelope.code),
				retryAfterMs: pause,
				// A rate-limited create was dropped by the provider: sending it again is safe and free.
				untilDeadline: rateLimited && options.retry === 'create',
				error: () => {
					const error = providerError(node, adapter, envelope, secrets, options.itemIndex);
					return truncated ? markAnswerLost(error) : error;
				},
			};
		},
		{ signal: options.signal, sleep: options.sleep, deadline: options.deadline },
	);
}
