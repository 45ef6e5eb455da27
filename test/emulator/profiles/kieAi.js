// @ts-check
'use strict';

/**
 * kie.ai's Suno cover API: errors in the body under HTTP 200, Cloudflare in front, a rate limit
 * per key, callbacks. Sources: test/emulator/README.md, "Quirks and their sources".
 *
 * @typedef {import('../types').Profile} Profile
 */

const { COMMON_MESSAGES, FAILURE_MESSAGE, hex, ok, iso, isTerminal } = require('./common');

/** @type {Profile} */
const kieAi = {
	name: 'kieAi',
	displayName: 'kie.ai',
	credentialType: 'kieAiApi',
	defaultKey: 'kie-test-key',
	keyEnv: 'EMULATOR_KEY_KIE',
	prefix: '/kie',
	routes: {
		'POST /api/v1/suno/cover/generate': 'generate',
		'GET /api/v1/suno/cover/record-info': 'status',
		'GET /api/v1/chat/credit': 'credits',
		// The music step before a cover (../kieMusic.js): https://docs.kie.ai/suno-api/generate-music,
		// https://docs.kie.ai/suno-api/get-music-details.
		'POST /api/v1/generate': 'musicGenerate',
		'GET /api/v1/generate/record-info': 'musicStatus',
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
	signingKeyField: 'webhookHmacKey',
	messages: {
		...COMMON_MESSAGES,
		401: 'You do not have access permissions',
		429: 'Your call frequency is too high. Please try again later.',
		// Sibling pages of kie.ai's doc family: 430 "call frequency too high" (PROVIDERS.md, "What
		// no page says"; assumed for kie.ai itself).
		430: 'Your call frequency is too high. Please try again later.',
	},
	taskNotFound: 'Task not found',
	ok,
	// The quirk: kie.ai answers errors with HTTP 200 and the real code in the body.
	error: (code, message, extra = {}) => ({
		status: extra.httpStatus ?? 200,
		body: { code, msg: message, ...(extra.data === undefined ? {} : { data: extra.data }) },
	}),
	credits: (options) => ok(options.kieCredits),
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

module.exports = { kieAi };
