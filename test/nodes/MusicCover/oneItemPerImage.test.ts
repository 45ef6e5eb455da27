/**
 * Options > One Item per Image: each image of a finished cover becomes its own item, the image in
 * binary `data` (what upload nodes read by default), the cover's fields plus the image's position
 * and URL, paired to its input item. Generate (when it waits), Get Status, Wait for Completion,
 * the trigger, and Wait for Callback (parked, resumed, at the deadline). The real nodes against
 * the emulator.
 */
import type { INodeExecutionData, INodeProperties, IRunExecutionData } from 'n8n-workflow';

import { AWAITING_CALLBACK } from '../../../nodes/MusicCover/callbacks/park';
import { createEmulator, type Emulator } from '../../emulator';
import { musicCoverNode, runMusicCover } from '../../harness/n8nRuntime';
import { serveNodeWebhook, type WebhookServer } from '../../harness/webhookServer';
import { generateCovers, PROVIDER_NAMES, runNode, useEmulator } from './support';

const emulator = useEmulator({ readyAfterMs: 0 });

const dataBytes = (item: INodeExecutionData) =>
	item.binary?.data ? Buffer.from(item.binary.data.data, 'base64') : undefined;

/** What each image item of `coverTaskId` must be, in order. */
function expectImageItems(
	on: Emulator,
	items: INodeExecutionData[],
	coverTaskId: string,
	pairedTo: number,
) {
	const urls = on.imageUrls(coverTaskId);
	expect(items).toHaveLength(urls.length);
	items.forEach((item, position) => {
		expect(item.json).toMatchObject({
			coverTaskId,
			status: 'success',
			images: urls,
			imagePosition: position + 1,
			imageCount: urls.length,
			imageUrl: urls[position],
		});
		expect(Object.keys(item.binary ?? {})).toEqual(['data']);
		expect(dataBytes(item)).toEqual(on.imageBytes(`${coverTaskId}_${position + 1}.png`));
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(item.pairedItem).toEqual({ item: pairedTo });
	});
}

describe.each(PROVIDER_NAMES)('%s', (provider) => {
	test('Generate (Poll Until Done): one item per image, and with Continue On Fail a failed cover and a refused create stay one item each', async () => {
		const result = await runNode(emulator, {
			provider,
			continueOnFail: true,
			parameters: {
				operation: 'generate',
				waitMode: 'poll',
				musicTaskId: '={{ $json.musicTaskId }}',
				options: { pollInterval: 1, oneItemPerImage: true },
			},
			items: ['music-a', 'fail-b', 'notfound-c', 'music-d'].map((musicTaskId) => ({
				json: { musicTaskId },
			})),
		});
		expect(result.error).toBeUndefined();
		const cover = (musicTaskId: string) =>
			emulator.findCoverTask(provider, musicTaskId)!.coverTaskId;
		expect(result.items).toHaveLength(6);
		expectImageItems(emulator, result.items.slice(0, 2), cover('music-a'), 0);
		expect(result.items[2]).toMatchObject({
			json: { coverTaskId: cover('fail-b'), status: 'failed' },
			pairedItem: { item: 1 },
		});
		expect(result.items[2].binary).toBeUndefined();
		expect(result.items[3]).toMatchObject({
			json: { error: expect.stringMatching(/not found/i) },
			pairedItem: { item: 2 },
		});
		expectImageItems(emulator, result.items.slice(4), cover('music-d'), 3);
	});

	test('Get Status and Wait for Completion: one item per image; a pending cover stays one item', async () => {
		const [done, running] = await generateCovers(emulator, provider, ['music-1', 'never-2']);
		for (const operation of ['getStatus', 'waitForCompletion']) {
			const result = await runNode(emulator, {
				provider,
				continueOnFail: true,
				parameters: {
					operation,
					coverTaskId: '={{ $json.coverTaskId }}',
					options: { oneItemPerImage: true, timeout: 10, pollInterval: 1 },
				},
				items: [{ json: { coverTaskId: done } }, { json: { coverTaskId: running } }],
			});
			expect(result.items).toHaveLength(3);
			expectImageItems(emulator, result.items.slice(0, 2), done, 0);
			expect(result.items[2].json.coverTaskId).toBe(running);
			expect(result.items[2].pairedItem).toEqual({ item: 1 });
			expect(result.items[2].binary).toBeUndefined();
		}
	}, 30_000);
});

test('without the option a cover stays one item, its images in cover_1, cover_2 when downloaded', async () => {
	const [done] = await generateCovers(emulator, 'kieAi', ['music-1']);
	const result = await runNode(emulator, {
		provider: 'kieAi',
		parameters: { operation: 'getStatus', coverTaskId: done, options: { download: true } },
	});
	expect(result.items).toHaveLength(1);
	expect(Object.keys(result.items[0].binary ?? {})).toEqual(['cover_1', 'cover_2']);
	expect(result.items[0].json.imagePosition).toBeUndefined();
});

test('Generate that does not wait: the option is not offered there, and the item stays one', async () => {
	const result = await runNode(emulator, {
		provider: 'kieAi',
		parameters: {
			operation: 'generate',
			waitMode: 'noWait',
			musicTaskId: 'music-1',
			options: { oneItemPerImage: true },
		},
	});
	expect(result.items).toHaveLength(1);
	expect(result.items[0].json.status).toBe('pending');
});

