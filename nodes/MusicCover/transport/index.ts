import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { ProviderAdapter, ProviderEnvelope, ProviderRequest } from '../providers/types';
import { REQUEST_TIMEOUT_MS, USER_AGENT } from '../util/constants';
import type { Sleep } from '../util/sleep';
import { readEnvelope } from './envelope';
import { networkError, providerError } from './errors';
import { isTransientCode, retryAfterMs, withRetry } from './retry';

/** The n8n contexts that send provider requests: node executions and (callback) webhooks. */
export type ProviderContext = IExecuteFunctions | IWebhookFunctions;

/**
 * - `read`: safe to repeat (status reads): network errors, 5xx and 429 are retried.
 * - `create`: a paid generate. Only a 429 is retried (the provider dropped it), unless the
 *   provider answers a repeat with the existing cover id, which makes any retry free.
 */
export type RetryPolicy = 'read' | 'create';

export interface SendOptions {
	retry: RetryPolicy;
	itemIndex?: number;
	/** Which non-200 codes the caller handles itself (for example a duplicate answer). */
	accept?: (envelope: ProviderEnvelope) => boolean;
	signal?: AbortSignal;
	sleep?: Sleep;
}

interface ProviderCredentials {
	apiKey?: string;
	baseUrl?: string;
	webhookHmacKey?: string;
}

function mayRetry(adapter: ProviderAdapter, policy: RetryPolicy, code: number | undefined) {
	if (code === 429) return true;
	if (policy === 'create' && !adapter.duplicateReturnsExistingId) return false;
	return isTransientCode(code, adapter.transientCodes);
}

async function secretsOf(ctx: ProviderContext, adapter: ProviderAdapter, itemIndex?: number) {
	const credentials = (await ctx.getCredentials(
		adapter.credentialType,
		itemIndex,
	)) as ProviderCredentials;
	const secrets = [credentials.apiKey, credentials.webhookHmacKey].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
	return { credentials, secrets };
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

	return await withRetry<ProviderEnvelope>(
		async (attempt) => {
			let response: IN8nHttpFullResponse;
			try {
				response = (await ctx.helpers.httpRequestWithAuthentication.call(
					ctx,
					adapter.credentialType,
					httpOptions,
				)) as IN8nHttpFullResponse;
			} catch (failure) {
				return {
					done: false,
					retryable: mayRetry(adapter, options.retry, undefined),
					error: () => networkError(node, adapter, failure, secrets, options.itemIndex),
				};
			}
			const envelope = readEnvelope(response.statusCode, response.body);
			if (accept(envelope)) return { done: true, value: { ...envelope, attempt } };
			return {
				done: false,
				retryable: mayRetry(adapter, options.retry, envelope.code),
				retryAfterMs: retryAfterMs(response.headers as Record<string, unknown>),
				error: () => providerError(node, adapter, envelope, secrets, options.itemIndex),
			};
		},
		{ signal: options.signal, sleep: options.sleep },
	);
}
