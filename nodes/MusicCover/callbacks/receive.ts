import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { CallbackProvider } from '../providers';
import type { ParsedCallback } from '../providers/types';
import { secretsOf } from '../transport/credentials';

function headerOf(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function reject(ctx: IWebhookFunctions, status: 400 | 401, reason: string) {
	ctx.getResponseObject().status(status).json({ error: reason });
	return undefined;
}

function readBody(
	ctx: IWebhookFunctions,
	maxBytes: number,
): { ok: true; body: unknown } | { ok: false; reason: string } {
	const request = ctx.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
	const headers = ctx.getHeaderData() as IDataObject;
	const size = request.rawBody?.length ?? Number(headerOf(headers, 'content-length') ?? 0);
	if (size > maxBytes) return { ok: false, reason: 'body too large for a cover callback' };
	if (!String(headerOf(headers, 'content-type') ?? '').includes('json')) {
		return { ok: false, reason: 'body must be JSON (Content-Type: application/json)' };
	}
	if (!request.rawBody || request.rawBody.length === 0) return { ok: true, body: request.body };
	try {
		return { ok: true, body: JSON.parse(request.rawBody.toString('utf8')) };
	} catch {
		return { ok: false, reason: 'body is not valid JSON' };
	}
}

/** A cover callback as received; `signedAt` is the verified signature's timestamp, when signed. */
export interface ReceivedCallback extends ParsedCallback {
	signedAt?: number;
}

/**
 * Reads and authenticates a provider's cover callback for the trigger and the callback wait: size,
 * JSON, shape, then the signature when the credential has a signing key. A call that is not a
 * genuine callback is answered here (400 or 401) and yields `undefined`, so the caller starts or
 * resumes nothing. So is another task's callback on the same account, but with a 200 and the
 * reason: it is the provider's genuine delivery to a URL that only takes covers, and a 2xx stops
 * it from being sent again. `outcome` names what the caller does with a cover (`started` or
 * `resumed`) for that answer. Never throws: a throwing `webhook()` would resume a parked execution
 * with the error.
 */
export async function receiveCallback(
	ctx: IWebhookFunctions,
	provider: CallbackProvider,
	outcome: 'started' | 'resumed',
): Promise<ReceivedCallback | undefined> {
	const { callbacks } = provider;
	const read = readBody(ctx, callbacks.maxBytes);
	if (!read.ok) return reject(ctx, 400, read.reason);
	const parsed = callbacks.parse(read.body);
	if (!parsed.ok && parsed.otherTask) {
		ctx
			.getResponseObject()
			.status(200)
			.json({ received: true, [outcome]: false, reason: parsed.reason });
		return undefined;
	}
	if (!parsed.ok) return reject(ctx, 400, parsed.reason);

	let key = '';
	try {
		// Decrypted once for this call: the status reads that confirm the callback reuse it.
		const { credentials } = await secretsOf(ctx, provider);
		key = String(credentials[callbacks.signingKeyField] ?? '');
	} catch {
		return reject(
			ctx,
			401,
			`the node has no usable ${provider.displayName} credential to check callbacks with`,
		);
	}
	if (key === '') return parsed.callback;
	const headers = ctx.getHeaderData() as IDataObject;
	const timestamp = headerOf(headers, callbacks.timestampHeader);
	const check = callbacks.verify({
		key,
		taskId: parsed.callback.coverTaskId,
		signature: headerOf(headers, callbacks.signatureHeader),
		timestamp,
		nowSeconds: Math.floor(Date.now() / 1000),
	});
	if (!check.valid) return reject(ctx, 401, check.reason);
	return { ...parsed.callback, signedAt: Number(timestamp) };
}
