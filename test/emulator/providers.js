// @ts-check
'use strict';

/**
 * One profile per emulated provider: where it is mounted, its routes, how it wraps success and
 * error answers, how it words things, and how it shows a cover task. The scenario logic that is
 * the same for all three lives once in index.js.
 *
 * @typedef {import('./types').ProviderName} ProviderName
 * @typedef {import('./types').ApiEndpoint} ApiEndpoint
 * @typedef {import('./types').EmulatorOptions} EmulatorOptions
 * @typedef {import('./types').CoverTask} CoverTask
 *
 * @typedef {{ status: number, body: unknown, headers?: Record<string, string>, contentType?: string }} Answer
 *
 * @typedef {object} Profile
 * @property {ProviderName} name
 * @property {string} defaultKey the API key the emulator accepts unless told another
 * @property {string} keyEnv environment variable of cli.js that sets that key
 * @property {string} prefix mount point; the credential's base URL is `${url}${prefix}`
 * @property {Record<string, ApiEndpoint>} routes `'METHOD /path'` below the prefix -> endpoint
 * @property {(options: EmulatorOptions) => string[]} musicTaskIdFields generate body fields the server reads the music task id from
 * @property {number} invalidParamsCode code of the answer to a generate without the music task id
 * @property {string} statusIdParam query parameter of the status endpoint
 * @property {() => string} newCoverId
 * @property {boolean} cloudflare answers requests without User-Agent with Cloudflare's 403
 * @property {boolean} requireCallBackUrl
 * @property {boolean} rateLimited
 * @property {boolean} sendsCallbacks
 * @property {Record<number, string>} messages default error message per code
 * @property {string} taskNotFound
 * @property {(data: unknown) => Answer} ok
 * @property {(code: number, message: string, extra?: { data?: unknown, httpStatus?: number }) => Answer} error
 * @property {((options: EmulatorOptions) => Answer) | null} credits
 * @property {(existingCoverId: string, options: EmulatorOptions) => { code: number, message: string, data?: unknown }} duplicate
 * @property {(task: CoverTask, options: EmulatorOptions) => Record<string, unknown>} statusData
 */

const crypto = require('node:crypto');

/** @param {number} bytes */
const hex = (bytes) => crypto.randomBytes(bytes).toString('hex');

/** Messages all three share unless a profile overrides them. */
const COMMON_MESSAGES = {
	400: 'Invalid request parameters',
	401: 'Unauthorized',
	402: 'Insufficient credits',
	403: 'Forbidden',
	404: 'Not found',
	405: 'Method not allowed',
	408: 'Request timeout',
	409: 'Cover record already exists',
	422: 'Request parameters failed validation',
	429: 'Rate limit exceeded. Please try again later.',
	455: 'System maintenance',
	500: 'Internal server error',
	501: 'Cover generation failed',
	502: 'Bad gateway',
	503: 'Service unavailable',
	505: 'Feature disabled',
	531: 'Cover generation failed, credits refunded',
};

const FAILURE_MESSAGE = 'Cover generation failed';

/** @param {number} ms */
const iso = (ms) => new Date(ms).toISOString();
/** `2026-01-01 00:00:30` (UTC) @param {number} ms */
const spaced = (ms) => iso(ms).slice(0, 19).replace('T', ' ');
/** `2026-02-24T12:00:30Z` @param {number} ms */
const isoSeconds = (ms) => `${iso(ms).slice(0, 19)}Z`;

/** @param {CoverTask} task */
const isTerminal = (task) => task.phase === 'success' || task.phase === 'failed';

/** @type {Profile} */
const kieAi = {
	name: 'kieAi',
	defaultKey: 'kie-test-key',
	keyEnv: 'EMULATOR_KEY_KIE',
	prefix: '/kie',
	routes: {
		'POST /api/v1/suno/cover/generate': 'generate',
		'GET /api/v1/suno/cover/record-info': 'status',
		'GET /api/v1/chat/credit': 'credits',
	},
	musicTaskIdFields: () => ['taskId'],
	// "422: Validation error - Request parameters failed validation checks" (seed 004)
	invalidParamsCode: 422,
	statusIdParam: 'taskId',
	newCoverId: () => hex(16),
	cloudflare: true,
	requireCallBackUrl: true,
	rateLimited: true,
	sendsCallbacks: true,
	messages: {
		...COMMON_MESSAGES,
		401: 'You do not have access permissions',
		429: 'Your call frequency is too high. Please try again later.',
		// Sibling pages of kie.ai's doc family: 430 "call frequency too high" (PROVIDERS.md, "What
		// no page says"; assumed for kie.ai itself).
		430: 'Your call frequency is too high. Please try again later.',
	},
	taskNotFound: 'Task not found',
	ok: (data) => ({ status: 200, body: { code: 200, msg: 'success', data } }),
	// The quirk: kie.ai answers errors with HTTP 200 and the real code in the body.
	error: (code, message, extra = {}) => ({
		status: extra.httpStatus ?? 200,
		body: { code, msg: message, ...(extra.data === undefined ? {} : { data: extra.data }) },
	}),
	credits: (options) => ({
		status: 200,
		body: { code: 200, msg: 'success', data: options.kieCredits },
	}),
	duplicate: (existingCoverId, options) => ({
		code: options.kieDuplicateCode,
		message: 'Cover record already exists',
		data: { taskId: existingCoverId },
	}),
	statusData(task, options) {
		const failed = task.phase === 'failed';
		const record = {
			taskId: task.coverTaskId,
			parentTaskId: task.musicTaskId,
			callbackUrl: task.callBackUrl,
			completeTime: isTerminal(task) && task.readyAt !== null ? iso(task.readyAt) : null,
			response: { images: task.phase === 'success' ? task.images : null },
			createTime: iso(task.createdAt),
			errorCode: failed ? 501 : task.phase === 'success' ? 200 : null,
			errorMessage: failed ? FAILURE_MESSAGE : task.phase === 'success' ? '' : null,
		};
		if (options.kieStatusStyle === 'status') {
			const status = {
				pending: 'PENDING',
				generating: 'PENDING',
				success: 'SUCCESS',
				failed: 'GENERATE_COVER_FAILED',
			};
			return { ...record, status: status[task.phase] };
		}
		const successFlag = { pending: 0, success: 1, generating: 2, failed: 3 };
		return { ...record, successFlag: successFlag[task.phase] };
	},
};

