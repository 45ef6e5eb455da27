// The emulator's self tests: injected faults (faults.js)
import { useEmulatorUnderTest, PATHS } from './selfTest';
import type { Emulator } from './types';

describe('provider emulator', () => {
	const { emulator, call, generate } = useEmulatorUnderTest();
	let emu: Emulator;
	beforeAll(() => (emu = emulator()));

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
});
