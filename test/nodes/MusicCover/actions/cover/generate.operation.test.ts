import { PROVIDERS } from '../../../../../nodes/MusicCover/providers';
import { KIE_PLACEHOLDER_CALLBACK_URL } from '../../../../../nodes/MusicCover/providers/kieAi';
import { FIRST_READ_AFTER_START_FACTOR } from '../../../../../nodes/MusicCover/util/constants';
import {
	DISPLAY_NAME,
	PROVIDER_NAMES,
	expectOnePairedItemPerInput,
	generateCovers,
	inputItems,
	requestsTo,
	runNode,
	useEmulator,
} from '../../support';

const emulator = useEmulator({ readyAfterMs: 200 });

const generate = (parameters: Record<string, unknown> = {}) => ({
	operation: 'generate',
	musicTaskId: 'music-1',
	...parameters,
});
const poll = { waitMode: 'poll', options: { pollInterval: 1 } };

/** Providers that refuse a repeated generate without the existing cover's id: a repeat is not free. */
const WITHOUT_EXISTING_ID = PROVIDER_NAMES.filter(
	(provider) => !PROVIDERS[provider].duplicateReturnsExistingId,
);

describe.each(PROVIDER_NAMES)('Generate on %s', (provider) => {
	test("Don't Wait returns the new cover task id, pending", async () => {
		const result = await runNode(emulator, {
			provider,
			parameters: generate({ waitMode: 'noWait' }),
		});
		const task = emulator.findCoverTask(provider, 'music-1');
		expect(task).toBeDefined();
		expect(result.items).toEqual([
			{
				json: {
					provider,
					coverTaskId: task?.coverTaskId,
					musicTaskId: 'music-1',
					status: 'pending',
					providerStatus: 'CREATED',
					images: [],
					// When the cover started: a Wait for Completion that follows reads it no sooner.
					createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				},
				pairedItem: { item: 0 },
			},
		]);
		const [sent] = requestsTo(emulator, provider, 'generate');
		expect(sent.body).toMatchObject({ taskId: 'music-1' });
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(0);
	});

	test(`Poll Until Done reads first ${FIRST_READ_AFTER_START_FACTOR} Poll Intervals after the create, then returns success with the two image URLs`, async () => {
		// Ready half an interval after the first read: still pending at it, finished at the next.
		const intervalMs = poll.options.pollInterval * 1000;
		const firstReadMs = FIRST_READ_AFTER_START_FACTOR * intervalMs;
		emulator.configure({ readyAfterMs: firstReadMs + intervalMs / 2 });
		const result = await runNode(emulator, { provider, parameters: generate(poll) });
		const coverTaskId = emulator.findCoverTask(provider, 'music-1')?.coverTaskId as string;
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			provider,
			coverTaskId,
			musicTaskId: 'music-1',
			status: 'success',
			providerStatus: 'SUCCESS',
			images: emulator.imageUrls(coverTaskId),
		});
		expect(result.items[0].json.images).toHaveLength(2);
		expect(result.items[0].binary).toBeUndefined();
		// No read right after the create, nor before the factor's intervals have passed (the node
		// takes the start from the create's answer, which comes after the emulator logged the create).
		const [created] = requestsTo(emulator, provider, 'generate');
		const reads = requestsTo(emulator, provider, 'status');
		expect(reads[0].at - created.at).toBeGreaterThanOrEqual(firstReadMs);
		expect(reads.map((read) => read.answer?.phase)).toEqual(['generating', 'success']);
	});

	test('Poll Until Done for several items: one success per item, each paired with its input', async () => {
		emulator.configure({ readyAfterMs: 0 });
		const result = await runNode(emulator, {
			provider,
			parameters: generate({ ...poll, musicTaskId: '={{ "music-" + $json.index }}' }),
			items: inputItems(3),
		});
		expectOnePairedItemPerInput(result, 3);
		result.items.forEach((item, index) => {
			const coverTaskId = emulator.findCoverTask(provider, `music-${index}`)?.coverTaskId as string;
			expect(item.json).toMatchObject({
				coverTaskId,
				musicTaskId: `music-${index}`,
				status: 'success',
				images: emulator.imageUrls(coverTaskId),
			});
		});
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(3);
	});

	test("a failed cover (music id fail...) ends with status failed and the provider's message", async () => {
		emulator.configure({ readyAfterMs: 0 });
		const result = await runNode(emulator, {
			provider,
			parameters: generate({ ...poll, musicTaskId: 'fail-1' }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			status: 'failed',
			images: [],
			musicTaskId: 'fail-1',
			error: { message: 'Cover generation failed' },
		});
	});
});

