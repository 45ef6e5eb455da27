// @ts-check
'use strict';

/**
 * kie.ai's MUSIC callbacks (generate, extend, upload-and-cover, ...): other task types of the same
 * account, signed with the same key over the music task's id. The trigger must answer and ignore
 * them; tests send them on demand (sendKieMusicCallback, POST /__control/kie/music-callback).
 *
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./types').SendKieMusicCallbackOptions} SendKieMusicCallbackOptions
 * @typedef {import('./types').SendKieCallbackResult} SendKieCallbackResult
 */

const { isLocalUrl } = require('./io');
const { requireUrl } = require('./state');
const { callbackHeaders, signingKey, postAskedCallback } = require('./callbacks');

const CALLBACK_TYPES = ['text', 'first', 'complete', 'error'];

/**
 * The body of a kie.ai music callback, as on
 * https://docs.kie.ai/suno-api/generate-music-callbacks (success `complete`) and
 * https://old-docs.kie.ai/suno-api/upload-and-extend-audio-callbacks (`text` when the lyrics are
 * done, `first` when the first track is, `complete` when all are); the `error` shape
 * (`data.error`, no tracks) is the one on https://docs.kie.ai/suno-api/replace-section-callbacks.
 * @param {EmulatorState} state
 * @param {string} musicTaskId @param {'text' | 'first' | 'complete' | 'error'} callbackType
 */
function musicCallbackBody(state, musicTaskId, callbackType) {
	if (callbackType === 'error')
		return {
			code: 501,
			msg: 'Audio generation failed.',
			data: {
				callbackType,
				task_id: musicTaskId,
				error: 'Generation failed due to technical issues',
			},
		};
	const url = requireUrl(state);
	/** @param {number} n */
	const track = (n) => ({
		id: `${musicTaskId}-track-${n}`,
		audio_url: callbackType === 'text' ? '' : `${url}/audio/${musicTaskId}_${n}.mp3`,
		stream_audio_url: `${url}/audio/${musicTaskId}_${n}`,
		image_url: `${url}/images/${musicTaskId}_${n}.jpeg`,
		prompt: '[Verse] Night city lights shining bright',
		model_name: 'chirp-v3-5',
		title: 'Iron Man',
		tags: 'electrifying, rock',
		createTime: new Date().toISOString().slice(0, 19).replace('T', ' '),
		duration: callbackType === 'text' ? null : 198.44,
	});
	const msg = {
		text: 'Text generation completed successfully.',
		first: 'First audio generated successfully.',
		complete: 'All generated successfully.',
	}[callbackType];
	const tracks = callbackType === 'first' ? [track(1)] : [track(1), track(2)];
	return { code: 200, msg, data: { callbackType, task_id: musicTaskId, data: tracks } };
}

/** @param {EmulatorState} state @param {SendKieMusicCallbackOptions} opts @returns {Promise<SendKieCallbackResult>} */
async function sendKieMusicCallback(state, opts) {
	if (!opts || typeof opts.musicTaskId !== 'string' || opts.musicTaskId === '')
		throw new TypeError('sendKieMusicCallback needs musicTaskId');
	if (typeof opts.url !== 'string' || !isLocalUrl(opts.url))
		throw new Error(`sendKieMusicCallback only posts to 127.0.0.1/localhost, not ${opts.url}`);
	const callbackType = opts.callbackType ?? 'complete';
	if (!CALLBACK_TYPES.includes(callbackType))
		throw new TypeError(`callbackType must be text, first, complete or error, got ${callbackType}`);
	const key = signingKey(state, opts, 'sendKieMusicCallback');
	const body = musicCallbackBody(state, opts.musicTaskId, callbackType);
	const headers = callbackHeaders(opts.musicTaskId, key, opts.timestampOffsetSec);
	return await postAskedCallback(
		state,
		{ coverTaskId: opts.musicTaskId, url: opts.url, signed: key !== null, body },
		headers,
	);
}

module.exports = { sendKieMusicCallback };
