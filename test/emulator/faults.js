// @ts-check
'use strict';

/**
 * Faults: queued replacements for the next answers matching a provider, an endpoint and maybe a
 * task, oldest first (`injectFault`, `POST /__control/faults`). README.md, "Faults".
 *
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./types').Fault} Fault
 * @typedef {import('./types').Answer} Answer
 * @typedef {import('./internal').Reply} Reply
 */

const { PROVIDER_NAMES } = require('./providers');

const BAD_GATEWAY_HTML = '<html><body><h1>502 Bad Gateway</h1></body></html>';
const ENDPOINTS = [
	'generate',
	'status',
	'credits',
	'musicGenerate',
	'musicStatus',
	'unknown',
	'image',
	'any',
];

/** @param {EmulatorState} state @param {Fault} fault */
function injectFault(state, fault) {
	if (typeof fault !== 'object' || fault === null) throw new TypeError('fault must be an object');
	const providers = [...PROVIDER_NAMES, 'images'];
	if (!providers.includes(fault.provider))
		throw new TypeError(`fault.provider must be one of ${providers.join(', ')}`);
	const codeOk =
		typeof fault.code === 'number'
			? Number.isInteger(fault.code) && fault.code >= 100 && fault.code <= 999
			: ['html', 'reset', 'hang'].includes(fault.code);
	if (!codeOk)
		throw new TypeError(
			`fault.code must be an HTTP-like number, 'html', 'reset' or 'hang', got ${JSON.stringify(fault.code)}`,
		);
	if (fault.endpoint !== undefined && !ENDPOINTS.includes(fault.endpoint))
		throw new TypeError(`fault.endpoint must be one of ${ENDPOINTS.join(', ')}`);
	const times = fault.times ?? 1;
	if (!Number.isInteger(times) || times < 1)
		throw new TypeError('fault.times must be an integer >= 1');
	state.faults.push({ ...fault, endpoint: fault.endpoint ?? 'any', times, remaining: times });
}

/** The faults still queued, each with the answers it will still replace as `times`. @param {EmulatorState} state @returns {Fault[]} */
const pendingFaults = (state) =>
	state.faults.map(({ remaining, ...fault }) => ({ ...fault, times: remaining }));

/** @param {EmulatorState} state */
function clearFaults(state) {
	state.faults.length = 0;
}

/**
 * Takes the oldest queued fault matching this answer, if any.
 * @param {EmulatorState} state @param {string} provider @param {string} endpoint @param {string | null} [taskId]
 */
function takeFault(state, provider, endpoint, taskId = null) {
	const { faults } = state;
	const index = faults.findIndex(
		(f) =>
			f.provider === provider &&
			(f.endpoint === 'any' || f.endpoint === endpoint) &&
			(f.taskId === undefined || f.taskId === taskId),
	);
	if (index < 0) return null;
	const fault = faults[index];
	fault.remaining -= 1;
	if (fault.remaining <= 0) faults.splice(index, 1);
	return fault;
}

/**
 * What a fault answers: nothing ('reset', 'hang'), a 502 page ('html'), or the error `numeric`
 * builds for a code in the format of whoever answers.
 * @param {Fault} fault @param {(code: number, message: string | undefined, httpStatus: number | undefined) => Answer} numeric
 * @returns {Reply}
 */
function faultReply(fault, numeric) {
	if (fault.code === 'reset') return { kind: 'reset' };
	if (fault.code === 'hang') return { kind: 'hang' };
	/** @type {Answer} */
	const answer =
		fault.code === 'html'
			? { status: fault.httpStatus ?? 502, body: BAD_GATEWAY_HTML }
			: numeric(fault.code, fault.message, fault.httpStatus);
	if (fault.retryAfter !== undefined)
		answer.headers = { ...answer.headers, 'Retry-After': String(fault.retryAfter) };
	return answer;
}

module.exports = { injectFault, pendingFaults, clearFaults, takeFault, faultReply };
