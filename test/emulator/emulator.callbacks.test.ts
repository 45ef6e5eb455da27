// The emulator's self tests: kie.ai's callbacks: delivery, signing, retries (callbacks.js)
import * as crypto from 'node:crypto';
import { useEmulatorUnderTest, PATHS, withReceiver, type Received } from './selfTest';
import type { Emulator } from './types';

describe('provider emulator', () => {
	const { emulator, call, generate, sleep, eventually } = useEmulatorUnderTest();
	let emu: Emulator;
	beforeAll(() => (emu = emulator()));

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
			await withReceiver([], async (receiver) => {
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
			});
		});

		it('retries a failing receiver and can deliver duplicates with task_id', async () => {
			await withReceiver([500], async (receiver) => {
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
			});
		});

		it('sendKieCallback forges stale, wrongly signed or unsigned callbacks on demand', async () => {
			await withReceiver([401], async (receiver) => {
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
			});
		});

		it('sendKieCallback signs with a given unix time: the same delivery twice, byte for byte', async () => {
			await withReceiver([], async (receiver) => {
				emu.configure({ kieWebhookHmacKey: HMAC_KEY });
				const delivery = {
					coverTaskId: 'e'.repeat(32),
					url: receiver.url,
					timestamp: 1_700_000_000,
				};
				await emu.sendKieCallback(delivery);
				await emu.sendKieCallback(delivery);
				const [first, again] = receiver.received;
				expect(first.headers['x-webhook-timestamp']).toBe('1700000000');
				expect(verify(first)).toBe(true);
				expect(again.headers).toMatchObject({
					'x-webhook-timestamp': '1700000000',
					'x-webhook-signature': first.headers['x-webhook-signature'],
				});
			});
		});

		it('sendKieMusicCallback posts music-task callbacks signed with the same key over data.task_id', async () => {
			await withReceiver([], async (receiver) => {
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
			});
		});

		it('kieRecordLagMs (assumed): record-info shows the cover generating for that long after its callback', async () => {
			await withReceiver([], async (receiver) => {
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
			});
		});

		it('never calls placeholder or remote callback URLs', async () => {
			emu.configure({ readyAfterMs: 0 });
			await generate('kieAi', 'music-remote', { callBackUrl: 'https://example.com/callback' });
			await sleep(50);
			expect(emu.callbacks).toEqual([]);
		});
	});
});
