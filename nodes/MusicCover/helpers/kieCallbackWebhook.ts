import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { kieAi } from '../providers/kieAi';
import {
	MAX_CALLBACK_BYTES,
	parseKieCallback,
	SIGNATURE_HEADER,
	TIMESTAMP_HEADER,
	verifyKieSignature,
	type KieCallback,
} from '../providers/kieAiCallback';

function headerOf(headers: IDataObject, name: string): string | undefined {
	const value = headers[name];
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function reject(ctx: IWebhookFunctions, status: 400 | 401, reason: string) {
	ctx.getResponseObject().status(status).json({ error: reason });
	return undefined;
}

/**
 * Reads and authenticates a kie.ai cover callback for the trigger and the callback wait. A call
 * that is not a genuine callback is answered here (400 or 401) and yields `undefined`, so
 * the caller starts or resumes nothing. Never throws: a throwing `webhook()` would resume a
 * parked execution with the error.
 */
export async function receiveKieCallback(ctx: IWebhookFunctions): Promise<KieCallback | undefined> {
	const request = ctx.getRequestObject() as unknown as {
		rawBody?: Buffer;
		body?: unknown;
	};
	const headers = ctx.getHeaderData() as IDataObject;
	const size = request.rawBody?.length ?? Number(headerOf(headers, 'content-length') ?? 0);
	if (size > MAX_CALLBACK_BYTES)
		return reject(ctx, 400, 'body too large for a kie.ai cover callback');
	if (!String(headerOf(headers, 'content-type') ?? '').includes('json')) {
		return reject(ctx, 400, 'body must be JSON (Content-Type: application/json)');
	}
	let body: unknown = request.body;
	if (request.rawBody && request.rawBody.length > 0) {
		try {
			body = JSON.parse(request.rawBody.toString('utf8'));
		} catch {
			return reject(ctx, 400, 'body is not valid JSON');
		}
	}
	const parsed = parseKieCallback(body);
	if (!parsed.ok) return reject(ctx, 400, parsed.reason);

	let key = '';
	try {
		const credentials = await ctx.getCredentials<{ webhookHmacKey?: string }>(kieAi.credentialType);
		key = String(credentials.webhookHmacKey ?? '');
	} catch {
		return reject(ctx, 401, 'the node has no usable kie.ai credential to check callbacks with');
	}
	if (key !== '') {
		const check = verifyKieSignature({
			key,
			taskId: parsed.callback.coverTaskId,
			signature: headerOf(headers, SIGNATURE_HEADER),
			timestamp: headerOf(headers, TIMESTAMP_HEADER),
			nowSeconds: Math.floor(Date.now() / 1000),
		});
		if (!check.valid) return reject(ctx, 401, check.reason);
	}
	return parsed.callback;
}
