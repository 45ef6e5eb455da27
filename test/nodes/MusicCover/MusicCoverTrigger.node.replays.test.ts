import { NodeHelpers, type INodeProperties } from 'n8n-workflow';

import { MusicCoverTrigger } from '../../../nodes/MusicCover/MusicCoverTrigger.node';
import { CALLBACK_CONFIRM_WINDOW_MS } from '../../../nodes/MusicCover/util/constants';
import type { Emulator } from '../../emulator';
import { musicCoverNode } from '../../harness/n8nRuntime';
import { until } from './support';
import { createKieCover, serveTrigger, startSigningEmulator, withServer } from './support/trigger';

describe('Music Cover Trigger: other tasks, a record behind its callback, replays (version 1.2)', () => {
	let emulator: Emulator;

	beforeEach(async () => {
		emulator = await startSigningEmulator({ readyAfterMs: 100, callbackRetries: 0 });
	});
	afterEach(async () => await emulator.stop());

	const trigger = async (options: Record<string, unknown>, typeVersion = 1.2) =>
		await serveTrigger(emulator, options, { typeVersion });
	const createCover = (musicTaskId: string, callBackUrl?: string) =>
		createKieCover(emulator, musicTaskId, callBackUrl);

	/** The unix time a delivery is signed with: the same again makes a replay. */
	const unixNow = () => Math.floor(Date.now() / 1000);
	const recordReads = () => emulator.requests.filter((request) => request.endpoint === 'status');

	test.each(['text', 'first', 'complete', 'error'] as const)(
		'a signed kie.ai music callback (%s) is answered 200 with the reason and starts nothing',
		async (callbackType) => {
			await withServer(trigger({}), async (server) => {
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
			});
		},
	);

	test('version 1.2 confirms by default: a replayed body with other images gives the record', async () => {
		const coverTaskId = await createCover('music-confirm');
		await withServer(trigger({}), async (server) => {
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
		});
	});

	test('version 1.1 keeps trusting the body unless Confirm Status is on', async () => {
		const coverTaskId = await createCover('music-trust');
		await withServer(trigger({}, 1.1), async (server) => {
			await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb`, images: ['x.png'] });
			expect(server.calls[0].workflowData?.[0][0].json).toMatchObject({ images: ['x.png'] });
			expect(recordReads()).toHaveLength(0);
		});
	});

	test.each([
		['Confirm Status by default', {}],
		['Only Successes', { onlySuccess: true }],
	])(
		'a callback ahead of the record (assumed lag 1.5 s): re-read until it shows the cover finished, then one run with success (%s)',
		async (_name, options) => {
			emulator.configure({ kieRecordLagMs: 1500 });
			await withServer(trigger(options), async (server) => {
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
			});
		},
	);

	test('a record that never catches up: re-read for the confirm window, then 503 inside 15 s, no run', async () => {
		const coverTaskId = await createCover('never-finishes');
		await withServer(trigger({ onlySuccess: true }), async (server) => {
			const sent = Date.now();
			const answer = await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb` });
			const took = Date.now() - sent;
			expect(answer.status).toBe(503);
			expect(JSON.parse(answer.body).error).toContain('deliver the callback again');
			expect(server.calls[0].workflowData).toBeUndefined();
			expect(took).toBeGreaterThanOrEqual(CALLBACK_CONFIRM_WINDOW_MS - 1_500);
			expect(took).toBeLessThan(12_000);
			expect(recordReads().length).toBeGreaterThanOrEqual(6);
		});
	}, 20_000);

	test('a replay of an accepted delivery (same task id and timestamp) starts no second run where n8n keeps static data (1.x order); a new delivery does', async () => {
		const coverTaskId = await createCover('music-replay');
		await withServer(trigger({ confirmStatus: false }), async (server) => {
			const delivery = { coverTaskId, url: `${server.url}/cb`, timestamp: unixNow() };
			const first = await emulator.sendKieCallback(delivery);
			const replay = await emulator.sendKieCallback({
				...delivery,
				images: ['https://attacker.example/fake.png'],
			});
			expect([first.status, replay.status]).toEqual([200, 200]);
			expect(server.calls[0].workflowData).toBeDefined();
			expect(server.calls[1].workflowData).toBeUndefined();
			expect(JSON.parse(replay.body)).toMatchObject({ received: true, started: false });
			// A later delivery of the same cover is signed anew (another timestamp): it starts a run.
			await new Promise((resolve) => setTimeout(resolve, 1_100));
			await emulator.sendKieCallback({ coverTaskId, url: delivery.url });
			expect(server.calls[2].workflowData).toBeDefined();
		});
	});

	test('version 1.1 keeps starting a run for each delivery, replays included', async () => {
		const coverTaskId = await createCover('music-replay-old');
		await withServer(trigger({}, 1.1), async (server) => {
			const delivery = { coverTaskId, url: `${server.url}/cb`, timestamp: unixNow() };
			for (let round = 0; round < 2; round++) await emulator.sendKieCallback(delivery);
			expect(server.calls.map((call) => call.workflowData !== undefined)).toEqual([true, true]);
		});
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
