import * as crypto from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator } from './index';
import type { Emulator, ProviderName } from './types';

const UA = 'emulator-self-test';

/** The three providers' generate/status paths below their base URLs. */
const PATHS: Record<ProviderName, { generate: string; status: (id: string) => string }> = {
	kieAi: {
		generate: '/api/v1/suno/cover/generate',
		status: (id) => `/api/v1/suno/cover/record-info?taskId=${id}`,
	},
	udioApiPro: { generate: '/v2/cover/generate', status: (id) => `/v2/cover/status?task_id=${id}` },
	apiinOne: {
		generate: '/audio/music/cover/generate',
		status: (id) => `/audio/music/cover/status?task_id=${id}`,
	},
};

/** The generate body field each provider's current page names for the music task id. */
const MUSIC_ID_FIELD: Record<ProviderName, string> = {
	kieAi: 'taskId',
	udioApiPro: 'taskId',
	apiinOne: 'task_id',
};

interface Received {
	headers: http.IncomingHttpHeaders;
	body: { code: number; msg: string; data: Record<string, unknown> };
}

/** A local callback receiver answering with the given statuses in turn (then 200). */
async function startReceiver(statuses: number[] = []) {
	const received: Received[] = [];
	const waiters: Array<() => void> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({
				headers: req.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			res.writeHead(statuses.shift() ?? 200, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
			waiters.splice(0).forEach((w) => w());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	const waitFor = async (count: number, timeoutMs = 5000) => {
		const deadline = Date.now() + timeoutMs;
		while (received.length < count) {
			if (Date.now() > deadline) throw new Error(`only ${received.length} callbacks arrived`);
			await new Promise<void>((resolve) => {
				waiters.push(resolve);
				setTimeout(resolve, 50);
			});
		}
		return received;
	};
	const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return { url, received, waitFor, close };
}

describe('provider emulator', () => {
	let emu: Emulator;

	beforeAll(async () => {
		emu = createEmulator({ readyAfterMs: 200, callbackRetryDelayMs: 20 });
		await emu.start();
	});
	afterEach(() => emu.reset());
	afterAll(() => emu.stop());

	const call = async (
		provider: ProviderName,
		path: string,
		init: { body?: unknown; key?: string | null } = {},
	) => {
		const key = init.key === undefined ? emu.keys[provider] : init.key;
		const res = await fetch(`${emu.baseUrls[provider]}${path}`, {
			method: init.body === undefined ? 'GET' : 'POST',
			headers: {
				'User-Agent': UA,
				'Content-Type': 'application/json',
				...(key === null ? {} : { Authorization: `Bearer ${key}` }),
			},
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await res.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, json, text, headers: res.headers };
	};
	const generate = (provider: ProviderName, taskId: string, extra: Record<string, unknown> = {}) =>
		call(provider, PATHS[provider].generate, {
			body: {
				[MUSIC_ID_FIELD[provider]]: taskId,
				...(provider === 'kieAi' ? { callBackUrl: 'https://example.invalid/cb' } : {}),
				...extra,
			},
		});
	const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
	const eventually = async (check: () => boolean, timeoutMs = 3000) => {
		const deadline = Date.now() + timeoutMs;
		while (!check()) {
			if (Date.now() > deadline) throw new Error('condition not met in time');
			await sleep(10);
		}
	};

	describe('duplicate generate', () => {
		it('kie.ai answers HTTP 200 with code 400 and the existing task id (409 when configured)', async () => {
			const first = await generate('kieAi', 'music-dup');
			expect(first.json).toEqual({
				code: 200,
				msg: 'success',
				data: { taskId: expect.stringMatching(/^[0-9a-f]{32}$/) },
			});
			const again = await generate('kieAi', 'music-dup');
			expect(again.status).toBe(200);
			expect(again.json).toEqual({
				code: 400,
				msg: 'Cover record already exists',
				data: { taskId: first.json.data.taskId },
			});
			emu.configure({ kieDuplicateCode: 409 });
			expect((await generate('kieAi', 'music-dup')).json.code).toBe(409);
		});

		it('udioapi.pro answers HTTP 400 without the existing id', async () => {
			const first = await generate('udioApiPro', 'music-dup');
			expect(first.json.data.taskId).toMatch(/^cover[0-9a-f]+$/);
			const again = await generate('udioApiPro', 'music-dup');
			expect(again.status).toBe(400);
			expect(again.json).toEqual({ code: 400, msg: 'Cover already exists for this task' });
		});

		it('apiin.one answers HTTP 400 bad_request', async () => {
			await generate('apiinOne', 'music-dup');
			const again = await generate('apiinOne', 'music-dup');
			expect(again.status).toBe(400);
			expect(again.json).toEqual({
				error: { code: 400, message: 'Cover already generated for this task', type: 'bad_request' },
			});
		});

		it('keeps providers apart: the same music id is new on each provider', async () => {
			for (const provider of ['kieAi', 'udioApiPro', 'apiinOne'] as const) {
				expect((await generate(provider, 'music-shared')).json.code).toBe(200);
			}
		});
	});

	describe('apiin.one reads the music task id from one body field (apiinTaskIdField)', () => {
		const invalidParams = (field: string) => ({
			error: { code: 400, message: `${field} is required`, type: 'bad_request' },
		});

		it.each([
			['task_id', 'taskId'],
			['taskId', 'task_id'],
		] as const)(
			'%s: that spelling creates the cover, the other one alone is refused',
			async (field, other) => {
				emu.configure({ apiinTaskIdField: field });
				const refused = await call('apiinOne', PATHS.apiinOne.generate, {
					body: { [other]: 'music-other' },
				});
				expect(refused.status).toBe(400);
				expect(refused.json).toEqual(invalidParams(field));
				expect(emu.findCoverTask('apiinOne', 'music-other')).toBeUndefined();
				const created = await call('apiinOne', PATHS.apiinOne.generate, {
					body: { [field]: 'music-own' },
				});
				expect(created.json).toEqual({
					code: 200,
					msg: 'success',
					data: { taskId: emu.findCoverTask('apiinOne', 'music-own')?.coverTaskId },
				});
				const both = await call('apiinOne', PATHS.apiinOne.generate, {
					body: { [field]: 'music-both', [other]: 'music-ignored' },
				});
				expect(both.json.code).toBe(200);
				expect(emu.findCoverTask('apiinOne', 'music-both')).toBeDefined();
				expect(emu.findCoverTask('apiinOne', 'music-ignored')).toBeUndefined();
			},
		);

		it('defaults to task_id (the current pages) and refuses any other value', () => {
			expect(emu.options.apiinTaskIdField).toBe('task_id');
			expect(() => emu.configure({ apiinTaskIdField: 'id' as never })).toThrow(
				/apiinTaskIdField must be one of/,
			);
		});
	});

	describe('kie.ai quirks', () => {
		it('answers a bad key with HTTP 200 and code 401 in the body', async () => {
			const res = await call('kieAi', '/api/v1/chat/credit', { key: 'wrong' });
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ code: 401, msg: 'You do not have access permissions' });
			const logged = emu.requests[emu.requests.length - 1];
			expect(logged).toMatchObject({ provider: 'kieAi', endpoint: 'credits', authorized: false });
			expect(logged.headers.authorization).toBe('Bearer ***');
		});

		it('answers validation errors with HTTP 200 too', async () => {
			const res = await call('kieAi', PATHS.kieAi.generate, { body: { taskId: 'music-1' } });
			expect(res.status).toBe(200);
			expect(res.json).toEqual({ code: 422, msg: 'Please enter callBackUrl' });
		});

		it('other providers use the HTTP status for errors', async () => {
			const udio = await call('udioApiPro', '/v2/credits', { key: null });
			expect(udio.status).toBe(401);
			expect(udio.json).toEqual({
				code: 401,
				message: 'No API key provided in Authorization header',
			});
			const apiin = await call('apiinOne', PATHS.apiinOne.status('cover-nope'), {
				key: 'aio_wrong',
			});
			expect(apiin.status).toBe(401);
			expect(apiin.json.error.type).toBe('authentication_error');
		});

		it('gives a request without User-Agent a bare Cloudflare 403 page', async () => {
			const { status, text } = await new Promise<{ status: number; text: string }>(
				(resolve, reject) => {
					const req = http.request(`${emu.baseUrls.kieAi}/api/v1/chat/credit`, {
						headers: { Authorization: `Bearer ${emu.keys.kieAi}` },
					});
					req.on('response', (res) => {
						let body = '';
						res.on('data', (c) => (body += c));
						res.on('end', () => resolve({ status: res.statusCode ?? 0, text: body }));
					});
					req.on('error', reject);
					req.end();
				},
			);
			expect(status).toBe(403);
			expect(text).toContain('error code: 1010');
		});

		/** A generate kie.ai refuses as too frequent: HTTP 200, the code in the body, no task. */
		const expectKieRefused = async (musicTaskId: string, code: 429 | 430) => {
			const limited = await generate('kieAi', musicTaskId);
			expect(limited.status).toBe(200);
			expect(limited.json).toEqual({
				code,
				msg: 'Your call frequency is too high. Please try again later.',
			});
			expect(emu.findCoverTask('kieAi', musicTaskId)).toBeUndefined();
		};

		it('rate-limits generate per key in a sliding window (dropped, not queued)', async () => {
			emu.configure({ kieRateLimit: { max: 2, windowMs: 300 } });
			expect((await generate('kieAi', 'rl-1')).json.code).toBe(200);
			expect((await generate('kieAi', 'rl-2')).json.code).toBe(200);
			await expectKieRefused('rl-3', 429);
			await sleep(320);
			expect((await generate('kieAi', 'rl-3')).json.code).toBe(200);
		});

		it('with kieRateLimit.code 430 (sibling pages of its doc family), refuses with 430 instead, HTTP 200', async () => {
			emu.configure({ kieRateLimit: { max: 1, windowMs: 10_000, code: 430 } });
			expect((await generate('kieAi', 'rl-1')).json.code).toBe(200);
			await expectKieRefused('rl-2', 430);
			expect(() => emu.configure({ kieRateLimit: { code: 431 as 430 } })).toThrow(
				/kieRateLimit.code must be one of \[429,430\]/,
			);
		});

		it('a 430 fault answers in kie.ai\'s body-code format: HTTP 200, code 430, "call frequency too high"', async () => {
			emu.injectFault({ provider: 'kieAi', endpoint: 'generate', code: 430 });
			await expectKieRefused('rl-fault', 430);
		});
	});

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

	describe('faults', () => {
		it('are consumed in order, per provider and endpoint', async () => {
			emu.injectFault({ provider: 'udioApiPro', endpoint: 'credits', code: 429, retryAfter: 7 });
			emu.injectFault({ provider: 'udioApiPro', code: 'html' });
			emu.injectFault({ provider: 'udioApiPro', endpoint: 'credits', code: 402, times: 2 });
			emu.injectFault({ provider: 'kieAi', code: 455 });

			const first = await call('udioApiPro', '/v2/credits');
			expect(first.status).toBe(429);
			expect(first.headers.get('retry-after')).toBe('7');
			expect(first.json).toEqual({
				code: 429,
				msg: 'Rate limit exceeded. Please try again later.',
			});
			const second = await call('udioApiPro', '/v2/credits');
			expect(second.status).toBe(502);
			expect(second.text).toBe('<html><body><h1>502 Bad Gateway</h1></body></html>');
			for (let i = 0; i < 2; i++) {
				const res = await call('udioApiPro', '/v2/credits');
				expect(res.status).toBe(402);
				expect(res.json).toEqual({ code: 402, message: 'Insufficient balance, please recharge' });
			}
			expect((await call('udioApiPro', '/v2/credits')).json.data).toEqual({
				credits: 195,
				used_credits: 5,
			});

			const kie = await call('kieAi', '/api/v1/chat/credit');
			expect(kie.status).toBe(200);
			expect(kie.json).toEqual({ code: 455, msg: 'System maintenance' });
			expect((await call('kieAi', '/api/v1/chat/credit')).json).toEqual({
				code: 200,
				msg: 'success',
				data: 100,
			});
			expect(emu.pendingFaults()).toEqual([]);
		});

		it("'reset' destroys the socket", async () => {
			emu.injectFault({ provider: 'apiinOne', endpoint: 'status', code: 'reset' });
			await expect(call('apiinOne', PATHS.apiinOne.status('cover1'))).rejects.toThrow();
			expect((await call('apiinOne', PATHS.apiinOne.status('cover1'))).status).toBe(404);
		});

		it('can be queued over the control API', async () => {
			const post = await fetch(`${emu.url}/__control/faults`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({
					provider: 'apiinOne',
					endpoint: 'generate',
					code: 500,
					message: 'boom',
				}),
			});
			expect(post.status).toBe(200);
			const res = await generate('apiinOne', 'music-x');
			expect(res.status).toBe(500);
			expect(res.json).toEqual({ error: { code: 500, message: 'boom', type: 'server_error' } });
			const log = (await (
				await fetch(`${emu.url}/__control/requests?provider=apiinOne`)
			).json()) as unknown[];
			expect(log).toHaveLength(1);
		});
	});

	describe('kie.ai callbacks', () => {
		const HMAC_KEY = 'test-hmac-key';
		const verify = (r: Received, key = HMAC_KEY) => {
			const taskId = String(r.body.data.taskId ?? r.body.data.task_id);
			const timestamp = String(r.headers['x-webhook-timestamp']);
			const expected = crypto.createHmac('sha256', key).update(`${taskId}.${timestamp}`).digest();
			const given = Buffer.from(String(r.headers['x-webhook-signature'] ?? ''), 'base64');
			return given.length === expected.length && crypto.timingSafeEqual(given, expected);
		};

		it('posts a signed callback when the task finishes, and the signature verifies', async () => {
			const receiver = await startReceiver();
			try {
				emu.configure({ kieWebhookHmacKey: HMAC_KEY, readyAfterMs: 50 });
				const id = (await generate('kieAi', 'music-cb', { callBackUrl: receiver.url })).json.data
					.taskId;
				const [cb] = await receiver.waitFor(1);
				expect(cb.body).toEqual({
					code: 200,
					msg: 'success',
					data: { taskId: id, images: emu.imageUrls(id) },
				});
				expect(
					Math.abs(Number(cb.headers['x-webhook-timestamp']) - Date.now() / 1000),
				).toBeLessThan(5);
				expect(verify(cb)).toBe(true);
				expect(verify(cb, 'another-key')).toBe(false);
				await eventually(() => emu.callbacks.length === 1);
				expect(emu.callbacks).toEqual([
					expect.objectContaining({ coverTaskId: id, status: 200, signed: true, attempt: 1 }),
				]);
			} finally {
				await receiver.close();
			}
		});

		it('retries a failing receiver and can deliver duplicates with task_id', async () => {
			const receiver = await startReceiver([500]);
			try {
				emu.configure({ readyAfterMs: 0, callbackDeliveries: 2, kieCallbackIdField: 'task_id' });
				const id = (await generate('kieAi', 'fail-cb', { callBackUrl: receiver.url })).json.data
					.taskId;
				const got = await receiver.waitFor(3);
				expect(got.map((r) => r.body)).toEqual(
					Array(3).fill({
						code: 501,
						msg: 'Cover generation failed',
						data: { task_id: id, images: null },
					}),
				);
				expect(got[0].headers['x-webhook-signature']).toBeUndefined();
				await eventually(() => emu.callbacks.length === 3);
				expect(emu.callbacks.map((c) => [c.delivery, c.attempt, c.status])).toEqual([
					[1, 1, 500],
					[1, 2, 200],
					[2, 1, 200],
				]);
			} finally {
				await receiver.close();
			}
		});

		it('sendKieCallback forges stale, wrongly signed or unsigned callbacks on demand', async () => {
			const receiver = await startReceiver([401]);
			try {
				emu.configure({ kieWebhookHmacKey: HMAC_KEY });
				const forged = await emu.sendKieCallback({
					coverTaskId: 'a'.repeat(32),
					url: receiver.url,
					key: 'forged',
				});
				expect(forged.status).toBe(401);
				const stale = await emu.sendKieCallback({
					coverTaskId: 'b'.repeat(32),
					url: receiver.url,
					timestampOffsetSec: -3600,
				});
				expect(stale.status).toBe(200);
				await emu.sendKieCallback({
					coverTaskId: 'c'.repeat(32),
					url: receiver.url,
					omitHeaders: ['X-Webhook-Signature'],
				});
				const [r1, r2, r3] = receiver.received;
				expect(verify(r1)).toBe(false);
				expect(verify(r2)).toBe(true);
				expect(Number(r2.headers['x-webhook-timestamp'])).toBeLessThan(Date.now() / 1000 - 3500);
				expect(r3.headers['x-webhook-timestamp']).toBeDefined();
				expect(r3.headers['x-webhook-signature']).toBeUndefined();
				await expect(
					emu.sendKieCallback({ coverTaskId: 'd', url: 'https://example.com/hook' }),
				).rejects.toThrow(/127\.0\.0\.1/);
			} finally {
				await receiver.close();
			}
		});

		it('sendKieMusicCallback posts music-task callbacks signed with the same key over data.task_id', async () => {
			const receiver = await startReceiver();
			try {
				emu.configure({ kieWebhookHmacKey: HMAC_KEY });
				for (const callbackType of ['text', 'first', 'complete', 'error'] as const)
					await emu.sendKieMusicCallback({
						url: receiver.url,
						musicTaskId: 'music-1',
						callbackType,
					});
				const got = receiver.received;
				expect(
					got.map((r) => [r.body.code, r.body.data.callbackType, r.body.data.task_id]),
				).toEqual([
					[200, 'text', 'music-1'],
					[200, 'first', 'music-1'],
					[200, 'complete', 'music-1'],
					[501, 'error', 'music-1'],
				]);
				expect(got.map((r) => (r.body.data.data as unknown[] | undefined)?.length)).toEqual([
					2,
					1,
					2,
					undefined,
				]);
				expect(got.every((r) => verify(r))).toBe(true);
				expect(got.some((r) => 'taskId' in r.body.data || 'images' in r.body.data)).toBe(false);
				const viaControl = await fetch(`${emu.url}/__control/kie/music-callback`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ url: receiver.url, musicTaskId: 'music-2' }),
				});
				expect(((await viaControl.json()) as { status: number }).status).toBe(200);
				expect(receiver.received[4].body.data).toMatchObject({
					callbackType: 'complete',
					task_id: 'music-2',
				});
				expect(emu.callbacks.map((c) => [c.coverTaskId, c.manual])).toHaveLength(5);
			} finally {
				await receiver.close();
			}
		});

		it('kieRecordLagMs (assumed): record-info shows the cover generating for that long after its callback', async () => {
			const receiver = await startReceiver();
			try {
				emu.configure({ readyAfterMs: 50, kieRecordLagMs: 600 });
				const id = (await generate('kieAi', 'music-lag', { callBackUrl: receiver.url })).json.data
					.taskId;
				await receiver.waitFor(1);
				const during = await call('kieAi', PATHS.kieAi.status(id));
				expect(during.json.data).toMatchObject({ successFlag: 2, response: { images: null } });
				await sleep(650);
				const after = await call('kieAi', PATHS.kieAi.status(id));
				expect(after.json.data).toMatchObject({
					successFlag: 1,
					response: { images: emu.imageUrls(id) },
				});
			} finally {
				await receiver.close();
			}
		});

		it('never calls placeholder or remote callback URLs', async () => {
			emu.configure({ readyAfterMs: 0 });
			await generate('kieAi', 'music-remote', { callBackUrl: 'https://example.com/callback' });
			await sleep(50);
			expect(emu.callbacks).toEqual([]);
		});
	});
});
