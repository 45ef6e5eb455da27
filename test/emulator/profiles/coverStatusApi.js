// @ts-check
'use strict';

/**
 * What udioapi.pro and apiin.one (which very likely resells it) share: no Cloudflare check, no
 * callbacks, no rate limit the emulator plays, `?task_id=` status reads, `cover...` ids, and one
 * view of a task, where only the date format and the running status differ. The product's
 * counterpart is nodes/MusicCover/providers/coverStatusApi.ts.
 *
 * @typedef {import('../types').Profile} Profile
 * @typedef {import('../types').EmulatorOptions} EmulatorOptions
 * @typedef {Omit<Profile, 'statusIdParam' | 'newCoverId' | 'cloudflare' | 'requireCallBackUrl' | 'rateLimited' | 'sendsCallbacks' | 'signingKeyField' | 'taskNotFound' | 'ok' | 'statusData'>} OwnFields
 */

const { FAILURE_MESSAGE, hex, ok } = require('./common');

/**
 * @param {OwnFields} own what the provider does its own way
 * @param {{ formatDate: (ms: number) => string, runningStatus: (options: EmulatorOptions) => string }} view
 * @returns {Profile}
 */
function coverStatusApiProfile(own, { formatDate, runningStatus }) {
	return {
		...own,
		statusIdParam: 'task_id',
		newCoverId: () => `cover${hex(9)}`,
		cloudflare: false,
		requireCallBackUrl: false,
		rateLimited: false,
		sendsCallbacks: false,
		signingKeyField: null,
		taskNotFound: 'Cover task not found',
		ok,
		statusData: (task, options) => ({
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
		}),
	};
}

module.exports = { coverStatusApiProfile };
