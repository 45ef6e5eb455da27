// The emulator's self tests: task lifecycle, planned ready times and the answer log (tasks.js, control.js)
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useEmulatorUnderTest, PATHS } from './selfTest';
import type { Emulator } from './types';

describe('provider emulator', () => {
	const { emulator, call, generate, sleep, eventually } = useEmulatorUnderTest();
	let emu: Emulator;
	beforeAll(() => (emu = emulator()));

	describe('task lifecycle', () => {
		it('kie: successFlag 0 -> 2 -> 1 with two real PNG images', async () => {
			emu.configure({ readyAfterMs: 1000 });
			const id = (await generate('kieAi', 'music-ok')).json.data.taskId as string;
			const flag = async () => (await call('kieAi', PATHS.kieAi.status(id))).json.data;
			expect((await flag()).successFlag).toBe(0);
			await sleep(520);
			expect((await flag()).successFlag).toBe(2);
			await sleep(520);
			const done = await flag();
			expect(done).toMatchObject({ successFlag: 1, parentTaskId: 'music-ok', errorCode: 200 });
			expect(done.response.images).toEqual(emu.imageUrls(id));
			const img = await fetch(done.response.images[0]);
			expect(img.headers.get('content-type')).toBe('image/png');
			const bytes = Buffer.from(await img.arrayBuffer());
			expect(bytes.subarray(0, 8)).toEqual(
				Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			);
			expect(bytes).toEqual(emu.imageBytes(`${id}_1.png`));
			expect(emu.imageBytes(`${id}_1.png`)).not.toEqual(emu.imageBytes(`${id}_2.png`));
			expect((await fetch(`${emu.url}/images/${id}_3.png`)).status).toBe(404);
		});

		it('music ids drive the scenarios (notfound / fail / unknown status)', async () => {
			emu.configure({ readyAfterMs: 0, apiinPendingStatus: 'QUEUED', kieStatusStyle: 'status' });
			expect((await generate('udioApiPro', 'notfound-1')).status).toBe(404);
			const failed = (await generate('kieAi', 'fail-1')).json.data.taskId;
			expect((await call('kieAi', PATHS.kieAi.status(failed))).json.data).toMatchObject({
				status: 'GENERATE_COVER_FAILED',
				errorCode: 501,
				errorMessage: 'Cover generation failed',
				response: { images: null },
			});
			const never = (await generate('apiinOne', 'never-1')).json.data.taskId;
			const status = await call('apiinOne', PATHS.apiinOne.status(never));
			expect(status.json.data).toMatchObject({ status: 'QUEUED', images: null });
			expect(status.json.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
			expect((await call('kieAi', PATHS.kieAi.status('0'.repeat(32)))).json).toEqual({
				code: 404,
				msg: 'Task not found',
			});
		});
	});

	describe('planned ready times (benchmarks)', () => {
		it("a `ready<N>ms` segment of the music id sets that cover's ready time, on every provider", async () => {
			emu.configure({ readyAfterMs: 5000 });
			const before = Date.now();
			await generate('kieAi', 'bench-ready300ms-1');
			await generate('udioApiPro', 'ready600ms');
			await generate('apiinOne', 'plain-ready-300'); // not a `ready<N>ms` segment: the default
			const kie = emu.findCoverTask('kieAi', 'bench-ready300ms-1')!;
			expect(kie.readyAt! - kie.createdAt).toBe(300);
			expect(kie.generatingAt - kie.createdAt).toBe(150);
			expect(kie.createdAt).toBeGreaterThanOrEqual(before);
			const udio = emu.findCoverTask('udioApiPro', 'ready600ms')!;
			expect(udio.readyAt! - udio.createdAt).toBe(600);
			const apiin = emu.findCoverTask('apiinOne', 'plain-ready-300')!;
			expect(apiin.readyAt! - apiin.createdAt).toBe(5000);
			const status = async () =>
				(await call('kieAi', PATHS.kieAi.status(kie.coverTaskId))).json.data.successFlag;
			expect(await status()).toBe(0);
			await sleep(kie.readyAt! - Date.now() + 20);
			expect(await status()).toBe(1);
		});

		it('a `readyat<epoch ms>` segment makes covers created apart ready at the same moment', async () => {
			const at = Date.now() + 400;
			await generate('kieAi', `burst-readyat${at}-1`);
			await sleep(50);
			await generate('kieAi', `burst-readyat${at}-2`);
			await generate('kieAi', `late-readyat${Date.now() - 1000}`);
			expect(emu.findCoverTask('kieAi', `burst-readyat${at}-1`)!.readyAt).toBe(at);
			expect(emu.findCoverTask('kieAi', `burst-readyat${at}-2`)!.readyAt).toBe(at);
			// A moment already past: ready at once, never before its creation.
			const late = emu.listTasks('kieAi').find((t) => t.musicTaskId.startsWith('late-'))!;
			expect(late.readyAt).toBe(late.createdAt);
			expect(late.phase).toBe('success');
		});

		it('`never` and `fail` prefixes still win over a planned time', async () => {
			await generate('kieAi', 'never-ready10ms');
			await generate('kieAi', 'fail-ready10ms');
			await sleep(40);
			expect(emu.findCoverTask('kieAi', 'never-ready10ms')!.phase).toBe('generating');
			expect(emu.findCoverTask('kieAi', 'fail-ready10ms')!.phase).toBe('failed');
		});
	});

	describe('answer log (benchmarks)', () => {
		it('records what each status read showed and when it was answered', async () => {
			emu.configure({ responseDelayMs: 30 });
			const id = (await generate('kieAi', 'log-ready150ms')).json.data.taskId as string;
			await call('kieAi', PATHS.kieAi.status(id));
			await sleep(200);
			await call('kieAi', PATHS.kieAi.status(id));
			await call('kieAi', PATHS.kieAi.status('0'.repeat(32)));
			const reads = emu.requests.filter((r) => r.endpoint === 'status');
			expect(reads.map((r) => [r.answer?.httpStatus, r.answer?.code, r.answer?.phase])).toEqual([
				[200, 200, 'pending'],
				[200, 200, 'success'],
				[200, 404, undefined],
			]);
			for (const r of reads) expect(r.answer!.at - r.at).toBeGreaterThanOrEqual(29);
		});

		it('imageDelayMs holds each image answer, and image requests are logged with their answer', async () => {
			emu.configure({ readyAfterMs: 0, imageDelayMs: 40 });
			const id = (await generate('kieAi', 'log-images')).json.data.taskId as string;
			const answers = await Promise.all(
				[1, 2, 3].map(async (n) => (await fetch(`${emu.url}/images/${id}_${n}.png`)).status),
			);
			expect(answers).toEqual([200, 200, 404]);
			const images = emu.requests.filter((r) => r.endpoint === 'image');
			expect(images.map((r) => r.answer?.httpStatus).sort()).toEqual([200, 200, 404]);
			for (const r of images) expect(r.answer!.at - r.at).toBeGreaterThanOrEqual(39);
		});

		it('records refused creates by their provider code, and faults without a status', async () => {
			emu.configure({ kieRateLimit: { max: 1, windowMs: 10_000 } });
			await generate('kieAi', 'rl-a');
			await generate('kieAi', 'rl-b');
			await generate('udioApiPro', 'dup');
			await generate('udioApiPro', 'dup');
			emu.injectFault({ provider: 'apiinOne', code: 'reset' });
			await expect(generate('apiinOne', 'reset-me')).rejects.toThrow();
			await eventually(() => emu.requests.length === 5 && emu.requests.every((r) => r.answer));
			expect(emu.requests.map((r) => [r.provider, r.answer!.httpStatus, r.answer!.code])).toEqual([
				['kieAi', 200, 200],
				['kieAi', 200, 429],
				['udioApiPro', 200, 200],
				['udioApiPro', 400, 400],
				['apiinOne', null, null],
			]);
			expect(emu.requests[4].answer!.fault).toBe('reset');
		});

		it('records when a callback receiver answered and what it said', async () => {
			const server = http.createServer((req, res) => {
				req.resume();
				req.on('end', () =>
					setTimeout(() => {
						res.writeHead(200, { 'Content-Type': 'application/json' });
						res.end('{"received":true,"resumed":false}');
					}, 150),
				);
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			try {
				const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
				await generate('kieAi', 'cb-ready10ms', { callBackUrl: url });
				await eventually(() => emu.callbacks.length === 1);
				const [cb] = emu.callbacks;
				expect(cb.status).toBe(200);
				expect(cb.answer).toBe('{"received":true,"resumed":false}');
				expect(cb.answeredAt - cb.at).toBeGreaterThanOrEqual(145);
				expect(cb.answeredAt - cb.at).toBeLessThan(1000);
			} finally {
				await new Promise<void>((resolve) => server.close(() => resolve()));
			}
		});
	});
});