describe.each(WITHOUT_EXISTING_ID)('a duplicate on %s (no existing id returned)', (provider) => {
	beforeEach(async () => {
		await runNode(emulator, { provider, parameters: generate() });
		emulator.requests.length = 0;
	});

	test('fails with a clear "already has a cover" error by default', async () => {
		const result = await runNode(emulator, { provider, parameters: generate() });
		expect(result.error).toMatchObject({
			message: `Music task music-1 already has a cover on ${DISPLAY_NAME[provider]}`,
			description: expect.stringContaining('On Duplicate'),
		});
		expect(emulator.listTasks(provider)).toHaveLength(1);
	});

	test('onDuplicate "continue" passes the item on as failed with error code DUPLICATE', async () => {
		const result = await runNode(emulator, {
			provider,
			parameters: generate({ ...poll, options: { onDuplicate: 'continue', pollInterval: 1 } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toEqual([
			{
				json: expect.objectContaining({
					provider,
					musicTaskId: 'music-1',
					status: 'failed',
					providerStatus: 'DUPLICATE',
					error: { code: 'DUPLICATE', message: expect.stringMatching(/already/i) },
				}),
				pairedItem: { item: 0 },
			},
		]);
		// A failed duplicate is not polled.
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(0);
	});

	test('with Continue On Fail, the duplicate becomes an error item and the other items go on', async () => {
		const result = await runNode(emulator, {
			provider,
			continueOnFail: true,
			parameters: generate({ musicTaskId: '={{ $json.musicTaskId }}' }),
			items: [{ json: { musicTaskId: 'music-1' } }, { json: { musicTaskId: 'music-2' } }],
		});
		expectOnePairedItemPerInput(result, 2);
		expect(result.items[0].json.error).toMatch(/already has a cover/);
		expect(result.items[1].json).toMatchObject({ status: 'pending', musicTaskId: 'music-2' });
	});
});

describe('kie.ai specifics', () => {
	test.each([
		{
			name: "the user's callback URL",
			callbackUrl: 'https://n8n.example.com/webhook/cover-done',
			sent: 'https://n8n.example.com/webhook/cover-done',
		},
		{ name: 'a placeholder when none is set', callbackUrl: '', sent: KIE_PLACEHOLDER_CALLBACK_URL },
		{
			name: 'a placeholder when only spaces are set',
			callbackUrl: '   ',
			sent: KIE_PLACEHOLDER_CALLBACK_URL,
		},
	])('sends callBackUrl: $name', async ({ callbackUrl, sent }) => {
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: generate({ callbackUrl }),
		});
		expect(result.error).toBeUndefined();
		expect(requestsTo(emulator, 'kieAi', 'generate')[0].body).toEqual({
			taskId: 'music-1',
			callBackUrl: sent,
		});
	});

	test('refuses a callback URL that is not http(s), before sending anything', async () => {
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: generate({ callbackUrl: 'ftp://example.com/hook' }),
		});
		expect(result.error?.message).toMatch(/Callback URL .* is not an http\(s\) URL/);
		expect(emulator.requests).toHaveLength(0);
	});

	test('sends a User-Agent with every request (Cloudflare refuses requests without one)', async () => {
		emulator.configure({ readyAfterMs: 0 });
		await runNode(emulator, {
			provider: 'kieAi',
			parameters: generate({ ...poll, options: { pollInterval: 1, download: true } }),
		});
		const apiRequests = emulator.requests.filter((request) => request.provider === 'kieAi');
		expect(apiRequests.map((request) => request.endpoint)).toEqual(
			expect.arrayContaining(['generate', 'status']),
		);
		for (const request of emulator.requests)
			expect(request.headers['user-agent']).toBe('n8n-nodes-music-cover');
	});

	describe.each([400, 409] as const)(
		'a duplicate answered with code %i and the existing id',
		(kieDuplicateCode) => {
			let existing: string;
			beforeEach(async () => {
				emulator.configure({ kieDuplicateCode, readyAfterMs: 0 });
				await runNode(emulator, { provider: 'kieAi', parameters: generate() });
				existing = emulator.findCoverTask('kieAi', 'music-1')?.coverTaskId as string;
			});

			test("continues with the existing cover task id, without an error, telling the cover's real status", async () => {
				emulator.completeTask(existing, 'success');
				const result = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
				expect(result.error).toBeUndefined();
				// Read, not assumed: the existing cover is finished, so Don't Wait says so.
				expect(result.items[0].json).toMatchObject({
					coverTaskId: existing,
					status: 'success',
					providerStatus: 'SUCCESS',
					images: emulator.imageUrls(existing),
				});
				expect(emulator.listTasks('kieAi')).toHaveLength(1);
			});

			test("an existing cover still running is reported with the provider's running status", async () => {
				const [running] = await generateCovers(emulator, 'kieAi', ['never-1']);
				const result = await runNode(emulator, {
					provider: 'kieAi',
					parameters: generate({ musicTaskId: 'never-1' }),
				});
				expect(result.items[0].json).toMatchObject({
					coverTaskId: running,
					status: 'pending',
					providerStatus: 'GENERATING',
				});
			});

			test('and with Poll Until Done, waits for that existing cover', async () => {
				const result = await runNode(emulator, { provider: 'kieAi', parameters: generate(poll) });
				expect(result.items[0].json).toMatchObject({
					coverTaskId: existing,
					status: 'success',
					images: emulator.imageUrls(existing),
				});
			});

			test('onDuplicate "error" fails and names the existing cover task id', async () => {
				const result = await runNode(emulator, {
					provider: 'kieAi',
					parameters: generate({ options: { onDuplicate: 'error' } }),
				});
				expect(result.error?.message).toBe('Music task music-1 already has a cover on kie.ai');
				expect(result.error?.description).toContain(existing);
			});
		},
	);

	test('[~1 s: real back-off] a lost answer is retried, and the "duplicate" it then meets is the cover this call created', async () => {
		emulator.injectFault({
			provider: 'kieAi',
			endpoint: 'generate',
			code: 'reset',
			afterHandling: true,
		});
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: generate({ options: { onDuplicate: 'error' } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			coverTaskId: emulator.findCoverTask('kieAi', 'music-1')?.coverTaskId,
			status: 'pending',
			providerStatus: 'CREATED',
		});
		expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(2);
		expect(emulator.listTasks('kieAi')).toHaveLength(1);
	});

	describe.each([429, 430])(
		"a create rate-limited with %i whose repeat meets an existing cover: the cover is the user's, not one this run made",
		(code) => {
			let existing: string;
			beforeEach(async () => {
				emulator.configure({ readyAfterMs: 0 });
				[existing] = await generateCovers(emulator, 'kieAi', ['music-1']);
				emulator.completeTask(existing, 'success');
				emulator.requests.length = 0;
				// kie.ai drops a rate-limited create unheard (429 on its cover page; 430 "call frequency
				// too high" on sibling pages of its doc family, assumed for kie.ai itself).
				emulator.injectFault({ provider: 'kieAi', endpoint: 'generate', code, retryAfter: 0 });
			});

			test('On Duplicate "error" fails naming the existing cover', async () => {
				const result = await runNode(emulator, {
					provider: 'kieAi',
					parameters: generate({ options: { onDuplicate: 'error' } }),
				});
				expect(result.error?.message).toBe('Music task music-1 already has a cover on kie.ai');
				expect(result.error?.description).toContain(existing);
				expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(2);
			});

			test('Use Existing Cover reads it: its real status and start, not CREATED and a fresh createdAt', async () => {
				const result = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
				expect(result.error).toBeUndefined();
				expect(result.items[0].json).toMatchObject({
					coverTaskId: existing,
					status: 'success',
					providerStatus: 'SUCCESS',
					images: emulator.imageUrls(existing),
					createdAt: new Date(emulator.getCoverTask(existing)!.createdAt).toISOString(),
				});
				expect(emulator.listTasks('kieAi')).toHaveLength(1);
			});
		},
	);

	test('[~1 s: real back-off] a create answered 5xx after kie.ai made the cover: the repeat\'s "duplicate" is the cover this call created', async () => {
		emulator.injectFault({
			provider: 'kieAi',
			endpoint: 'generate',
			code: 500,
			afterHandling: true,
		});
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: generate({ options: { onDuplicate: 'error' } }),
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			coverTaskId: emulator.findCoverTask('kieAi', 'music-1')?.coverTaskId,
			status: 'pending',
			providerStatus: 'CREATED',
		});
		expect(emulator.listTasks('kieAi')).toHaveLength(1);
	});

	test('a burst over the rate limit: the rate-limited generate is retried after Retry-After and succeeds', async () => {
		emulator.injectFault({ provider: 'kieAi', endpoint: 'generate', code: 429, retryAfter: 0 });
		const result = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
		expect(result.items[0].json).toMatchObject({
			status: 'pending',
			coverTaskId: emulator.findCoverTask('kieAi', 'music-1')?.coverTaskId,
		});
		expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(2);
	});
});

