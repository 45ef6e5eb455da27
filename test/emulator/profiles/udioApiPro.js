// @ts-check
'use strict';

/**
 * udioapi.pro: HTTP status = code, `message` for 401/402 and `msg` otherwise, a credits endpoint.
 * Sources: test/emulator/README.md, "Quirks and their sources".
 */

const { COMMON_MESSAGES, spaced } = require('./common');
const { coverStatusApiProfile } = require('./coverStatusApi');

const udioApiPro = coverStatusApiProfile(
	{
		name: 'udioApiPro',
		displayName: 'udioapi.pro',
		credentialType: 'udioApiProApi',
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
		messages: {
			...COMMON_MESSAGES,
			401: 'No API key provided in Authorization header',
			402: 'Insufficient balance, please recharge',
		},
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
	},
	{ formatDate: spaced, runningStatus: () => 'IN_PROGRESS' },
);

module.exports = { udioApiPro };
