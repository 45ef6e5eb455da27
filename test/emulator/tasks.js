// @ts-check
'use strict';

/**
 * Cover tasks: created by a generate, planned to finish (or not) by their music task id, shown
 * with the phase and images they have at the moment asked. Arming a task's callbacks is
 * ./callbacks.js's part.
 *
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./internal').TaskRecord} TaskRecord
 * @typedef {import('./types').CoverTask} CoverTask
 * @typedef {import('./types').TaskPhase} TaskPhase
 * @typedef {import('./types').ProviderName} ProviderName
 * @typedef {import('./types').Profile} Profile
 */

const { requireUrl } = require('./state');

const IMAGE_COUNT = 2;
/** A music task id segment `ready<N>ms`: the cover is ready N ms after its generate. */
const READY_IN = /(?:^|-)ready(\d{1,9})ms(?:-|$)/;
/** A music task id segment `readyat<epoch ms>`: the cover is ready at that moment (or at once). */
const READY_AT = /(?:^|-)readyat(\d{13})(?:-|$)/;

/** @param {EmulatorState} state @param {string} coverTaskId */
const imageUrls = (state, coverTaskId) =>
	Array.from(
		{ length: IMAGE_COUNT },
		(_, i) => `${requireUrl(state)}/images/${coverTaskId}_${i + 1}.png`,
	);

/**
 * @param {TaskRecord} task
 * @param {number} [now]
 * @param {number} [recordLagMs] how long after readyAt the view shows the task terminal
 * @returns {TaskPhase}
 */
function phaseOf(task, now = Date.now(), recordLagMs = 0) {
	if (task.readyAt !== null && task.outcome !== null && now >= task.readyAt + recordLagMs)
		return task.outcome;
	return now >= task.generatingAt ? 'generating' : 'pending';
}

/**
 * @param {EmulatorState} state @param {TaskRecord} task @param {number} [recordLagMs] see phaseOf
 * @returns {CoverTask}
 */
function snapshot(state, task, recordLagMs = 0) {
	const phase = phaseOf(task, Date.now(), recordLagMs);
	return {
		...task,
		phase,
		images: phase === 'success' && state.baseUrl ? imageUrls(state, task.coverTaskId) : null,
	};
}

/**
 * When a new task turns terminal: `readyAfterMs` after creation, unless the music task id
 * plans it (see READY_IN / READY_AT), which lets a benchmark spread or bunch covers exactly.
 * @param {EmulatorState} state @param {string} musicTaskId @param {number} now
 */
function plannedReadyAt(state, musicTaskId, now) {
	const at = READY_AT.exec(musicTaskId);
	if (at) return Math.max(now, Number(at[1]));
	const after = READY_IN.exec(musicTaskId);
	return now + (after ? Number(after[1]) : state.options.readyAfterMs);
}

/**
 * @param {EmulatorState} state
 * @param {Profile} profile
 * @param {string} musicTaskId
 * @param {string | null} callBackUrl
 * @returns {TaskRecord}
 */
function createTask(state, profile, musicTaskId, callBackUrl) {
	const now = Date.now();
	/** @type {TaskRecord['outcome']} */
	const outcome = musicTaskId.startsWith('fail')
		? 'failed'
		: musicTaskId.startsWith('never')
			? null
			: 'success';
	const readyAt = plannedReadyAt(state, musicTaskId, now);
	/** @type {TaskRecord} */
	const task = {
		provider: profile.name,
		coverTaskId: profile.newCoverId(),
		musicTaskId,
		outcome,
		createdAt: now,
		generatingAt: now + Math.floor((readyAt - now) / 2),
		readyAt: outcome === null ? null : readyAt,
		callBackUrl,
	};
	state.tasks.set(task.coverTaskId, task);
	state.coverByMusic.set(`${profile.name} ${musicTaskId}`, task.coverTaskId);
	return task;
}

/**
 * Makes a task terminal now: the outcome given, else its planned one, else success.
 * @param {EmulatorState} state @param {string} coverTaskId @param {'success' | 'failed'} [outcome]
 * @returns {TaskRecord}
 */
function finishTask(state, coverTaskId, outcome) {
	const task = state.tasks.get(coverTaskId);
	if (!task) throw new Error(`unknown cover task ${coverTaskId}`);
	const now = Date.now();
	task.outcome = outcome ?? task.outcome ?? 'success';
	task.readyAt = now;
	task.generatingAt = Math.min(task.generatingAt, now);
	return task;
}

/** @param {EmulatorState} state @param {ProviderName} provider @param {string} musicTaskId */
const coverIdFor = (state, provider, musicTaskId) =>
	state.coverByMusic.get(`${provider} ${musicTaskId}`);

/** @param {EmulatorState} state @param {string} coverTaskId */
function getCoverTask(state, coverTaskId) {
	const task = state.tasks.get(coverTaskId);
	return task ? snapshot(state, task) : undefined;
}

/** @param {EmulatorState} state @param {ProviderName} [provider] */
function listTasks(state, provider) {
	return [...state.tasks.values()]
		.filter((t) => !provider || t.provider === provider)
		.map((task) => snapshot(state, task));
}

module.exports = {
	IMAGE_COUNT,
	imageUrls,
	phaseOf,
	snapshot,
	createTask,
	finishTask,
	coverIdFor,
	getCoverTask,
	listTasks,
};
