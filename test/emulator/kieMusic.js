// @ts-check
'use strict';

/**
 * kie.ai's MUSIC generation, the step before a cover in the workflows people build: its generate
 * (`POST /api/v1/generate`, https://docs.kie.ai/suno-api/generate-music) and its record
 * (`GET /api/v1/generate/record-info`, https://docs.kie.ai/suno-api/get-music-details). A music
 * task made here is a music task id a cover can name; while it is still running, kie.ai's cover
 * generate refuses it (api.js, ASSUMED: see unfinishedMusic). Music callbacks are not sent by
 * themselves: tests send them on demand (./musicCallbacks.js).
 *
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./internal').MusicTaskRecord} MusicTaskRecord
 * @typedef {import('./types').Profile} Profile
 * @typedef {import('./types').Answer} Answer
 */

const { hex, ok } = require('./profiles/common');
const { requireUrl } = require('./state');

/** The models the page's `model` field lists (V3_5 to V5; V4_5ALL on the current copy). */
const MODELS = ['V3_5', 'V4', 'V4_5', 'V4_5PLUS', 'V4_5ALL', 'V5'];

/**
 * The fields the page marks required whatever the mode: `customMode`, `instrumental` and `model`
 * (docs.kie.ai/suno-api/generate-music: its cURL sample and "Parameter Details"), and `callBackUrl`
 * (required on kie.ai's generate endpoints, reported, PROVIDERS.md; the page's sample sends it).
 */
const ALWAYS_REQUIRED = ['customMode', 'instrumental', 'model', 'callBackUrl'];

/** @param {unknown} value */
const isText = (value) => typeof value === 'string' && value.trim() !== '';

/**
 * The field a generate body misses, as the page's "Parameter Details" say: custom mode needs
 * `style` and `title` (and `prompt` unless instrumental); non-custom mode needs only `prompt`.
 * @param {Record<string, unknown>} body @returns {string | null}
 */
function missingField(body) {
	for (const field of ALWAYS_REQUIRED) {
		const value = body[field];
		if (field === 'customMode' || field === 'instrumental') {
			if (typeof value !== 'boolean') return field;
		} else if (!isText(value)) return field;
	}
	const needed = body.customMode
		? ['style', 'title', ...(body.instrumental ? [] : ['prompt'])]
		: ['prompt'];
	return needed.find((field) => !isText(body[field])) ?? null;
}

/**
 * `POST /api/v1/generate`. A missing field is answered in kie.ai's envelope with code 422, the
 * code kie.ai's pages give a failed validation (seed 004, "422: Validation error"); the wording
 * `<field> is required` is ASSUMED (no page quotes it), except kie.ai's reported "Please enter
 * callBackUrl" (PROVIDERS.md).
 * @param {EmulatorState} state @param {Profile} profile @param {unknown} body @returns {Answer}
 */
function generateMusic(state, profile, body) {
	const fields = /** @type {Record<string, unknown>} */ (
		typeof body === 'object' && body !== null ? body : {}
	);
	const missing = missingField(fields);
	if (missing === 'callBackUrl') return profile.error(422, 'Please enter callBackUrl');
	if (missing) return profile.error(422, `${missing} is required`);
	if (!MODELS.includes(String(fields.model)))
		return profile.error(422, `model must be one of ${MODELS.join(', ')}`);
	const now = Date.now();
	/** @type {MusicTaskRecord} */
	const task = {
		taskId: hex(16),
		param: fields,
		createdAt: now,
		readyAt: now + state.options.kieMusicReadyAfterMs,
	};
	state.musicTasks.set(task.taskId, task);
	return ok({ taskId: task.taskId });
}

/**
 * The record's status now: PENDING, then TEXT_SUCCESS (lyrics), FIRST_SUCCESS (one track), SUCCESS
 * (all), in thirds of kieMusicReadyAfterMs (the page names the statuses, not their timing: ASSUMED).
 * @param {MusicTaskRecord} task @param {number} [now]
 */
function musicStatusOf(task, now = Date.now()) {
	if (now >= task.readyAt) return 'SUCCESS';
	const third = (task.readyAt - task.createdAt) / 3;
	const elapsed = now - task.createdAt;
	return elapsed < third ? 'PENDING' : elapsed < 2 * third ? 'TEXT_SUCCESS' : 'FIRST_SUCCESS';
}

/**
 * `GET /api/v1/generate/record-info?taskId=`: the page's record (camelCase `sunoData` tracks).
 * Tracks before SUCCESS (none, then the first) are ASSUMED: the page shows only a finished record.
 * @param {EmulatorState} state @param {Profile} profile @param {string | null} taskId @returns {Answer}
 */
function musicRecord(state, profile, taskId) {
	if (!taskId) return profile.error(422, 'taskId is required');
	const task = state.musicTasks.get(taskId);
	if (!task) return profile.error(404, profile.taskNotFound);
	const status = musicStatusOf(task);
	const url = requireUrl(state);
	/** @param {number} n */
	const track = (n) => ({
		id: `${taskId}-track-${n}`,
		audioUrl: `${url}/audio/${taskId}_${n}.mp3`,
		streamAudioUrl: `${url}/audio/${taskId}_${n}`,
		imageUrl: `${url}/images/${taskId}_${n}.jpeg`,
		prompt: String(task.param.prompt ?? ''),
		modelName: 'chirp-v3-5',
		title: String(task.param.title ?? ''),
		tags: String(task.param.style ?? ''),
		createTime: new Date(task.createdAt).toISOString().slice(0, 19).replace('T', ' '),
		duration: 198.44,
	});
	const tracks =
		status === 'SUCCESS' ? [track(1), track(2)] : status === 'FIRST_SUCCESS' ? [track(1)] : [];
	return ok({
		taskId,
		parentMusicId: '',
		param: JSON.stringify(task.param),
		response: { taskId, sunoData: tracks },
		status,
		type: 'GENERATE',
		errorCode: null,
		errorMessage: null,
	});
}

/**
 * A cover generate naming a music task made here that is not finished: kie.ai asks for the cover
 * "after music generation is complete" (seed 002) and does not say what it answers otherwise.
 * ASSUMED: code 400 (its "invalid parameters") with this message. Music task ids the emulator did
 * not make (every other test's) are taken as finished music, as before.
 * @param {EmulatorState} state @param {string} musicTaskId @returns {string | null} the refusal
 */
function unfinishedMusic(state, musicTaskId) {
	const task = state.musicTasks.get(musicTaskId);
	if (!task || musicStatusOf(task) === 'SUCCESS') return null;
	return `The music task is not complete yet (status ${musicStatusOf(task)})`;
}

module.exports = { generateMusic, musicRecord, unfinishedMusic, musicStatusOf, MODELS };
