// @ts-check
'use strict';

/**
 * apiin.one: errors as `{"error":{code,message,type}}` with HTTP status = code, the music task id
 * in one body field (`apiinTaskIdField`), no credits endpoint. Sources: test/emulator/README.md,
 * "Quirks and their sources".
 */

const { COMMON_MESSAGES, isoSeconds } = require('./common');
const { coverStatusApiProfile } = require('./coverStatusApi');

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

const apiinOne = coverStatusApiProfile(
	{
		name: 'apiinOne',
		displayName: 'apiin.one',
		credentialType: 'apiinOneApi',
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
		messages: { ...COMMON_MESSAGES, 401: 'Invalid or missing API key' },
		error: (code, message, extra = {}) => ({
			status: extra.httpStatus ?? code,
			body: { error: { code, message, type: apiinErrorType(code) } },
		}),
		credits: null,
		duplicate: () => ({ code: 400, message: 'Cover already generated for this task' }),
	},
	{ formatDate: isoSeconds, runningStatus: (options) => options.apiinPendingStatus },
);

module.exports = { apiinOne };
