import {
	PROVIDER_NAMES,
	expectOnePairedItemPerInput,
	generateCovers,
	requestsTo,
	runNode,
	statusReadIds,
	statusReadsReached,
	useEmulator,
	type ProviderName,
} from '../../support';

const emulator = useEmulator({ readyAfterMs: 300 });

const waitFor = (
	provider: ProviderName,
	coverTaskIds: string[],
	extra: { continueOnFail?: boolean; options?: object; cancelAfterMs?: number } = {},
) =>
	runNode(emulator, {
		provider,
		continueOnFail: extra.continueOnFail,
		cancelAfterMs: extra.cancelAfterMs,
		parameters: {
			operation: 'waitForCompletion',
			coverTaskId: '={{ $json.coverTaskId }}',
			options: { pollInterval: 1, ...extra.options },
		},
		items: coverTaskIds.map((coverTaskId) => ({ json: { coverTaskId } })),
	});

describe.each(PROVIDER_NAMES)('Wait for Completion on %s', (provider) => {
	test('waits for several items at once: every round reads every unfinished cover, one output item per input', async () => {
		emulator.configure({ readyAfterMs: 60_000 });
		const ids = await generateCovers(emulator, provider, [
			'music-1',
			'music-2',
			'music-3',
			'fail-4',
		]);
		emulator.completeTask(ids[3]);
		emulator.requests.length = 0;

		const waiting = waitFor(provider, ids);
		// After the first round, the other three finish before the second.
		await statusReadsReached(emulator, provider, 4);
		for (const id of ids.slice(0, 3)) emulator.completeTask(id, 'success');
		const result = await waiting;

		expect(result.error).toBeUndefined();
		expectOnePairedItemPerInput(result, 4);
		ids.slice(0, 3).forEach((coverTaskId, index) => {
			expect(result.items[index].json).toMatchObject({
				coverTaskId,
				status: 'success',
				images: emulator.imageUrls(coverTaskId),
			});
		});
		expect(result.items[3].json).toMatchObject({
			coverTaskId: ids[3],
			status: 'failed',
			error: { message: 'Cover generation failed' },
		});
		// Round 1 reads all four (three still pending); round 2 reads the three unfinished ones
		// together: not one cover after another, and the finished one is not read again.
		const reads = statusReadIds(emulator, provider);
		expect(reads).toHaveLength(7);
		expect([reads.slice(0, 4).sort(), reads.slice(4).sort()]).toEqual([
			[...ids].sort(),
			ids.slice(0, 3).sort(),
		]);
	});

	test('with Continue On Fail, an unknown cover becomes an error item and the others are still awaited', async () => {
		emulator.configure({ readyAfterMs: 0 });
		const [known] = await generateCovers(emulator, provider, ['music-1']);
		const result = await waitFor(provider, ['cover-unknown', known], { continueOnFail: true });
		expectOnePairedItemPerInput(result, 2);
		expect(result.items[0].json.error).toMatch(/answered code 404/);
		expect(result.items[1].json).toMatchObject({ coverTaskId: known, status: 'success' });
		expect(statusReadIds(emulator, provider).filter((id) => id === 'cover-unknown')).toHaveLength(
			1,
		);
	});

	test('without Continue On Fail, an unknown cover fails the run', async () => {
		emulator.configure({ readyAfterMs: 0 });
		const [known] = await generateCovers(emulator, provider, ['music-1']);
		const result = await waitFor(provider, [known, 'cover-unknown']);
		expect(result.error?.message).toMatch(/answered code 404/);
		expect(result.items).toEqual([]);
	});
});

// The poller's round logic is the same for every provider; these run once, on udioapi.pro.
test('keeps waiting through a provider error that outlasts the transport retries, then succeeds', async () => {
	const [coverTaskId] = await generateCovers(emulator, 'udioApiPro', ['music-1']);
	emulator.requests.length = 0;
	emulator.injectFault({
		provider: 'udioApiPro',
		endpoint: 'status',
		code: 500,
		retryAfter: 0,
		times: 3,
	});
	const result = await waitFor('udioApiPro', [coverTaskId]);
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({ status: 'success' });
	// Three failed attempts in round 1, the successful read in round 2.
	expect(statusReadIds(emulator, 'udioApiPro')).toEqual([
		coverTaskId,
		coverTaskId,
		coverTaskId,
		coverTaskId,
	]);
});

test('cancelling the execution stops the wait at once, without further status reads', async () => {
	const [coverTaskId] = await generateCovers(emulator, 'udioApiPro', ['never-1']);
	emulator.requests.length = 0;
	const result = await waitFor('udioApiPro', [coverTaskId], { cancelAfterMs: 300 });

	// Reported as a cancel (n8n's status), not as a provider failure, and no item claims a result.
	expect(result.run.status).toBe('canceled');
	expect(result.error?.name).not.toBe('NodeApiError');
	expect(result.items).toEqual([]);
	// At most the one round before the cancel; the full wait would have read for ten minutes.
	const readsAtEnd = requestsTo(emulator, 'udioApiPro', 'status').length;
	expect(readsAtEnd).toBeLessThanOrEqual(1);
	// Past the 1 s pause the poller would have ended in: nothing polls after the run ended.
	await new Promise((resolve) => setTimeout(resolve, 1200));
	expect(requestsTo(emulator, 'udioApiPro', 'status')).toHaveLength(readsAtEnd);
});

test('apiin.one: an undocumented running status (QUEUED) is treated as pending until success', async () => {
	emulator.configure({ apiinPendingStatus: 'QUEUED', readyAfterMs: 60_000 });
	const [coverTaskId] = await generateCovers(emulator, 'apiinOne', ['music-1']);
	emulator.requests.length = 0;

	const waiting = waitFor('apiinOne', [coverTaskId]);
	await statusReadsReached(emulator, 'apiinOne', 1);
	emulator.completeTask(coverTaskId, 'success');
	const result = await waiting;

	expect(result.items[0].json).toMatchObject({
		status: 'success',
		providerStatus: 'SUCCESS',
		images: emulator.imageUrls(coverTaskId),
	});
	// The QUEUED answer did not end the wait: a second read was needed.
	expect(statusReadIds(emulator, 'apiinOne')).toEqual([coverTaskId, coverTaskId]);
});

test('apiin.one: Get Status reports the undocumented running status as pending', async () => {
	emulator.configure({ apiinPendingStatus: 'QUEUED', readyAfterMs: 60_000 });
	const [coverTaskId] = await generateCovers(emulator, 'apiinOne', ['music-1']);
	const result = await runNode(emulator, {
		provider: 'apiinOne',
		parameters: { operation: 'getStatus', coverTaskId },
	});
	expect(result.items[0].json).toMatchObject({ status: 'pending', providerStatus: 'QUEUED' });
});
