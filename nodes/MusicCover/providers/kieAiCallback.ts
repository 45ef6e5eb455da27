import { createHmac, timingSafeEqual } from 'crypto';
import { z } from 'zod';

import { kieAiCallbackFailure } from './kieAiCodes';
import type { CallbackParse, CallbackSupport, CoverResult, SignatureCheck } from './types';

/**
 * kie.ai POSTs a cover's result to the task's callBackUrl. With a webhook HMAC key set in the
 * account, it signs `${taskId}.${X-Webhook-Timestamp}` (the body is not covered, so the result
 * should be confirmed with a status read). No window is documented: five minutes both ways
 * allows for clock skew and kie.ai's retries while making a captured callback useless later.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** The headers kie.ai signs a callback with (lower case, as Node delivers them). */
const SIGNATURE_HEADER = 'x-webhook-signature';
const TIMESTAMP_HEADER = 'x-webhook-timestamp';

/** A cover callback is a few hundred bytes; anything far larger is not one. */
const MAX_CALLBACK_BYTES = 64 * 1024;

const callbackSchema = z.object({
	code: z.number().int(),
	msg: z.string().nullish(),
	data: z
		.object({
			taskId: z.string().min(1).max(200).optional(),
			task_id: z.string().min(1).max(200).optional(),
			images: z.array(z.string()).nullish(),
		})
		.passthrough(),
});

/** Reads a kie.ai cover callback into the normalised shape; any code but 200 is a failed cover. */
export function parseKieCallback(body: unknown): CallbackParse {
	const parsed = callbackSchema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return {
			ok: false,
			reason: `not a kie.ai cover callback: ${issue.path.join('.') || 'body'} ${issue.message}`,
		};
	}
	const { code, msg, data } = parsed.data;
	const coverTaskId = data.taskId ?? data.task_id;
	if (!coverTaskId)
		return {
			ok: false,
			reason: 'not a kie.ai cover callback: data.taskId is missing',
		};
	const succeeded = code === 200;
	const result: CoverResult = {
		provider: 'kieAi',
		coverTaskId,
		status: succeeded ? 'success' : 'failed',
		providerStatus: succeeded ? 'SUCCESS' : `CALLBACK_${code}`,
		images: succeeded ? (data.images ?? []) : [],
	};
	if (!succeeded) result.error = { code, message: kieAiCallbackFailure(code, msg) };
	return { ok: true, callback: { coverTaskId, result } };
}

export function signKieCallback(key: string, taskId: string, timestamp: string): string {
	return createHmac('sha256', key).update(`${taskId}.${timestamp}`).digest('base64');
}

export function verifyKieSignature(input: {
	key: string;
	taskId: string;
	signature: string | undefined;
	timestamp: string | undefined;
	nowSeconds: number;
	toleranceSeconds?: number;
}): SignatureCheck {
	const { signature, timestamp } = input;
	if (!signature || !timestamp)
		return {
			valid: false,
			reason: 'missing X-Webhook-Signature or X-Webhook-Timestamp header',
		};
	if (!/^\d{1,12}$/.test(timestamp))
		return { valid: false, reason: 'X-Webhook-Timestamp is not unix seconds' };
	const skew = input.nowSeconds - Number(timestamp);
	const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
	if (skew > tolerance) return { valid: false, reason: 'signature timestamp is too old' };
	if (skew < -tolerance) return { valid: false, reason: 'signature timestamp is in the future' };
	const expected = Buffer.from(signKieCallback(input.key, input.taskId, timestamp));
	const given = Buffer.from(signature);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return { valid: false, reason: 'signature does not match' };
	}
	return { valid: true };
}

/** kie.ai's callbacks as the trigger and the callback wait receive them. */
export const kieAiCallbacks: CallbackSupport = {
	signatureHeader: SIGNATURE_HEADER,
	timestampHeader: TIMESTAMP_HEADER,
	signingKeyField: 'webhookHmacKey',
	maxBytes: MAX_CALLBACK_BYTES,
	parse: parseKieCallback,
	verify: verifyKieSignature,
};
