import type { IDataObject, INodeExecutionData, IRunExecutionData } from 'n8n-workflow';

import { AWAITING_CALLBACK } from '../../../../nodes/MusicCover/callbacks/park';
import { allProviders } from '../../../../nodes/MusicCover/providers';
import { createEmulator, type Emulator } from '../../../emulator';
import { musicCoverNode, runMusicCover, type RunResult } from '../../../harness/n8nRuntime';
import { serveNodeWebhook, type WebhookServer } from '../../../harness/webhookServer';
import { maxImagesInFlight } from '../support';

const HMAC_KEY = 'callback-wait-key';
const parameters = {
	provider: 'kieAi',
	operation: 'generate',
	musicTaskId: '={{ $json.musicTaskId }}',
	waitMode: 'callback',
	options: { timeout: 600, download: true },
};

async function until(condition: () => boolean, what: string) {
	for (let round = 0; round < 300 && !condition(); round++)
		await new Promise((resolve) => setTimeout(resolve, 50));
	if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('Generate > Wait for Callback (kie.ai): parks the execution and resumes on the callback', () => {
	let emulator: Emulator;
	let server: WebhookServer;
	let parked: IRunExecutionData | null = null;
	const credentials = {
		kieAiApi: { apiKey: '', baseUrl: '', webhookHmacKey: HMAC_KEY },
	};

	beforeEach(async () => {
		emulator = createEmulator({ readyAfterMs: 300, kieWebhookHmacKey: HMAC_KEY });
		await emulator.start();
		credentials.kieAiApi.apiKey = emulator.keys.kieAi;
		credentials.kieAiApi.baseUrl = emulator.baseUrls.kieAi;
		parked = null;
		server = await serveNodeWebhook({
			node: musicCoverNode('musicCover', parameters, ['kieAiApi']),
			credentials,
			runExecutionData: () => parked,
		});
	});
	afterEach(async () => {
		await server.close();
		await emulator.stop();
	});

	async function park(items: INodeExecutionData[]): Promise<RunResult> {
		const result = await runMusicCover({
			credentials,
			parameters,
			items,
			webhookWaitingBaseUrl: `${server.url}/webhook-waiting`,
		});
		parked = result.run.data;
		return result;
	}

	test('parks with the resume URL as callBackUrl and an honest placeholder per item, input untouched', async () => {
		const input: INodeExecutionData[] = [
			{ json: { musicTaskId: 'never-1' } },
			{ json: { musicTaskId: 'never-2' } },
		];
		const before = JSON.stringify(input);
		const result = await park(input);

		expect(result.run.status).toBe('waiting');
		expect(result.run.waitTill).toBeInstanceOf(Date);
		const generateBodies = emulator.requests
			.filter((request) => request.endpoint === 'generate')
			.map((request) => request.body as IDataObject);
		// n8n 2.x signs the resume URL; the token travels with the callBackUrl.
		const resumeUrl = expect.stringMatching(
			new RegExp(`^${server.url}/webhook-waiting/${result.executionId}(\\?signature=\\w+)?$`),
		);
		expect(generateBodies.map((body) => body.callBackUrl)).toEqual([resumeUrl, resumeUrl]);
		// The resume URL is on 127.0.0.1 here: the node warns that kie.ai cannot reach it.
		const hints = result.run.data.resultData.runData['Music Cover'][0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([
			expect.stringContaining('kie.ai cannot reach'),
		]);
		const stack = parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? [];
		expect(stack.map((item) => item.json)).toEqual([
			expect.objectContaining({
				musicTaskId: 'never-1',
				status: 'pending',
				providerStatus: AWAITING_CALLBACK,
				coverTaskId: expect.any(String),
			}),
			expect.objectContaining({
				musicTaskId: 'never-2',
				status: 'pending',
				providerStatus: AWAITING_CALLBACK,
				coverTaskId: expect.any(String),
			}),
		]);
		expect(String((stack[0].json.error as IDataObject).message)).toMatch(/no callback came/);
		expect(JSON.stringify(input)).toBe(before);
	});

	test('a signed callback resumes once every cover is terminal, with confirmed results and images', async () => {
		await park([{ json: { musicTaskId: 'music-a' } }, { json: { musicTaskId: 'fail-b' } }]);
		await until(() => server.calls.some((call) => call.workflowData), 'the resuming callback');

		const resumed = server.calls.find((call) => call.workflowData)!.workflowData![0];
		expect(resumed.map((item) => item.json)).toEqual([
			expect.objectContaining({
				musicTaskId: 'music-a',
				status: 'success',
				images: [expect.any(String), expect.any(String)],
			}),
			expect.objectContaining({
				musicTaskId: 'fail-b',
				status: 'failed',
				error: expect.objectContaining({ message: expect.any(String) }),
			}),
		]);
		expect(resumed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(Object.keys(resumed[0].binary ?? {})).toEqual(['cover_1', 'cover_2']);
		// Each result was read from record-info, not taken from the unsigned callback body.
		expect(
			server.requests.filter((request) => request.url === '/api/v1/suno/cover/record-info').length,
		).toBeGreaterThanOrEqual(2);
	});

	const statusReads = () =>
		emulator.requests.filter((request) => request.endpoint === 'status').length;

	test('six covers finishing together: one resume, by the last callback, and under three reads per cover', async () => {
		await park(
			Array.from({ length: 6 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		const readsWhenParked = statusReads();
		await until(() => server.calls.length >= 6, 'all six callbacks');
		const resumes = server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(resumes[0].workflowData![0].map((item) => item.json.status)).toEqual(
			Array(6).fill('success'),
		);
		expect(server.calls.every((call) => call.status === 200)).toBe(true);
		// The resuming callback reads each cover once; each of the others stops after two reads (the
		// next cover, finished a moment later or still running, and its own to compare): 2 * 5 + 6 at most.
		expect(statusReads() - readsWhenParked).toBeLessThanOrEqual(16);
	});

	test("the resuming callback downloads the covers' images together, in item order", async () => {
		emulator.configure({ imageDelayMs: 150 });
		await park(
			Array.from({ length: 6 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => server.calls.some((call) => call.workflowData), 'the resume');
		const resumed = server.calls.find((call) => call.workflowData)!.workflowData![0];
		expect(resumed).toHaveLength(6);
		for (const [index, item] of resumed.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.coverTaskId).toBe(
				emulator.findCoverTask('kieAi', `music-${index}`)?.coverTaskId,
			);
			expect(Object.keys(item.binary ?? {})).toEqual(['cover_1', 'cover_2']);
		}
		// One cover after another, at most one cover's two images would be in flight.
		expect(maxImagesInFlight(emulator)).toBe(12);
	});

	test('the last callback of covers finishing together reads its own cover with the next one, then the rest at full width: two round trips', async () => {
		emulator.configure({ readyAfterMs: 600_000, callbackDeliveries: 0 });
		const result = await park(
			Array.from({ length: 8 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		const ids = (parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? []).map((item) =>
			String(item.json.coverTaskId),
		);
		for (const id of ids) emulator.completeTask(id, 'success');
		// Each read now takes 300 ms, so the log shows the callback's round trips as clusters.
		emulator.configure({ responseDelayMs: 300 });
		const from = emulator.requests.length;
		const answer = await emulator.sendKieCallback({
			coverTaskId: ids[7],
			url: `${server.url}/webhook-waiting/${result.executionId}`,
		});
		expect(answer.status).toBe(200);
		expect(server.calls.at(-1)?.workflowData?.[0]).toHaveLength(8);
		const reads = emulator.requests.slice(from).filter((request) => request.endpoint === 'status');
		expect(reads.map((request) => request.taskId).sort()).toEqual([...ids].sort());
		const rounds: string[][] = [];
		for (const [position, request] of reads.entries()) {
			if (position === 0 || request.at - reads[position - 1].at > 200) rounds.push([]);
			rounds.at(-1)?.push(String(request.taskId));
		}
		// The next cover (ids[0]) with its own (the last position resumes covers finishing
		// together), then the other six together.
		expect(rounds.map((round) => round.sort())).toEqual([
			[ids[0], ids[7]].sort(),
			ids.slice(1, 7).sort(),
		]);
	});

	test('an n8n whose context does not expose the parked run: the items come from $input.all(), one resume', async () => {
		await server.close();
		server = await serveNodeWebhook({
			node: musicCoverNode('musicCover', parameters, ['kieAiApi']),
			credentials,
			runExecutionData: () => parked,
			hideRunFromNode: true,
		});
		await park(
			Array.from({ length: 3 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => server.calls.some((call) => call.workflowData), 'the resuming callback');
		const resumes = server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(resumes[0].workflowData?.[0].map((item) => item.json.status)).toEqual([
			'success',
			'success',
			'success',
		]);
		expect(server.calls.map((call) => call.evaluated.length)).toEqual(server.calls.map(() => 1));
	});

	test('each callback has the credential decrypted once and evaluates no expression, however many covers it reads', async () => {
		await park(
			Array.from({ length: 6 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => server.calls.some((call) => call.workflowData), 'the resuming callback');
		// The resuming one read all six covers (and checked the signature) with one decryption.
		expect(server.calls.map((call) => call.decrypted)).toEqual(
			Array(server.calls.length).fill(['kieAiApi']),
		);
		// The parked items come from the run n8n hands the context, not from `$input.all()`.
		expect(server.calls.map((call) => call.evaluated)).toEqual(server.calls.map(() => []));
	});

	test('covers finishing one after another in any order: one resume, after the last one', async () => {
		emulator.configure({ readyAfterMs: 600_000 });
		await park(
			Array.from({ length: 5 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		const ids = (parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? []).map((item) =>
			String(item.json.coverTaskId),
		);
		const readsWhenParked = statusReads();
		for (const [done, position] of [3, 0, 4, 1, 2].entries()) {
			emulator.completeTask(ids[position], 'success');
			await until(() => server.calls.length > done, `callback ${done + 1}`);
		}
		const resumes = server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(server.calls.indexOf(resumes[0])).toBe(4);
		// Never the 5 * 5 reads of re-reading every cover on every callback. These covers finish
		// moments apart, so a callback that gets past the next cover reads the rest at full width
		// (see confirmCovers): a read more than growing batches would make, three round trips fewer.
		// Each callback also reads its own cover once, to see whether kie.ai's record is behind.
		expect(statusReads() - readsWhenParked).toBeLessThanOrEqual(16);
	});

	test('a callback while another cover is still running is acknowledged and keeps the execution parked', async () => {
		await park([{ json: { musicTaskId: 'music-a' } }, { json: { musicTaskId: 'never-b' } }]);
		await until(() => server.calls.length >= 1, 'the first callback');
		const stillRunning =
			parked?.executionData?.nodeExecutionStack[0].data.main[0]?.[1].json.coverTaskId;
		expect(server.calls[0]).toMatchObject({
			status: 200,
			answer: { resumed: false, stillRunning },
			workflowData: undefined,
		});
	});

	test.each([
		// [~7 s: the re-reads of the confirm window on the first row; ~3 s: the transport's real
		// retry back-off on the second]
		[
			"kie.ai's record still does not show the called-back cover finished after the re-reads",
			undefined,
		],
		[
			'the confirming status read fails',
			{ provider: 'kieAi', endpoint: 'status', code: 500, times: 3 } as const,
		],
	])(
		'%s: answers 503 so that kie.ai delivers again, and stays parked',
		async (_name, fault) => {
			const result = await park([{ json: { musicTaskId: 'never-a' } }]);
			const coverTaskId = String(
				parked?.executionData?.nodeExecutionStack[0].data.main[0]?.[0].json.coverTaskId,
			);
			if (fault) {
				emulator.configure({ callbackDeliveries: 0 }); // only the callback sent below
				emulator.completeTask(coverTaskId, 'success');
				emulator.injectFault(fault);
			}
			const answer = await emulator.sendKieCallback({
				coverTaskId,
				url: `${server.url}/webhook-waiting/${result.executionId}`,
			});
			expect(answer.status).toBe(503);
			expect(server.calls.at(-1)?.workflowData).toBeUndefined();
		},
		20_000,
	);

	test('a callback ahead of the record (assumed lag 1.5 s) resumes the run on its first delivery, confirmed by re-reads', async () => {
		emulator.configure({ kieRecordLagMs: 1500, callbackRetries: 0 });
		await park([{ json: { musicTaskId: 'music-lag' } }]);
		await until(() => server.calls.length >= 1, 'the callback');
		expect(server.calls).toHaveLength(1);
		expect(server.calls[0].status).toBe(200);
		expect(server.calls[0].workflowData?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ musicTaskId: 'music-lag', status: 'success' }),
		]);
		const phases = emulator.requests
			.filter((request) => request.endpoint === 'status')
			.map((request) => request.answer?.phase);
		expect(phases.slice(-2)).toEqual(['generating', 'success']);
	});

	test('covers finishing together ahead of the record (assumed lag 1.5 s): one resume, every first delivery answered 200', async () => {
		emulator.configure({ kieRecordLagMs: 1500, callbackRetries: 0 });
		await park(
			Array.from({ length: 3 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => server.calls.length >= 3, 'the three callbacks');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
		const resumes = server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(resumes[0].workflowData![0].map((item) => item.json.status)).toEqual(
			Array(3).fill('success'),
		);
	});

	test.each(['complete', 'error'] as const)(
		'a signed kie.ai music callback (%s) to a parked run is answered as not a cover and resumes nothing',
		async (callbackType) => {
			const result = await park([{ json: { musicTaskId: 'never-a' } }]);
			const readsWhenParked = statusReads();
			const answer = await emulator.sendKieMusicCallback({
				url: `${server.url}/webhook-waiting/${result.executionId}`,
				musicTaskId: 'never-a',
				callbackType,
			});
			expect(answer.status).toBe(200);
			expect(server.calls[0]).toMatchObject({
				workflowData: undefined,
				answer: {
					received: true,
					resumed: false,
					reason: expect.stringContaining('not a cover callback'),
				},
				decrypted: [],
			});
			expect(statusReads()).toBe(readsWhenParked);
		},
	);

	test('forged, unknown and malformed callbacks resume nothing', async () => {
		const result = await park([{ json: { musicTaskId: 'never-a' } }]);
		const resumeUrl = `${server.url}/webhook-waiting/${result.executionId}`;
		const coverTaskId = String(
			parked?.executionData?.nodeExecutionStack[0].data.main[0]?.[0].json.coverTaskId,
		);

		expect(
			(await emulator.sendKieCallback({ coverTaskId, url: resumeUrl, key: 'wrong-key' })).status,
		).toBe(401);
		expect(
			(
				await emulator.sendKieCallback({
					coverTaskId: 'someone-elses-task',
					url: resumeUrl,
					sign: true,
				})
			).status,
		).toBe(200);
		const malformed = await fetch(resumeUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"code":',
		});
		expect(malformed.status).toBe(400);
		expect(server.calls.map((call) => call.workflowData)).toEqual([
			undefined,
			undefined,
			undefined,
		]);
		expect(server.calls[1].answer).toMatchObject({ resumed: false });
	});

	test('a duplicate whose existing cover is finished is read at once: nothing to wait for, no parking', async () => {
		await runMusicCover({
			credentials,
			parameters: { ...parameters, waitMode: 'noWait' },
			items: [{ json: { musicTaskId: 'music-dup' } }],
		});
		const existing = emulator.findCoverTask('kieAi', 'music-dup')!.coverTaskId;
		emulator.configure({ callbackDeliveries: 0 });
		emulator.completeTask(existing, 'success');

		const result = await park([{ json: { musicTaskId: 'music-dup' } }]);
		expect(result.run.status).toBe('success');
		expect(result.run.waitTill).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				coverTaskId: existing,
				musicTaskId: 'music-dup',
				status: 'success',
				images: emulator.imageUrls(existing),
			}),
		]);
	});

	describe('Download Images: a cover already finished when the run parked (a duplicate of a finished cover)', () => {
		let existing: string;
		beforeEach(async () => {
			await runMusicCover({
				credentials,
				parameters: { ...parameters, waitMode: 'noWait' },
				items: [{ json: { musicTaskId: 'music-dup' } }],
			});
			existing = emulator.findCoverTask('kieAi', 'music-dup')!.coverTaskId;
			emulator.completeTask(existing, 'success');
		});

		/** The item's images, as bytes, by binary property. */
		const imagesOf = (item: INodeExecutionData) =>
			Object.fromEntries(
				Object.entries(item.binary ?? {}).map(([property, data]) => [
					property,
					Buffer.from(data.data, 'base64'),
				]),
			);
		const servedImages = (coverTaskId: string) => ({
			cover_1: emulator.imageBytes(`${coverTaskId}_1.png`),
			cover_2: emulator.imageBytes(`${coverTaskId}_2.png`),
		});

		test("keeps its images through a callback's resume, and the called-back cover gets its own", async () => {
			await park([{ json: { musicTaskId: 'music-dup' } }, { json: { musicTaskId: 'music-b' } }]);
			await until(() => server.calls.some((call) => call.workflowData), 'the resuming callback');
			const resumed = server.calls.find((call) => call.workflowData)!.workflowData![0];
			const calledBack = emulator.findCoverTask('kieAi', 'music-b')!.coverTaskId;
			expect(resumed.map((item) => [item.json.coverTaskId, item.json.status])).toEqual([
				[existing, 'success'],
				[calledBack, 'success'],
			]);
			expect(imagesOf(resumed[0])).toEqual(servedImages(existing));
			expect(imagesOf(resumed[1])).toEqual(servedImages(calledBack));
			expect(resumed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		test('keeps its images on an n8n whose context does not expose the parked run ($input.all())', async () => {
			await server.close();
			server = await serveNodeWebhook({
				node: musicCoverNode('musicCover', parameters, ['kieAiApi']),
				credentials,
				runExecutionData: () => parked,
				hideRunFromNode: true,
			});
			await park([{ json: { musicTaskId: 'music-dup' } }, { json: { musicTaskId: 'music-b' } }]);
			await until(() => server.calls.some((call) => call.workflowData), 'the resuming callback');
			const resumed = server.calls.find((call) => call.workflowData)!.workflowData![0];
			expect(imagesOf(resumed[0])).toEqual(servedImages(existing));
		});

		test('keeps its images when the deadline resumes the run: n8n passes the parked items on', async () => {
			const result = await park([
				{ json: { musicTaskId: 'music-dup' } },
				{ json: { musicTaskId: 'never-b' } },
			]);
			// As n8n's wait tracker does at the deadline: the saved run (a JSON round trip, as through
			// the database) run again.
			const atDeadline = await runMusicCover({
				credentials,
				parameters,
				items: [],
				parkedRun: JSON.parse(JSON.stringify(result.run.data)) as IRunExecutionData,
			});
			expect(atDeadline.run.status).toBe('success');
			expect(atDeadline.items.map((item) => [item.json.status, item.json.providerStatus])).toEqual([
				['success', 'SUCCESS'],
				['pending', AWAITING_CALLBACK],
			]);
			expect(imagesOf(atDeadline.items[0])).toEqual(servedImages(existing));
			expect(atDeadline.items[1].binary).toBeUndefined();
		});

		test('with Continue On Fail, one item per input item through the park and the resume', async () => {
			const result = await runMusicCover({
				credentials,
				parameters,
				continueOnFail: true,
				items: [
					{ json: { musicTaskId: 'notfound-a' } },
					{ json: { musicTaskId: 'music-dup' } },
					{ json: { musicTaskId: 'music-c' } },
				],
				webhookWaitingBaseUrl: `${server.url}/webhook-waiting`,
			});
			parked = result.run.data;
			expect(result.run.status).toBe('waiting');
			expect(parked.executionData?.nodeExecutionStack[0].data.main[0]).toHaveLength(3);
			await until(() => server.calls.some((call) => call.workflowData), 'the resuming callback');
			const resumed = server.calls.find((call) => call.workflowData)!.workflowData![0];
			expect(resumed.map((item) => item.pairedItem)).toEqual([
				{ item: 0 },
				{ item: 1 },
				{ item: 2 },
			]);
			expect(resumed[0].json.error).toMatch(/not found/i);
			expect(resumed[0].binary).toBeUndefined();
			expect(imagesOf(resumed[1])).toEqual(servedImages(existing));
			expect(resumed[2].json.status).toBe('success');
			expect(Object.keys(resumed[2].binary ?? {})).toEqual(['cover_1', 'cover_2']);
		});
	});

	test.each(allProviders().filter((adapter) => !adapter.callbacks))(
		'Wait for Callback is refused for $displayName, which sends no callbacks',
		async (adapter) => {
			const result = await runMusicCover({
				credentials: {
					[adapter.credentialType]: {
						apiKey: emulator.keys[adapter.id],
						baseUrl: emulator.baseUrls[adapter.id],
					},
				},
				parameters: { ...parameters, provider: adapter.id },
				items: [{ json: { musicTaskId: 'music-x' } }],
			});
			expect(result.error?.message).toBe(`${adapter.displayName} sends no callbacks`);
			expect(emulator.requests.filter((request) => request.endpoint === 'generate')).toHaveLength(
				0,
			);
		},
	);
});
