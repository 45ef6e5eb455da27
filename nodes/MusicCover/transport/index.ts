import { NodeApiError } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	MAX_ATTEMPTS,
	MAX_RETRY_AFTER_MS,
	REQUEST_TIMEOUT_MS,
	RETRY_BASE_DELAY_MS,
	USER_AGENT,
} from '../helpers/constants';
import { cancellableSleep, type Sleep } from '../helpers/sleep';
import type { ProviderAdapter, ProviderEnvelope, ProviderRequest } from '../providers/types';
import { readEnvelope } from './envelope';
import { networkError, providerError } from './errors';

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

const RETRYABLE_CODES = new Set([429, 455, 500, 502, 503, 504]);

function retryAfterMs(headers: Record<string, unknown> | undefined): number | undefined {
	const value = headers?.['retry-after'];
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(String(value)) - Date.now();
	return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : undefined;
}

function shouldRetry(
	adapter: ProviderAdapter,
	policy: RetryPolicy,
	outcome: { envelope?: ProviderEnvelope; failure?: unknown },
): boolean {
	const code = outcome.envelope?.code;
	if (code === 429) return true;
	if (policy === 'create' && !adapter.duplicateReturnsExistingId) return false;
	return outcome.failure !== undefined || (code !== undefined && RETRYABLE_CODES.has(code));
}

/** A failure worth another status read later: rate limits, maintenance, 5xx, network errors. */
export function isTransientProviderError(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	// No HTTP code, or a network code such as ECONNRESET: the provider was not reached.
	const code = Number(error.httpCode ?? Number.NaN);
	return !Number.isFinite(code) || RETRYABLE_CODES.has(code);
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
	const baseURL = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	const httpOptions: IHttpRequestOptions = {
		method: request.method,
		baseURL,
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
	const sleep = options.sleep ?? cancellableSleep;

	for (let attempt = 1; ; attempt++) {
		let envelope: (ProviderEnvelope & { nonJson?: boolean }) | undefined;
		let failure: unknown;
		let headers: Record<string, unknown> | undefined;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				adapter.credentialType,
				httpOptions,
			)) as IN8nHttpFullResponse;
			headers = response.headers as Record<string, unknown>;
			envelope = readEnvelope(response.statusCode, response.body);
		} catch (error) {
			failure = error;
		}

		if (envelope && accept(envelope)) return { ...envelope, attempt };
		const canRetry =
			attempt < MAX_ATTEMPTS && shouldRetry(adapter, options.retry, { envelope, failure });
		if (!canRetry || options.signal?.aborted) {
			if (envelope)
				throw providerError(ctx.getNode(), adapter, envelope, secrets, options.itemIndex);
			throw networkError(ctx.getNode(), adapter, failure, secrets, options.itemIndex);
		}
		const delay = retryAfterMs(headers) ?? RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
		await sleep(delay, options.signal);
	}
}
