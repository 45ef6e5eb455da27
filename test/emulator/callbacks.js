// @ts-check
'use strict';

/**
 * kie.ai's cover callbacks: armed when a task with a local callBackUrl is planned to finish,
 * delivered `callbackDeliveries` times with retries, or sent on demand (sendKieCallback), signed
 * with kieWebhookHmacKey. Every POST, automatic or asked for, is logged by postCallback; the music
 * callbacks (./musicCallbacks.js) go through it too.
 *
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./internal').TaskRecord} TaskRecord
 * @typedef {import('./types').CallbackLogEntry} CallbackLogEntry
 * @typedef {import('./types').SendKieCallbackOptions} SendKieCallbackOptions
 * @typedef {import('./types').SendKieCallbackResult} SendKieCallbackResult
 * @typedef {import('./io').TimerGroup} TimerGroup
 */

const crypto = require('node:crypto');
const { PROFILES, COMMON_MESSAGES } = require('./providers');
const { isLocalUrl, postJson } = require('./io');
const { imageUrls, phaseOf } = require('./tasks');

const CALLBACK_USER_AGENT = 'kie.ai-callback (music-cover emulator)';
/** How much of a callback receiver's answer the callback log keeps. */
const ANSWER_LOG_CHARS = 500;

/**
 * @param {{ coverTaskId: string, code: number, msg?: string, images: string[] | null, idField: string }} p
 */
function callbackBody(p) {
	const msg =
		p.msg ??
		(p.code === 200
			? 'success'
			: (COMMON_MESSAGES[/** @type {keyof COMMON_MESSAGES} */ (p.code)] ?? 'error'));
	return { code: p.code, msg, data: { [p.idField]: p.coverTaskId, images: p.images } };
}

/** base64(HMAC-SHA256(key, `${taskId}.${timestamp}`)) @param {string} key @param {string} taskId @param {number} timestamp */
const signature = (key, taskId, timestamp) =>
	crypto.createHmac('sha256', key).update(`${taskId}.${timestamp}`).digest('base64');

/**
 * @param {string} taskId @param {string | null} key @param {number} [offsetSec]
 * @param {number} [at] the unix time to sign with (default now): a delivery sent again as it was
 * @returns {Record<string, string>}
 */
function callbackHeaders(taskId, key, offsetSec = 0, at = Math.floor(Date.now() / 1000)) {
	/** @type {Record<string, string>} */
	const headers = { 'Content-Type': 'application/json', 'User-Agent': CALLBACK_USER_AGENT };
	if (key !== null) {
		const timestamp = at + offsetSec;
		headers['X-Webhook-Timestamp'] = String(timestamp);
		headers['X-Webhook-Signature'] = signature(key, taskId, timestamp);
	}
	return headers;
}

/**
 * The key a callback asked for is signed with, or null for an unsigned one: kie.ai signs every
 * callback of an account with the same key (kieWebhookHmacKey) unless `key` forges another.
 * @param {EmulatorState} state @param {{ sign?: boolean, key?: string }} opts @param {string} caller
 * @returns {string | null}
 */
function signingKey(state, opts, caller) {
	const key = opts.key ?? state.options.kieWebhookHmacKey;
	const sign = opts.sign ?? key !== null;
	if (sign && key === null)
		throw new Error(`${caller}: sign requested but no key (set kieWebhookHmacKey or opts.key)`);
	return sign ? key : null;
}

/**
 * POSTs one callback and builds its log entry (not yet logged: a delivery of a reset emulator is
 * dropped). Never throws: a network error or timeout is the entry's `error` and the result's.
 * @param {EmulatorState} state
 * @param {Pick<CallbackLogEntry, 'coverTaskId' | 'url' | 'delivery' | 'attempt' | 'signed' | 'manual' | 'body'>} what
 * @param {Record<string, string>} headers
 * @param {TimerGroup} timers the group its timeout belongs to
 * @returns {Promise<{ entry: CallbackLogEntry, answer?: SendKieCallbackResult, error?: unknown }>}
 */
async function postCallback(state, what, headers, timers) {
	/** @type {CallbackLogEntry} */
	const entry = {
		coverTaskId: what.coverTaskId,
		url: what.url,
		delivery: what.delivery,
		attempt: what.attempt,
		status: null,
		signed: what.signed,
		manual: what.manual,
		body: what.body,
		at: Date.now(),
		answeredAt: 0,
	};
	const { callbackTimeoutMs } = state.options;
	try {
		const answer = await postJson(
			what.url,
			what.body,
			headers,
			callbackTimeoutMs,
			timers,
			state.outgoing,
		);
		entry.status = answer.status;
		entry.answer = answer.body.slice(0, ANSWER_LOG_CHARS);
		entry.answeredAt = Date.now();
		return { entry, answer };
	} catch (error) {
		entry.error = error instanceof Error ? error.message : String(error);
		entry.answeredAt = Date.now();
		return { entry, error };
	}
}

/**
 * POSTs a callback asked for (sendKieCallback, sendKieMusicCallback), logs it, and answers the
 * receiver's answer or throws its network error.
 * @param {EmulatorState} state
 * @param {{ coverTaskId: string, url: string, signed: boolean, body: unknown }} what
 * @param {Record<string, string>} headers
 * @returns {Promise<SendKieCallbackResult>}
 */
