// @ts-check
'use strict';

/**
 * What the profiles share: the messages, the success envelope, the date formats, and the cover
 * task's phase as the profiles read it.
 *
 * @typedef {import('../types').Profile} Profile
 * @typedef {import('../types').CoverTask} CoverTask
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

/** The success envelope of all three: `{"code":200,"msg":"success","data":...}`. @type {Profile['ok']} */
const ok = (data) => ({ status: 200, body: { code: 200, msg: 'success', data } });

/** @param {number} ms */
const iso = (ms) => new Date(ms).toISOString();
/** `2026-01-01 00:00:30` (UTC) @param {number} ms */
const spaced = (ms) => iso(ms).slice(0, 19).replace('T', ' ');
/** `2026-02-24T12:00:30Z` @param {number} ms */
const isoSeconds = (ms) => `${iso(ms).slice(0, 19)}Z`;

/** @param {CoverTask} task */
const isTerminal = (task) => task.phase === 'success' || task.phase === 'failed';

module.exports = {
	COMMON_MESSAGES,
	FAILURE_MESSAGE,
	hex,
	ok,
	iso,
	spaced,
	isoSeconds,
	isTerminal,
};
