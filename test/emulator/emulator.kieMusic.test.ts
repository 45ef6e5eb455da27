// The emulator's self tests: kie.ai's music generate and music record (kieMusic.js), and a cover
// of the music made there (api.js).
import { useEmulatorUnderTest } from './selfTest';
import type { Emulator } from './types';

const MUSIC_GENERATE = '/api/v1/generate';
const musicRecord = (taskId: string) => `/api/v1/generate/record-info?taskId=${taskId}`;

/** The page's sample request (https://docs.kie.ai/suno-api/generate-music), custom mode. */
const SAMPLE = {
	prompt: 'A calm and relaxing piano track with soft melodies',
	style: 'Classical',
	title: 'Peaceful Piano Meditation',
	customMode: true,
	instrumental: true,
	model: 'V4_5',
	callBackUrl: 'https://api.example.com/callback',
};
/** Non-custom mode: only the prompt besides the fields always required. */
const SIMPLE = {
	prompt: 'A short upbeat synth-pop jingle',
	customMode: false,
	instrumental: false,
	model: 'V4_5',
	callBackUrl: 'https://api.example.com/callback',
};

const without = (body: Record<string, unknown>, field: string) =>
	Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));

describe("provider emulator: kie.ai's music generation", () => {
	const { emulator, call, generate, sleep } = useEmulatorUnderTest();
	let emu: Emulator;
	beforeAll(() => (emu = emulator()));
	beforeEach(() => emu.configure({ kieMusicReadyAfterMs: 1500 }));

	const generateMusic = (body: unknown) => call('kieAi', MUSIC_GENERATE, { body });

	it("answers the page's sample with its envelope, and the record runs PENDING -> SUCCESS with two tracks", async () => {
		const made = await generateMusic(SAMPLE);
		expect(made.status).toBe(200);
		expect(made.json).toEqual({
			code: 200,
			msg: 'success',
			data: { taskId: expect.stringMatching(/^[0-9a-f]{32}$/) },
		});
		const taskId = made.json.data.taskId;
		const early = await call('kieAi', musicRecord(taskId));
		expect(early.json.data).toMatchObject({
			taskId,
			status: 'PENDING',
			type: 'GENERATE',
			response: { taskId, sunoData: [] },
		});
		expect(JSON.parse(early.json.data.param)).toEqual(SAMPLE);
		await sleep(1600);
		const done = await call('kieAi', musicRecord(taskId));
		expect(done.json.code).toBe(200);
		expect(done.json.data.status).toBe('SUCCESS');
		expect(done.json.data.response.sunoData).toHaveLength(2);
		expect(done.json.data.response.sunoData[0]).toMatchObject({
			id: `${taskId}-track-1`,
			title: SAMPLE.title,
			tags: SAMPLE.style,
			audioUrl: expect.stringMatching(/\.mp3$/),
		});
	});

	it.each([
		['no customMode', without(SAMPLE, 'customMode'), 'customMode is required'],
		['no instrumental', without(SIMPLE, 'instrumental'), 'instrumental is required'],
		['no model', without(SIMPLE, 'model'), 'model is required'],
		['an unknown model', { ...SIMPLE, model: 'V9' }, /^model must be one of V3_5, V4, /],
		['no callBackUrl', without(SIMPLE, 'callBackUrl'), 'Please enter callBackUrl'],
		['no prompt (non-custom mode)', without(SIMPLE, 'prompt'), 'prompt is required'],
		['no title (custom mode)', without(SAMPLE, 'title'), 'title is required'],
		['no style (custom mode)', without(SAMPLE, 'style'), 'style is required'],
		[
			'no prompt (custom mode with vocals)',
			without({ ...SAMPLE, instrumental: false }, 'prompt'),
			'prompt is required',
		],
	])('refuses a generate with %s: HTTP 200, code 422 in the body', async (_, body, message) => {
		const refused = await generateMusic(body);
		expect(refused.status).toBe(200);
		expect(refused.json).toEqual({ code: 422, msg: expect.any(String) });
		if (typeof message === 'string') expect(refused.json.msg).toBe(message);
		else expect(refused.json.msg).toMatch(message);
		const log = emu.requests.filter((r) => r.endpoint === 'musicGenerate');
		expect(log.map((r) => r.answer?.code)).toEqual([422]);
	});

	it('takes a custom instrumental without a prompt, and a non-custom one without style or title', async () => {
		expect((await generateMusic(without(SAMPLE, 'prompt'))).json.code).toBe(200);
		expect((await generateMusic(SIMPLE)).json.code).toBe(200);
	});

	it('answers a bad key with 401 and an unknown music task with 404, in the body', async () => {
		const badKey = await call('kieAi', MUSIC_GENERATE, { body: SIMPLE, key: 'wrong' });
		expect(badKey.json).toEqual({ code: 401, msg: 'You do not have access permissions' });
		const unknown = await call('kieAi', musicRecord('0123456789abcdef0123456789abcdef'));
		expect(unknown.json).toEqual({ code: 404, msg: 'Task not found' });
	});

	it('a cover of that music: refused while the music runs (assumed 400), made once it is finished', async () => {
		const musicTaskId = (await generateMusic(SIMPLE)).json.data.taskId;
		const early = await generate('kieAi', musicTaskId);
		expect(early.json).toEqual({
			code: 400,
			msg: expect.stringMatching(/^The music task is not complete yet \(status \w+\)$/),
		});
		expect(emu.findCoverTask('kieAi', musicTaskId)).toBeUndefined();
		await sleep(1600);
		const cover = await generate('kieAi', musicTaskId);
		expect(cover.json.code).toBe(200);
		expect(emu.findCoverTask('kieAi', musicTaskId)?.coverTaskId).toBe(cover.json.data.taskId);
	});
});