/**
 * udioapi.pro and apiin.one (which very likely resells it) show a task the same way; only the
 * date format and the running status differ.
 * @param {(ms: number) => string} formatDate
 * @param {(options: EmulatorOptions) => string} runningStatus
 * @returns {Profile['statusData']}
 */
const udioLikeStatus = (formatDate, runningStatus) => (task, options) => ({
	taskId: task.coverTaskId,
	status:
		task.phase === 'success'
			? 'SUCCESS'
			: task.phase === 'failed'
				? 'FAILED'
				: runningStatus(options),
	images: task.phase === 'success' ? task.images : null,
	created_at: formatDate(task.createdAt),
	...(task.phase === 'failed' ? { error: FAILURE_MESSAGE } : {}),
});

/** @type {Profile} */
const udioApiPro = {
	name: 'udioApiPro',
	defaultKey: 'udio-test-key',
	keyEnv: 'EMULATOR_KEY_UDIO',
	prefix: '/udio/api',
	routes: {
		'POST /v2/cover/generate': 'generate',
		'GET /v2/cover/status': 'status',
		'GET /v2/credits': 'credits',
	},
	// https://udioapi.pro/docs/generate-music-cover (seed 000): `taskId`, the only spelling shown.
	musicTaskIdFields: () => ['taskId'],
	invalidParamsCode: 422, // assumed: udioapi.pro documents no answer for a missing taskId
	statusIdParam: 'task_id',
	newCoverId: () => `cover${hex(9)}`,
	cloudflare: false,
	requireCallBackUrl: false,
	rateLimited: false,
	sendsCallbacks: false,
	messages: {
		...COMMON_MESSAGES,
		401: 'No API key provided in Authorization header',
		402: 'Insufficient balance, please recharge',
	},
	taskNotFound: 'Cover task not found',
	ok: (data) => ({ status: 200, body: { code: 200, msg: 'success', data } }),
	// udioapi.pro's docs word 401/402 with `message` and everything else with `msg`.
	error: (code, message, extra = {}) => ({
		status: extra.httpStatus ?? code,
		body: { code, [code === 401 || code === 402 ? 'message' : 'msg']: message },
	}),
	credits: (options) => ({
		status: 200,
		body: { code: 200, message: 'success', data: { ...options.udioCredits } },
	}),
	duplicate: () => ({ code: 400, message: 'Cover already exists for this task' }),
	statusData: udioLikeStatus(spaced, () => 'IN_PROGRESS'),
};

/** @param {number} code */
function apiinErrorType(code) {
	/** @type {Record<number, string>} */
	const types = {
		400: 'bad_request',
		401: 'authentication_error',
		402: 'insufficient_quota',
		403: 'permission_error',
		404: 'not_found',
		409: 'conflict',
		422: 'validation_error',
		429: 'rate_limit_error',
		455: 'service_unavailable',
		503: 'service_unavailable',
	};
	return types[code] ?? (code >= 500 ? 'server_error' : 'bad_request');
}

/** @type {Profile} */
const apiinOne = {
	name: 'apiinOne',
	defaultKey: 'aio_test_key',
	keyEnv: 'EMULATOR_KEY_APIIN',
	prefix: '/apiin/api/v1',
	routes: {
		'POST /audio/music/cover/generate': 'generate',
		'GET /audio/music/cover/status': 'status',
	},
	// The pages disagree, so each spelling is a variant played strictly (`apiinTaskIdField`): the
	// current English and Chinese pages (https://apiin.one/docs/suno/cover, /zh/docs/suno/cover)
	// send `task_id`; the seed (001) and the older copies (/de/, /pt/docs/suno/cover) send `taskId`.
	musicTaskIdFields: (options) => [options.apiinTaskIdField],
	// "400 bad_request: Cover already generated for this task, or invalid params." (seed 001)
	invalidParamsCode: 400,
	statusIdParam: 'task_id',
	newCoverId: () => `cover${hex(9)}`,
	cloudflare: false,
	requireCallBackUrl: false,
	rateLimited: false,
	sendsCallbacks: false,
	messages: { ...COMMON_MESSAGES, 401: 'Invalid or missing API key' },
	taskNotFound: 'Cover task not found',
	ok: (data) => ({ status: 200, body: { code: 200, msg: 'success', data } }),
	error: (code, message, extra = {}) => ({
		status: extra.httpStatus ?? code,
		body: { error: { code, message, type: apiinErrorType(code) } },
	}),
	credits: null,
	duplicate: () => ({ code: 400, message: 'Cover already generated for this task' }),
	statusData: udioLikeStatus(isoSeconds, (options) => options.apiinPendingStatus),
};

/** @type {Record<ProviderName, Profile>} */
const PROFILES = { kieAi, udioApiPro, apiinOne };

module.exports = { PROFILES, COMMON_MESSAGES };
