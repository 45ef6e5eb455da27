import { KIE_PLACEHOLDER_CALLBACK_URL } from '../../../../../nodes/MusicCover/providers/kieAi';
import {
	generateCovers,
	requestsTo,
	runNode,
	useEmulator,
	generateParameters as generate,
	POLL_EVERY_SECOND as poll,
	type RunResult,
} from '../../support';

const emulator = useEmulator({ readyAfterMs: 200 });

/** The run went on with the user's finished cover `existing`, without an error or a second cover. */
function expectExistingFinishedCover(result: RunResult, existing: string) {
	expect(result.error).toBeUndefined();
	expect(result.items[0].json).toMatchObject({
		coverTaskId: existing,
		status: 'success',
		providerStatus: 'SUCCESS',
		images: emulator.imageUrls(existing),
	});
	expect(emulator.listTasks('kieAi')).toHaveLength(1);
}

/** On Duplicate "error": the run fails and names the existing cover. */
async function expectDuplicateRefused(existing: string) {
	const result = await runNode(emulator, {
		provider: 'kieAi',
		parameters: generate({ options: { onDuplicate: 'error' } }),
	});
	expect(result.error?.message).toBe('Music task music-1 already has a cover on kie.ai');
	expect(result.error?.description).toContain(existing);
}

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
				// Read, not assumed: the existing cover is finished, so Don't Wait says so.
				expectExistingFinishedCover(result, existing);
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
				await expectDuplicateRefused(existing);
			});
		},
	);

	test.each([
		['reset', 'a lost answer (connection reset)'],
		[500, 'a create answered 5xx'],
	] as const)(
		'[~1 s: real back-off] %s after kie.ai made the cover (%s): the repeat\'s "duplicate" is the cover this call created',
		async (code, _what) => {
			emulator.injectFault({ provider: 'kieAi', endpoint: 'generate', code, afterHandling: true });
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
		},
	);

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
				await expectDuplicateRefused(existing);
				expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(2);
			});

			test('Use Existing Cover reads it: its real status and start, not CREATED and a fresh createdAt', async () => {
				const result = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
				expectExistingFinishedCover(result, existing);
				expect(result.items[0].json.createdAt).toBe(
					new Date(emulator.getCoverTask(existing)!.createdAt).toISOString(),
				);
			});
		},
	);

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
