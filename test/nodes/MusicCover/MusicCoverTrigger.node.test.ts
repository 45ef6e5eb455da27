import type { Emulator } from '../../emulator';
import type { WebhookServer } from '../../harness/webhookServer';
import { maxImagesInFlight } from './support';
import { createKieCover, serveTrigger, startSigningEmulator, withServer } from './support/trigger';

describe('Music Cover Trigger receiving kie.ai callbacks sent by the emulator', () => {
	let emulator: Emulator;
	let coverTaskId: string;

	beforeAll(async () => {
		emulator = await startSigningEmulator({ readyAfterMs: 50, callbackDeliveries: 0 });
		coverTaskId = await createKieCover(emulator, 'music-for-trigger');
		await new Promise((resolve) => setTimeout(resolve, 120));
	});
	afterAll(async () => await emulator.stop());

	const trigger = async (
		options: Record<string, unknown>,
		withKey = true,
	): Promise<WebhookServer> =>
		await serveTrigger(emulator, options, withKey ? {} : { webhookHmacKey: '' });

	const cases: Array<[string, number, Record<string, unknown>, boolean]> = [
		['a valid signed callback (data.taskId)', 200, {}, true],
		['a valid signed callback (data.task_id)', 200, { idField: 'task_id' }, true],
		['a callback signed with the wrong key', 401, { key: 'not-the-key' }, false],
		['a stale callback (10 minutes old)', 401, { timestampOffsetSec: -600 }, false],
		['a callback from the future (10 minutes ahead)', 401, { timestampOffsetSec: 600 }, false],
		[
			'a callback without the signature header',
			401,
			{ omitHeaders: ['X-Webhook-Signature'] },
			false,
		],
		[
			'a callback without the timestamp header',
			401,
			{ omitHeaders: ['X-Webhook-Timestamp'] },
			false,
		],
		['an unsigned callback', 401, { sign: false }, false],
	];

	test.each(cases)('%s -> HTTP %i', async (_name, status, callbackOptions, starts) => {
		await withServer(trigger({}), async (server) => {
			const answer = await emulator.sendKieCallback({
				coverTaskId,
				url: `${server.url}/webhook/x/callback`,
				...callbackOptions,
			});
			expect(answer.status).toBe(status);
			expect(server.calls).toHaveLength(1);
			expect(server.calls[0].workflowData !== undefined).toBe(starts);
			if (starts) {
				expect(server.calls[0].workflowData).toEqual([
					[
						{
							json: expect.objectContaining({
								provider: 'kieAi',
								coverTaskId,
								status: 'success',
								images: expect.arrayContaining([expect.stringContaining(coverTaskId)]),
							}),
						},
					],
				]);
			}
		});
	});

	test.each([
		['not JSON', 'text/plain', 'taskId=abc', 'JSON'],
		['broken JSON', 'application/json', '{"code":200,', 'not valid JSON'],
		[
			'no task id',
			'application/json',
			JSON.stringify({ code: 200, data: { images: [] } }),
			'taskId',
		],
		[
			'wrong types',
			'application/json',
			JSON.stringify({ code: 'ok', data: { taskId: 5 } }),
			'code',
		],
		[
			'too large',
			'application/json',
			JSON.stringify({ code: 200, data: { taskId: 'a', images: ['x'.repeat(70_000)] } }),
			'too large',
		],
	])(
		'a body that is %s gets 400 with a reason and starts nothing',
		async (_name, contentType, body, reason) => {
			await withServer(trigger({}), async (server) => {
				const response = await fetch(`${server.url}/webhook/x/callback`, {
					method: 'POST',
					headers: { 'content-type': contentType },
					body,
				});
				expect(response.status).toBe(400);
				expect(((await response.json()) as { error: string }).error).toContain(reason);
				expect(server.calls[0].workflowData).toBeUndefined();
			});
		},
	);

	test('without a signing key an unsigned callback is accepted', async () => {
		await withServer(trigger({}, false), async (server) => {
			const answer = await emulator.sendKieCallback({
				coverTaskId,
				url: `${server.url}/cb`,
				sign: false,
			});
			expect(answer.status).toBe(200);
			expect(server.calls[0].workflowData?.[0][0].json).toMatchObject({
				coverTaskId,
				status: 'success',
			});
		});
	});

	test('a duplicate delivery starts a second execution; Confirm Status gives both the same result from the API', async () => {
		await withServer(trigger({ confirmStatus: true }), async (server) => {
			const forged = ['https://attacker.example/fake.png'];
			await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb`, images: forged });
			await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb` });
			const [first, second] = server.calls.map((call) => call.workflowData?.[0][0].json);
			expect(first).toEqual(second);
			expect(first).toMatchObject({ status: 'success', musicTaskId: 'music-for-trigger' });
			expect(JSON.stringify(first)).not.toContain('attacker');
			expect(server.requests.map((request) => request.url)).toEqual([
				'/api/v1/suno/cover/record-info',
				'/api/v1/suno/cover/record-info',
			]);
		});
	});

	test('a failure callback becomes a failed cover, and Only Successes answers it without starting a run', async () => {
		const plain = await trigger({});
		const onlySuccess = await trigger({ onlySuccess: true });
		try {
			await emulator.sendKieCallback({
				coverTaskId,
				url: `${plain.url}/cb`,
				code: 531,
				msg: 'Generation failed, credits refunded',
			});
			expect(plain.calls[0].workflowData?.[0][0].json).toMatchObject({
				status: 'failed',
				error: {
					code: 531,
					message: expect.stringContaining('(kie.ai: Generation failed, credits refunded)'),
				},
			});
			const answer = await emulator.sendKieCallback({
				coverTaskId,
				url: `${onlySuccess.url}/cb`,
				code: 501,
			});
			expect(answer.status).toBe(200);
			expect(onlySuccess.calls[0].workflowData).toBeUndefined();
		} finally {
			await plain.close();
			await onlySuccess.close();
		}
	});

	test("Download Images attaches the emulator's PNGs as binary data", async () => {
		await withServer(trigger({ download: true }), async (server) => {
			await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb` });
			const item = server.calls[0].workflowData?.[0][0];
			expect(Object.keys(item?.binary ?? {})).toEqual(['cover_1', 'cover_2']);
			expect(Buffer.from(item!.binary!.cover_1.data, 'base64')).toEqual(
				emulator.imageBytes(`${coverTaskId}_1.png`),
			);
		});
	});

	test("Download Images fetches the cover's images together, before kie.ai's 15 s answer deadline runs out", async () => {
		const server = await trigger({ download: true });
		emulator.configure({ imageDelayMs: 150 });
		emulator.requests.length = 0;
		try {
			await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb` });
			const item = server.calls[0].workflowData?.[0][0];
			expect(Object.keys(item?.binary ?? {})).toEqual(['cover_1', 'cover_2']);
			// One after another, one image would be in flight at a time.
			expect(maxImagesInFlight(emulator)).toBe(2);
		} finally {
			emulator.configure({ imageDelayMs: 0 });
			await server.close();
		}
	});
});
