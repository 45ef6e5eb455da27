// @ts-check
'use strict';

/**
 * The one state object the emulator's modules share (its shape: EmulatorState in ./internal.d.ts):
 * options, tasks, logs, faults, rate windows, timers and the server. Each module takes it as its
 * first argument; nothing else holds state.
 *
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./types').EmulatorOptionsInput} EmulatorOptionsInput
 */

const { defaultOptions, mergeOptions } = require('./options');
const { TimerGroup } = require('./io');
const { createOpenAiChat } = require('./openai');

/** @param {EmulatorOptionsInput} [initialOptions] @returns {EmulatorState} */
function createState(initialOptions) {
	const baseline = mergeOptions(defaultOptions(), initialOptions);
	return {
		baseline,
		options: structuredClone(baseline),
		tasks: new Map(),
		musicTasks: new Map(),
		coverByMusic: new Map(),
		requests: [],
		callbacks: [],
		faults: [],
		rateWindows: new Map(),
		ioTimers: new TimerGroup(),
		taskTimers: new TimerGroup(),
		completionTimers: new Map(),
		outgoing: new Set(),
		// The OpenAI-compatible chat model for agent runs (./openai.js).
		openAi: createOpenAiChat(),
		epoch: 0,
		server: null,
		baseUrl: null,
	};
}

/** @param {EmulatorState} state */
function requireUrl(state) {
	if (!state.baseUrl) throw new Error('emulator not started: call start() first');
	return state.baseUrl;
}

module.exports = { createState, requireUrl };
