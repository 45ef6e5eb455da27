import { createHmac } from 'node:crypto';

import {
	parseKieCallback,
	signKieCallback,
	SIGNATURE_TOLERANCE_SECONDS,
	verifyKieSignature,
} from '../../../../nodes/MusicCover/providers/kieAiCallback';

const KEY = 'whsec-test-key';
const TASK = '21aee3c3c2a01fa5e030b3799fa4dd56';
const NOW = 1_790_000_000;

describe('verifyKieSignature', () => {
	const signedAt = (offset: number) => String(NOW + offset);
	test.each([
		[
			'a valid signature',
			{ signature: signKieCallback(KEY, TASK, signedAt(0)), timestamp: signedAt(0) },
			true,
			'',
		],
		[
			'a signature 4 minutes old (inside the window)',
			{ signature: signKieCallback(KEY, TASK, signedAt(-240)), timestamp: signedAt(-240) },
			true,
			'',
		],
		[
			'a signature made with another key',
			{ signature: signKieCallback('other-key', TASK, signedAt(0)), timestamp: signedAt(0) },
			false,
			'does not match',
		],
		[
			'a signature for another task id',
			{ signature: signKieCallback(KEY, 'another-task', signedAt(0)), timestamp: signedAt(0) },
			false,
			'does not match',
		],
		[
			'a timestamp changed after signing',
			{ signature: signKieCallback(KEY, TASK, signedAt(0)), timestamp: signedAt(1) },
			false,
			'does not match',
		],
		[
			'a stale timestamp',
			{
				signature: signKieCallback(KEY, TASK, signedAt(-SIGNATURE_TOLERANCE_SECONDS - 1)),
				timestamp: signedAt(-SIGNATURE_TOLERANCE_SECONDS - 1),
			},
			false,
			'too old',
		],
		[
			'a timestamp in the future',
			{
				signature: signKieCallback(KEY, TASK, signedAt(SIGNATURE_TOLERANCE_SECONDS + 1)),
				timestamp: signedAt(SIGNATURE_TOLERANCE_SECONDS + 1),
			},
			false,
			'future',
		],
		[
			'a missing signature header',
			{ signature: undefined, timestamp: signedAt(0) },
			false,
			'missing',
		],
		[
			'a missing timestamp header',
			{ signature: signKieCallback(KEY, TASK, signedAt(0)), timestamp: undefined },
			false,
			'missing',
		],
		[
			'a timestamp that is not unix seconds',
			{ signature: 'x', timestamp: '2026-11-21T10:00:00Z' },
			false,
			'unix seconds',
		],
		[
			'a truncated signature',
			{ signature: signKieCallback(KEY, TASK, signedAt(0)).slice(0, 10), timestamp: signedAt(0) },
			false,
			'does not match',
		],
	])('%s', (_name, headers, valid, reason) => {
		const check = verifyKieSignature({ key: KEY, taskId: TASK, nowSeconds: NOW, ...headers });
		expect(check.valid).toBe(valid);
		if (!check.valid) expect(check.reason).toContain(reason);
	});

	test('the signature is base64 HMAC-SHA256 of "taskId.timestamp", as kie.ai documents', () => {
		const expected = createHmac('sha256', KEY).update(`${TASK}.${NOW}`).digest('base64');
		expect(signKieCallback(KEY, TASK, String(NOW))).toBe(expected);
	});
});

describe('parseKieCallback', () => {
	const images = [
		'https://tempfile.aiquickdraw.com/s/1.png',
		'https://tempfile.aiquickdraw.com/s/2.png',
	];
	test.each([
		[
			'success with data.taskId',
			{ code: 200, msg: 'success', data: { taskId: TASK, images } },
			'success',
			images,
		],
		[
			'success with data.task_id',
			{ code: 200, msg: 'success', data: { task_id: TASK, images } },
			'success',
			images,
		],
	])('%s', (_name, body, status, expectedImages) => {
		const parsed = parseKieCallback(body);
		expect(parsed.ok && parsed.callback).toMatchObject({
			coverTaskId: TASK,
			result: { provider: 'kieAi', coverTaskId: TASK, status, images: expectedImages },
		});
	});

	test.each([501, 531, 400, 408, 500])(
		'failure code %i becomes a failed cover keeping the provider message',
		(code) => {
			const parsed = parseKieCallback({
				code,
				msg: `failure ${code}`,
				data: { taskId: TASK, images: null },
			});
			expect(parsed.ok && parsed.callback.result).toMatchObject({
				status: 'failed',
				images: [],
				error: { code, message: expect.stringContaining(`(kie.ai: failure ${code})`) },
			});
		},
	);

	test.each([
		['no task id', { code: 200, msg: 'success', data: { images } }, 'taskId'],
		[
			'a code that is a string',
			{ code: '200', msg: 'success', data: { taskId: TASK, images } },
			'code',
		],
		[
			'images that are not a list',
			{ code: 200, data: { taskId: TASK, images: 'a.png' } },
			'images',
		],
		['no data', { code: 200, msg: 'success' }, 'data'],
		['a list instead of an object', [1, 2], 'body'],
	])('refuses %s', (_name, body, reason) => {
		const parsed = parseKieCallback(body);
		expect(parsed).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
		expect(parsed.ok === false && parsed.otherTask).toBeFalsy();
	});

	// Shapes of https://docs.kie.ai/suno-api/generate-music-callbacks and its sibling pages.
	const track = { id: 'e231', audio_url: 'https://example.cn/1.mp3', title: 'Iron Man' };
	test.each([
		[
			'text',
			{ code: 200, msg: 'Text done', data: { callbackType: 'text', task_id: TASK, data: [track] } },
		],
		[
			'first',
			{
				code: 200,
				msg: 'First done',
				data: { callbackType: 'first', task_id: TASK, data: [track] },
			},
		],
		[
			'complete',
			{
				code: 200,
				msg: 'All generated successfully.',
				data: { callbackType: 'complete', task_id: TASK, data: [track, track] },
			},
		],
		[
			'error',
			{
				code: 501,
				msg: 'Audio generation failed.',
				data: { callbackType: 'error', task_id: TASK, error: 'failed' },
			},
		],
		['complete, no tracks', { code: 200, data: { callbackType: 'complete', data: [] } }],
		['tracks without a callbackType', { code: 200, data: { task_id: TASK, data: [track] } }],
		[
			'another task type that lists no images (WAV conversion)',
			{
				code: 200,
				msg: 'success',
				data: { task_id: TASK, audio_wav_url: 'https://example.cn/1.wav' },
			},
		],
	])('recognises a callback of another kie.ai task (music %s) as not a cover', (_name, body) => {
		expect(parseKieCallback(body)).toEqual({
			ok: false,
			otherTask: true,
			reason: expect.stringContaining('not a cover callback'),
		});
	});
});
