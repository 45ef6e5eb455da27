import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { MusicCoverTrigger } from '../../../nodes/MusicCover/MusicCoverTrigger.node';
import { signKieCallback } from '../../../nodes/MusicCover/providers/kieAiCallback';
import { CALLBACK_CONFIRM_WINDOW_MS } from '../../../nodes/MusicCover/util/constants';
import { createEmulator, type Emulator } from '../../emulator';
import { musicCoverNode } from '../../harness/n8nRuntime';
import { serveNodeWebhook } from '../../harness/webhookServer';

const HMAC_KEY = 'kie-webhook-hmac-key';

describe('Music Cover Trigger: other tasks, a record behind its callback, replays (version 1.2)', () => {
	let emulator: Emulator;
	const kieAiApi = { apiKey: '', baseUrl: '', webhookHmacKey: HMAC_KEY };

	beforeEach(async () => {
		emulator = createEmulator({
			readyAfterMs: 100,
			kieWebhookHmacKey: HMAC_KEY,
			callbackRetries: 0,
		});
		await emulator.start();
		Object.assign(kieAiApi, { apiKey: emulator.keys.kieAi, baseUrl: emulator.baseUrls.kieAi });
	});
	afterEach(async () => await emulator.stop());

	async function trigger(options: Record<string, unknown>, typeVersion = 1.2) {
		return await serveNodeWebhook({
			node: musicCoverNode('musicCoverTrigger', { options }, ['kieAiApi'], false, typeVersion),
			credentials: { kieAiApi },
		});
	}

	/** A cover created through kie.ai's API, its callback going to `callBackUrl`. */
	async function createCover(musicTaskId: string, callBackUrl = 'https://example.com/none') {
		const created = await fetch(`${emulator.baseUrls.kieAi}/api/v1/suno/cover/generate`, {
			method: 'POST',
			headers: {
				authorization: `Bearer ${emulator.keys.kieAi}`,
				'content-type': 'application/json',
				'user-agent': 'test',
			},
			body: JSON.stringify({ taskId: musicTaskId, callBackUrl }),
		});
		return ((await created.json()) as { data: { taskId: string } }).data.taskId;
	}

	async function until(condition: () => boolean, what: string, timeoutMs = 15_000) {
		const deadline = Date.now() + timeoutMs;
		while (!condition() && Date.now() < deadline)
			await new Promise((resolve) => setTimeout(resolve, 50));
		if (!condition()) throw new Error(`timed out waiting for ${what}`);
	}

	const recordReads = () => emulator.requests.filter((request) => request.endpoint === 'status');

	test.each(['text', 'first', 'complete', 'error'] as const)(
		'a signed kie.ai music callback (%s) is answered 200 with the reason and starts nothing',
		async (callbackType) => {
			const server = await trigger({});
			try {
				const answer = await emulator.sendKieMusicCallback({
					url: `${server.url}/cb`,
					musicTaskId: 'music-task-1',
					callbackType,
				});
				expect(answer.status).toBe(200);
				expect(JSON.parse(answer.body)).toEqual({
					received: true,
					started: false,
					reason: expect.stringContaining('not a cover callback'),
				});
				expect(server.calls[0].workflowData).toBeUndefined();
				expect(recordReads()).toHaveLength(0);
			} finally {
				await server.close();
			}
		},
	);

	test('version 1.2 confirms by default: a replayed body with other images gives the record', async () => {
		const coverTaskId = await createCover('music-confirm');
		const server = await trigger({});
		try {
			await until(() => emulator.getCoverTask(coverTaskId)?.phase === 'success', 'the cover');
			await emulator.sendKieCallback({
				coverTaskId,
				url: `${server.url}/cb`,
				images: ['https://attacker.example/fake.png'],
			});
			expect(server.calls[0].workflowData?.[0][0].json).toMatchObject({
				status: 'success',
				images: emulator.imageUrls(coverTaskId),
			});
			expect(recordReads()).toHaveLength(1);
		} finally {
			await server.close();
		}
	});

	test('version 1.1 keeps trusting the body unless Confirm Status is on', async () => {
		const coverTaskId = await createCover('music-trust');
		const server = await trigger({}, 1.1);
		try {
			await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb`, images: ['x.png'] });
			expect(server.calls[0].workflowData?.[0][0].json).toMatchObject({ images: ['x.png'] });
			expect(recordReads()).toHaveLength(0);
		} finally {
			await server.close();
		}
	});

	test.each([
		['Confirm Status by default', {}],
		['Only Successes', { onlySuccess: true }],
	])(
		'a callback ahead of the record (assumed lag 1.5 s): re-read until it shows the cover finished, then one run with success (%s)',
		async (_name, options) => {
			emulator.configure({ kieRecordLagMs: 1500 });
			const server = await trigger(options);
			try {
				const coverTaskId = await createCover('music-lag', `${server.url}/cb`);
				await until(() => server.calls.length === 1, 'the callback');
				expect(server.calls[0].status).toBe(200);
				expect(server.calls[0].workflowData?.[0][0].json).toMatchObject({
					coverTaskId,
					status: 'success',
					images: emulator.imageUrls(coverTaskId),
				});
				const reads = recordReads();
				expect(reads.length).toBeGreaterThanOrEqual(2);
				expect(reads.map((read) => read.answer?.phase).slice(-1)).toEqual(['success']);
				// Answered well inside kie.ai's 15 s.
				await until(() => emulator.callbacks.length === 1, 'the callback log');
				const [delivery] = emulator.callbacks;
				expect(delivery.answeredAt - delivery.at).toBeLessThan(5_000);
			} finally {
				await server.close();
			}
		},
	);

	test('a record that never catches up: re-read for the confirm window, then 503 inside 15 s, no run', async () => {
		const coverTaskId = await createCover('never-finishes');
		const server = await trigger({ onlySuccess: true });
		try {
			const sent = Date.now();
			const answer = await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb` });
			const took = Date.now() - sent;
			expect(answer.status).toBe(503);
			expect(JSON.parse(answer.body).error).toContain('deliver the callback again');
			expect(server.calls[0].workflowData).toBeUndefined();
			expect(took).toBeGreaterThanOrEqual(CALLBACK_CONFIRM_WINDOW_MS - 1_500);
			expect(took).toBeLessThan(12_000);
			expect(recordReads().length).toBeGreaterThanOrEqual(6);
		} finally {
			await server.close();
		}
	}, 20_000);

	/** The headers of one signed delivery, to send it again byte for byte. */
	function signedHeaders(coverTaskId: string) {
		const timestamp = String(Math.floor(Date.now() / 1000));
		return {
			'X-Webhook-Timestamp': timestamp,
			'X-Webhook-Signature': signKieCallback(HMAC_KEY, coverTaskId, timestamp),
		};
	}

	test('a replay of an accepted delivery (same task id and timestamp) starts no second run where n8n keeps static data (1.x order); a new delivery does', async () => {
		const coverTaskId = await createCover('music-replay');
		const server = await trigger({ confirmStatus: false });
		try {
			const headers = signedHeaders(coverTaskId);
			const url = `${server.url}/cb`;
			const first = await emulator.sendKieCallback({ coverTaskId, url, sign: false, headers });
			const replay = await emulator.sendKieCallback({
				coverTaskId,
				url,
				sign: false,
				headers,
				images: ['https://attacker.example/fake.png'],
			});
			expect([first.status, replay.status]).toEqual([200, 200]);
			expect(server.calls[0].workflowData).toBeDefined();
			expect(server.calls[1].workflowData).toBeUndefined();
			expect(JSON.parse(replay.body)).toMatchObject({ received: true, started: false });
			// A later delivery of the same cover is signed anew (another timestamp): it starts a run.
			await new Promise((resolve) => setTimeout(resolve, 1_100));
			await emulator.sendKieCallback({ coverTaskId, url });
			expect(server.calls[2].workflowData).toBeDefined();
		} finally {
			await server.close();
		}
	});

	test('version 1.1 keeps starting a run for each delivery, replays included', async () => {
		const coverTaskId = await createCover('music-replay-old');
		const server = await trigger({}, 1.1);
		try {
			const headers = signedHeaders(coverTaskId);
			for (let round = 0; round < 2; round++)
				await emulator.sendKieCallback({
					coverTaskId,
					url: `${server.url}/cb`,
					sign: false,
					headers,
				});
			expect(server.calls.map((call) => call.workflowData !== undefined)).toEqual([true, true]);
		} finally {
			await server.close();
		}
	});

	test('Confirm Status renders with its default by version: off up to 1.1, on from 1.2', () => {
		const description = new MusicCoverTrigger().description;
		const options = description.properties.find((property) => property.name === 'options')!
			.options as INodeProperties[];
		const shown = (typeVersion: number) =>
			options.filter(
				(option) =>
					option.name === 'confirmStatus' &&
					NodeHelpers.displayParameter(
						{},
						option,
						musicCoverNode('musicCoverTrigger', {}, [], false, typeVersion),
						description,
					),
			);
		expect(shown(1).map((option) => option.default)).toEqual([false]);
		expect(shown(1.1).map((option) => option.default)).toEqual([false]);
		expect(shown(1.2).map((option) => option.default)).toEqual([true]);
		expect(description.defaultVersion).toBe(1.2);
	});
});
