// The emulator's self tests: the providers' API answers: duplicates, request fields, kie.ai's quirks (api.js, providers.js)
import * as http from 'node:http';
import { useEmulatorUnderTest, PATHS } from './selfTest';
import type { Emulator } from './types';

describe('provider emulator', () => {
	const { emulator, call, generate, sleep } = useEmulatorUnderTest();
	let emu: Emulator;
	beforeAll(() => (emu = emulator()));

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
});
