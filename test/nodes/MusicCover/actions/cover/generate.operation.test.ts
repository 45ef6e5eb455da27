import { PROVIDERS } from '../../../../../nodes/MusicCover/providers';
import { FIRST_READ_AFTER_START_FACTOR } from '../../../../../nodes/MusicCover/util/constants';
import {
	DISPLAY_NAME,
	PROVIDER_NAMES,
	expectOnePairedItemPerInput,
	inputItems,
	requestsTo,
	runNode,
	useEmulator,
	generateParameters as generate,
	POLL_EVERY_SECOND as poll,
} from '../../support';

const emulator = useEmulator({ readyAfterMs: 200 });

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

	test("Poll Until Done with Download Images: a cover's images are fetched as soon as a read shows it finished, while another cover is still running", async () => {
		const [quick, slow] = ['quick-ready0ms', 'slow-ready4000ms'];
		const result = await runNode(emulator, {
			provider,
			parameters: generate({
				...poll,
				musicTaskId: `={{ $json.index === 0 ? "${quick}" : "${slow}" }}`,
				options: { ...poll.options, download: true },
			}),
			items: inputItems(2),
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => Object.keys(item.binary ?? {}).length)).toEqual([2, 2]);
		const idOf = (music: string) => emulator.findCoverTask(provider, music)?.coverTaskId as string;
		const imagesOfQuick = emulator.requests.filter(
			(request) => request.endpoint === 'image' && request.taskId?.startsWith(`${idOf(quick)}_`),
		);
		const slowSeenDone = requestsTo(emulator, provider, 'status').find(
			(read) =>
				(read.query.taskId ?? read.query.task_id) === idOf(slow) &&
				read.answer?.phase === 'success',
		);
		expect(imagesOfQuick).toHaveLength(2);
		expect(slowSeenDone).toBeDefined();
		expect(Math.max(...imagesOfQuick.map((request) => request.at))).toBeLessThan(slowSeenDone!.at);
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