async function postAskedCallback(state, what, headers) {
	const sent = await postCallback(
		state,
		{ ...what, delivery: 0, attempt: 1, manual: true },
		headers,
		state.ioTimers,
	);
	state.callbacks.push(sent.entry);
	if (!sent.answer) throw sent.error;
	return sent.answer;
}

/**
 * Delivers a terminal task's callback `callbackDeliveries` times (kie.ai's cover page: the same
 * task may be called back more than once), each with up to `callbackRetries` retries after a
 * non-2xx answer or a network error: those retries are ASSUMED, no kie.ai page says so.
 * @param {EmulatorState} state @param {TaskRecord} task
 */
async function deliverCallbacks(state, task) {
	const startedIn = state.epoch;
	const stale = () => startedIn !== state.epoch;
	const { options } = state;
	for (let delivery = 1; delivery <= options.callbackDeliveries; delivery++) {
		for (let attempt = 1; attempt <= 1 + options.callbackRetries; attempt++) {
			if (stale()) return;
			const failed = phaseOf(task) === 'failed';
			const body = callbackBody({
				coverTaskId: task.coverTaskId,
				code: failed ? 501 : 200,
				images: failed ? null : imageUrls(state, task.coverTaskId),
				idField: options.kieCallbackIdField,
			});
			const key = options.kieWebhookHmacKey;
			const { entry } = await postCallback(
				state,
				{
					coverTaskId: task.coverTaskId,
					url: /** @type {string} */ (task.callBackUrl),
					delivery,
					attempt,
					signed: key !== null,
					manual: false,
					body,
				},
				callbackHeaders(task.coverTaskId, key),
				state.taskTimers,
			);
			if (stale()) return;
			state.callbacks.push(entry);
			if (entry.status !== null && entry.status >= 200 && entry.status < 300) break;
			if (attempt <= options.callbackRetries)
				await state.taskTimers.sleep(options.callbackRetryDelayMs);
		}
	}
}

/**
 * Arms (again) the timer that fires a task's callbacks when it turns terminal: only for a
 * provider that sends them, and only to a local callBackUrl (placeholders and remote URLs are
 * never called).
 * @param {EmulatorState} state @param {TaskRecord} task
 */
function armCallbacks(state, task) {
	const { taskTimers, completionTimers } = state;
	taskTimers.cancel(completionTimers.get(task.coverTaskId));
	completionTimers.delete(task.coverTaskId);
	if (!PROFILES[task.provider].sendsCallbacks || task.readyAt === null) return;
	if (!task.callBackUrl || !isLocalUrl(task.callBackUrl)) return;
	const timer = taskTimers.later(task.readyAt - Date.now(), () => {
		completionTimers.delete(task.coverTaskId);
		void deliverCallbacks(state, task);
	});
	completionTimers.set(task.coverTaskId, timer);
}

/** Cancels callback work (timers, delivery loops, outgoing POSTs). @param {EmulatorState} state */
function cancelCallbackWork(state) {
	state.epoch += 1;
	state.taskTimers.clear();
	state.completionTimers.clear();
	for (const req of state.outgoing) req.destroy(new Error('emulator reset or stopped'));
	state.outgoing.clear();
}

/** @param {EmulatorState} state @param {SendKieCallbackOptions} opts @returns {Promise<SendKieCallbackResult>} */
async function sendKieCallback(state, opts) {
	if (!opts || typeof opts.coverTaskId !== 'string' || opts.coverTaskId === '') {
		throw new TypeError('sendKieCallback needs coverTaskId');
	}
	const task = state.tasks.get(opts.coverTaskId);
	const url = opts.url ?? task?.callBackUrl;
	if (!url)
		throw new TypeError(
			`sendKieCallback: no url given and no callBackUrl known for ${opts.coverTaskId}`,
		);
	if (!isLocalUrl(url))
		throw new Error(`sendKieCallback only posts to 127.0.0.1/localhost, not ${url}`);
	const code = opts.code ?? (task && phaseOf(task) === 'failed' ? 501 : 200);
	const images =
		opts.images !== undefined
			? opts.images
			: code === 200
				? imageUrls(state, opts.coverTaskId)
				: null;
	const key = signingKey(state, opts, 'sendKieCallback');
	const body = callbackBody({
		coverTaskId: opts.coverTaskId,
		code,
		msg: opts.msg,
		images,
		idField: opts.idField ?? state.options.kieCallbackIdField,
	});
	const headers = {
		...callbackHeaders(opts.coverTaskId, key, opts.timestampOffsetSec, opts.timestamp),
		...opts.headers,
	};
	const omit = new Set((opts.omitHeaders ?? []).map((name) => name.toLowerCase()));
	for (const name of Object.keys(headers)) if (omit.has(name.toLowerCase())) delete headers[name];
	return await postAskedCallback(
		state,
		{ coverTaskId: opts.coverTaskId, url, signed: 'X-Webhook-Signature' in headers, body },
		headers,
	);
}

module.exports = {
	callbackHeaders,
	signingKey,
	postAskedCallback,
	armCallbacks,
	cancelCallbackWork,
	sendKieCallback,
};
