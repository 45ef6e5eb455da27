import {
	PROVIDER_NAMES,
	expectOnePairedItemPerInput,
	generateCovers,
	providerStatusOf,
	requestsTo,
	runNode,
	useEmulator,
	type ProviderName,
} from '../../support';
import { GET_STATUS_CONCURRENCY } from '../../../../../nodes/MusicCover/util/constants';

// Tasks finish only when a test completes them (or far in the future).
const emulator = useEmulator({ readyAfterMs: 60_000 });

const getStatus = (provider: ProviderName, coverTaskId: string) =>
	runNode(emulator, { provider, parameters: { operation: 'getStatus', coverTaskId } });

describe.each(PROVIDER_NAMES)('Get Status on %s', (provider) => {
	test('reads once: pending while running, then success with the images', async () => {
		const [coverTaskId] = await generateCovers(emulator, provider, ['music-1']);
		emulator.requests.length = 0;
		const runningStatus = providerStatusOf(emulator, provider, coverTaskId);

		const running = await getStatus(provider, coverTaskId);
		expect(running.items).toEqual([
			{
				json: expect.objectContaining({
					provider,
					coverTaskId,
					status: 'pending',
					providerStatus: runningStatus,
					images: [],
				}),
				pairedItem: { item: 0 },
			},
		]);
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(1);

		emulator.completeTask(coverTaskId, 'success');
		const done = await getStatus(provider, coverTaskId);
		expect(done.items[0].json).toMatchObject({
			provider,
			coverTaskId,
			status: 'success',
			providerStatus: 'SUCCESS',
			images: emulator.imageUrls(coverTaskId),
			createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/),
		});
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(2);
	});

	test("a failed cover reads as failed with the provider's message", async () => {
		const [coverTaskId] = await generateCovers(emulator, provider, ['fail-1']);
		emulator.completeTask(coverTaskId);
		const result = await getStatus(provider, coverTaskId);
		expect(result.items[0].json).toMatchObject({
			status: 'failed',
			images: [],
			error: { message: 'Cover generation failed' },
		});
	});

	test('a rate-limited status read is retried after Retry-After and then succeeds', async () => {
		const [coverTaskId] = await generateCovers(emulator, provider, ['music-1']);
		emulator.requests.length = 0;
		emulator.injectFault({ provider, endpoint: 'status', code: 429, retryAfter: 0 });
		const result = await getStatus(provider, coverTaskId);
		expect(result.items[0].json).toMatchObject({ coverTaskId, status: 'pending' });
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(2);
	});

	test('an unknown cover task id is a 404 error', async () => {
		const result = await getStatus(provider, 'cover-that-does-not-exist');
		expect(result.error?.message).toMatch(/answered code 404/);
	});

	test('reads each item once, in one output item per input item', async () => {
		const ids = await generateCovers(emulator, provider, ['music-1', 'music-2', 'music-3']);
		emulator.completeTask(ids[1], 'success');
		emulator.requests.length = 0;
		const result = await runNode(emulator, {
			provider,
			parameters: { operation: 'getStatus', coverTaskId: '={{ $json.coverTaskId }}' },
			items: ids.map((coverTaskId) => ({ json: { coverTaskId } })),
		});
		expectOnePairedItemPerInput(result, 3);
		expect(result.items.map((item) => [item.json.coverTaskId, item.json.status])).toEqual([
			[ids[0], 'pending'],
			[ids[1], 'success'],
			[ids[2], 'pending'],
		]);
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(3);
		// One decryption for the run, not one per read.
		expect(result.decrypted).toHaveLength(1);
	});
});

test(`reads up to ${GET_STATUS_CONCURRENCY} covers at once, never more, in item order`, async () => {
	const count = GET_STATUS_CONCURRENCY + 4;
	const covers = await generateCovers(
		emulator,
		'udioApiPro',
		Array.from({ length: count }, (_, index) => `music-${index}`),
	);
	emulator.requests.length = 0;
	// Each answer takes 1 s: a read that waits for a free place goes out 1 s after the first or later.
	emulator.configure({ responseDelayMs: 1000 });
	const result = await runNode(emulator, {
		provider: 'udioApiPro',
		parameters: { operation: 'getStatus', coverTaskId: '={{ $json.coverTaskId }}' },
		items: covers.map((coverTaskId) => ({ json: { coverTaskId } })),
	});
	expect(result.items.map((item) => item.json.coverTaskId)).toEqual(covers);
	const sentAt = requestsTo(emulator, 'udioApiPro', 'status').map((read) => read.at);
	expect(sentAt).toHaveLength(count);
	const first = Math.min(...sentAt);
	expect(sentAt.filter((at) => at - first < 1000)).toHaveLength(GET_STATUS_CONCURRENCY);
}, 15_000);

describe.each(['successFlag', 'status'] as const)(
	'kie.ai record-info with kieStatusStyle %s',
	(kieStatusStyle) => {
		beforeEach(() => {
			emulator.configure({ kieStatusStyle, readyAfterMs: 60_000 });
		});

		test.each([
			{ phase: 'success' as const, status: 'success', providerStatus: 'SUCCESS' },
			{ phase: 'failed' as const, status: 'failed', providerStatus: 'GENERATE_COVER_FAILED' },
		])('a $phase task reads as $status', async ({ phase, status, providerStatus }) => {
			const [coverTaskId] = await generateCovers(emulator, 'kieAi', ['music-1']);
			emulator.completeTask(coverTaskId, phase);
			const result = await getStatus('kieAi', coverTaskId);
			expect(result.items[0].json).toMatchObject({
				status,
				providerStatus,
				musicTaskId: 'music-1',
				completedAt: expect.any(String),
			});
			if (phase === 'failed')
				expect(result.items[0].json.error).toEqual({
					code: 501,
					message: 'Cover generation failed',
				});
		});

		test('a task still generating reads as pending', async () => {
			emulator.configure({ readyAfterMs: 0 });
			const [coverTaskId] = await runNode(emulator, {
				provider: 'kieAi',
				parameters: { operation: 'generate', musicTaskId: 'never-1' },
			}).then((run) => run.items.map((item) => String(item.json.coverTaskId)));
			const result = await getStatus('kieAi', coverTaskId);
			expect(result.items[0].json).toMatchObject({
				status: 'pending',
				providerStatus: kieStatusStyle === 'successFlag' ? 'GENERATING' : 'PENDING',
				images: [],
			});
			expect(result.items[0].json.completedAt).toBeUndefined();
		});
	},
);