describe('the trigger', () => {
	test("a callback starts the workflow with one item per image, each in binary 'data'", async () => {
		const [coverTaskId] = await generateCovers(emulator, 'kieAi', ['music-t']);
		const server = await serveNodeWebhook({
			node: musicCoverNode('musicCoverTrigger', { options: { oneItemPerImage: true } }, [
				'kieAiApi',
			]),
			credentials: {
				kieAiApi: { apiKey: emulator.keys.kieAi, baseUrl: emulator.baseUrls.kieAi },
			},
		});
		try {
			await emulator.sendKieCallback({ coverTaskId, url: `${server.url}/cb`, sign: false });
			const items = server.calls[0].workflowData?.[0] ?? [];
			expect(items.map((item) => item.json.imagePosition)).toEqual([1, 2]);
			items.forEach((item, position) => {
				expect(item.json.imageUrl).toBe(emulator.imageUrls(coverTaskId)[position]);
				expect(dataBytes(item)).toEqual(emulator.imageBytes(`${coverTaskId}_${position + 1}.png`));
			});
		} finally {
			await server.close();
		}
	});
});

/**
 * Not with Wait for Callback: n8n resumes a parked node (callback or deadline) as a disabled
 * pass-through and pairs its output item i with its input item i, so more items than inputs would
 * be paired wrongly. The run keeps one item per input item; Get Status with the option follows.
 */
describe('Wait for Callback (kie.ai)', () => {
	const HMAC_KEY = 'split-key';
	const parameters = {
		provider: 'kieAi',
		operation: 'generate',
		musicTaskId: '={{ $json.musicTaskId }}',
		waitMode: 'callback',
		options: { timeout: 600, oneItemPerImage: true },
	};
	let own: Emulator;
	let server: WebhookServer;
	let parked: IRunExecutionData | null = null;
	const credentials = {
		kieAiApi: { apiKey: 'kie-test-key', baseUrl: '', webhookHmacKey: HMAC_KEY },
	};
	let existing: string;

	beforeEach(async () => {
		own = createEmulator({ readyAfterMs: 300, kieWebhookHmacKey: HMAC_KEY });
		await own.start();
		credentials.kieAiApi.baseUrl = own.baseUrls.kieAi;
		parked = null;
		server = await serveNodeWebhook({
			node: musicCoverNode('musicCover', parameters, ['kieAiApi']),
			credentials,
			runExecutionData: () => parked,
		});
		// A cover finished before the run: Generate meets it as a duplicate, done at once.
		await runMusicCover({
			credentials,
			parameters: { ...parameters, waitMode: 'noWait' },
			items: [{ json: { musicTaskId: 'music-dup' } }],
		});
		existing = own.findCoverTask('kieAi', 'music-dup')!.coverTaskId;
		own.completeTask(existing, 'success');
	});
	afterEach(async () => {
		await server.close();
		await own.stop();
	});

	async function park() {
		const result = await runMusicCover({
			credentials,
			parameters,
			items: [{ json: { musicTaskId: 'music-dup' } }, { json: { musicTaskId: 'music-b' } }],
			webhookWaitingBaseUrl: `${server.url}/webhook-waiting`,
		});
		parked = result.run.data;
		return result;
	}

	const coverFiles = (item: INodeExecutionData) => Object.keys(item.binary ?? {});

	test('stays one item per input item, parked and resumed, even with the option stored: n8n re-pairs a resumed node by position', async () => {
		await park();
		const stack = parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? [];
		expect(stack.map((item) => [item.json.providerStatus, item.pairedItem])).toEqual([
			['SUCCESS', { item: 0 }],
			[AWAITING_CALLBACK, { item: 1 }],
		]);
		for (let round = 0; round < 300 && !server.calls.some((call) => call.workflowData); round++)
			await new Promise((resolve) => setTimeout(resolve, 50));
		const resumed = server.calls.find((call) => call.workflowData)!.workflowData![0];
		expect(
			resumed.map((item) => [item.json.status, item.json.imagePosition, item.pairedItem]),
		).toEqual([
			['success', undefined, { item: 0 }],
			['success', undefined, { item: 1 }],
		]);
		// The option does not download either: Download Images (off here) decides, as without it.
		expect(resumed.map(coverFiles)).toEqual([[], []]);
	});

	test('the editor offers the option only with Poll Until Done', async () => {
		const { MusicCover } = await import('../../../nodes/MusicCover/MusicCover.node');
		const options = new MusicCover().description.properties.filter(
			(property) =>
				property.name === 'options' &&
				property.displayOptions?.show?.operation?.includes('generate'),
		);
		const perImage = options
			.flatMap((collection) => (collection.options ?? []) as INodeProperties[])
			.find((option) => option.name === 'oneItemPerImage');
		expect(perImage?.displayOptions?.show).toEqual({ '/waitMode': ['poll'] });
	});

	test('at the deadline n8n passes the parked items on: one per input item', async () => {
		const result = await park();
		const atDeadline = await runMusicCover({
			credentials,
			parameters,
			items: [],
			parkedRun: JSON.parse(JSON.stringify(result.run.data)) as IRunExecutionData,
		});
		expect(atDeadline.items.map((item) => [item.json.status, item.pairedItem])).toEqual([
			['success', { item: 0 }],
			['pending', { item: 1 }],
		]);
	});
});