describe.each(WITHOUT_EXISTING_ID)(
	'%s: a generate whose answer is lost (a repeat cannot charge twice)',
	(provider) => {
		test('made but unanswered: the repeat meets the cover, and the item says the truth about it', async () => {
			emulator.injectFault({
				provider,
				endpoint: 'generate',
				code: 'reset',
				afterHandling: true,
				taskId: 'music-1',
			});
			const result = await runNode(emulator, {
				provider,
				continueOnFail: true,
				parameters: generate({ waitMode: 'noWait' }),
			});
			expect(requestsTo(emulator, provider, 'generate')).toHaveLength(2);
			// Charged once: one cover exists for the track.
			expect(emulator.listTasks(provider)).toHaveLength(1);
			expect(result.items).toEqual([
				{
					json: {
						error: expect.stringMatching(
							new RegExp(
								`${DISPLAY_NAME[provider].replace('.', '\\.')} most likely created the cover for music task music-1, but its answer was lost`,
							),
						),
						errorDescription: expect.stringContaining('Get Status'),
					},
					pairedItem: { item: 0 },
				},
			]);
			expect(result.items[0].json.error).not.toMatch(/^Could not reach/);
		});

		test('never made (the connection broke first): the repeat makes it, once', async () => {
			emulator.injectFault({ provider, endpoint: 'generate', code: 'reset', taskId: 'music-1' });
			const result = await runNode(emulator, {
				provider,
				parameters: generate({ waitMode: 'noWait' }),
			});
			expect(result.error).toBeUndefined();
			expect(requestsTo(emulator, provider, 'generate')).toHaveLength(2);
			expect(emulator.listTasks(provider)).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({
				status: 'pending',
				providerStatus: 'CREATED',
				coverTaskId: emulator.findCoverTask(provider, 'music-1')?.coverTaskId,
			});
		});
	},
);
