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

/**
 * kie.ai signs every callback of an account with the same key, so the body alone tells a cover's
 * callback from another task's. Music tasks (generate, extend, upload-and-cover...) send
 * `data.callbackType` (text, first, complete, error) with `data.task_id` and tracks in `data.data`
 * (https://docs.kie.ai/suno-api/generate-music-callbacks); a cover's callback has neither
 * `callbackType` nor tracks, and a finished one lists its `images`
 * (https://docs.kie.ai/suno-api/cover-suno-callbacks).
 */
function otherTaskReason(body: unknown): string | undefined {
	const data = (body as { data?: unknown } | null)?.data;
	if (typeof data !== 'object' || data === null) return undefined;
	const { callbackType, data: tracks } = data as { callbackType?: unknown; data?: unknown };
	if (callbackType !== undefined)
		return `not a cover callback: a kie.ai music task callback (callbackType ${JSON.stringify(callbackType)})`;
	if (Array.isArray(tracks)) return 'not a cover callback: it carries tracks (data.data)';
	return undefined;
}

/** Reads a kie.ai cover callback into the normalised shape; any code but 200 is a failed cover. */
export function parseKieCallback(body: unknown): CallbackParse {
	const otherTask = otherTaskReason(body);
	if (otherTask) return { ok: false, otherTask: true, reason: otherTask };
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
	if (succeeded && !Array.isArray(data.images))
		return {
			ok: false,
			otherTask: true,
			reason: "not a cover callback: a finished cover's callback lists its images (data.images)",
		};
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
	signatureToleranceSeconds: SIGNATURE_TOLERANCE_SECONDS,
	parse: parseKieCallback,
	verify: verifyKieSignature,
};
