/**
 * Types of the provider emulator: kie.ai's callbacks (callbacks.js, musicCallbacks.js), as sent
 * and logged. Re-exported by ./types.d.ts, where tests and modules import them from.
 */

export interface CallbackLogEntry {
	coverTaskId: string;
	url: string;
	/** 1-based delivery number (callbackDeliveries), 0 for sendKieCallback. */
	delivery: number;
	/** 1-based attempt within the delivery. */
	attempt: number;
	/** HTTP status answered, null on a network error / timeout. */
	status: number | null;
	error?: string;
	signed: boolean;
	manual: boolean;
	body: unknown;
	/** epoch ms the POST was sent. */
	at: number;
	/** epoch ms the receiver's answer (or the error) came. */
	answeredAt: number;
	/** the receiver's answer body, first 500 characters. */
	answer?: string;
}

export interface SendKieCallbackOptions {
	coverTaskId: string;
	/** default: the task's callBackUrl. Only 127.0.0.1 / localhost / ::1 are accepted. */
	url?: string;
	/** default: sign when a key is available (opts.key or kieWebhookHmacKey). */
	sign?: boolean;
	/** HMAC key to sign with instead of kieWebhookHmacKey (forged signatures). */
	key?: string;
	/** added to the current unix time (stale / future timestamps). */
	timestampOffsetSec?: number;
	/** the unix time to sign with instead of now: the same delivery again (a replay). */
	timestamp?: number;
	/** default kieCallbackIdField */
	idField?: string;
	/** default: 200, or 501 when the task failed. */
	code?: number;
	msg?: string;
	/** default: the task's image URLs on code 200, otherwise null. */
	images?: string[] | null;
	/** header names to drop, e.g. ['X-Webhook-Signature']. */
	omitHeaders?: string[];
	/** extra headers. */
	headers?: Record<string, string>;
}

/** A kie.ai music-task callback (generate, extend, upload-and-cover...), not a cover's. */
export interface SendKieMusicCallbackOptions {
	/** Only 127.0.0.1 / localhost / ::1 are accepted. */
	url: string;
	/** the music task's id: `data.task_id`, and what the signature covers. */
	musicTaskId: string;
	/** default 'complete'; 'error' is the failure shape (code 501, data.error). */
	callbackType?: 'text' | 'first' | 'complete' | 'error';
	/** default: sign when a key is available (opts.key or kieWebhookHmacKey). */
	sign?: boolean;
	key?: string;
	timestampOffsetSec?: number;
}

export interface SendKieCallbackResult {
	status: number;
	body: string;
	headers: Record<string, string | string[] | undefined>;
}
