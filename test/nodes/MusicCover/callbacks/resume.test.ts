import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { AWAITING_CALLBACK } from '../../../../nodes/MusicCover/callbacks/park';
import { maxImagesInFlight, until, useCallbackWait } from '../support';

describe('Generate > Wait for Callback (kie.ai): parks the execution and resumes on the callback', () => {
	const run = useCallbackWait();
	const { park } = run;

	test('parks with the resume URL as callBackUrl and an honest placeholder per item, input untouched', async () => {
		const input: INodeExecutionData[] = [
			{ json: { musicTaskId: 'never-1' } },
			{ json: { musicTaskId: 'never-2' } },
		];
		const before = JSON.stringify(input);
		const result = await park(input);

		expect(result.run.status).toBe('waiting');
		expect(result.run.waitTill).toBeInstanceOf(Date);
		const generateBodies = run.emulator.requests
			.filter((request) => request.endpoint === 'generate')
			.map((request) => request.body as IDataObject);
		// n8n 2.x signs the resume URL; the token travels with the callBackUrl.
		const resumeUrl = expect.stringMatching(
			new RegExp(`^${run.server.url}/webhook-waiting/${result.executionId}(\\?signature=\\w+)?$`),
		);
		expect(generateBodies.map((body) => body.callBackUrl)).toEqual([resumeUrl, resumeUrl]);
		// The resume URL is on 127.0.0.1 here: the node warns that kie.ai cannot reach it.
		const hints = result.run.data.resultData.runData['Music Cover'][0].hints ?? [];
		expect(hints.map((hint) => hint.message)).toEqual([
			expect.stringContaining('kie.ai cannot reach'),
		]);
		const stack = run.parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? [];
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
		await until(() => run.server.calls.some((call) => call.workflowData), 'the resuming callback');

		const resumed = run.server.calls.find((call) => call.workflowData)!.workflowData![0];
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
			run.server.requests.filter((request) => request.url === '/api/v1/suno/cover/record-info')
				.length,
		).toBeGreaterThanOrEqual(2);
	});

	const statusReads = () =>
		run.emulator.requests.filter((request) => request.endpoint === 'status').length;

	test('six covers finishing together: one resume, by the last callback, and under three reads per cover', async () => {
		await park(
			Array.from({ length: 6 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		const readsWhenParked = statusReads();
		await until(() => run.server.calls.length >= 6, 'all six callbacks');
		const resumes = run.server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(resumes[0].workflowData![0].map((item) => item.json.status)).toEqual(
			Array(6).fill('success'),
		);
		expect(run.server.calls.every((call) => call.status === 200)).toBe(true);
		// The resuming callback reads each cover once; each of the others stops after two reads (the
		// next cover, finished a moment later or still running, and its own to compare): 2 * 5 + 6 at most.
		expect(statusReads() - readsWhenParked).toBeLessThanOrEqual(16);
	});

	test("the resuming callback downloads the covers' images together, in item order", async () => {
		run.emulator.configure({ imageDelayMs: 150 });
		await park(
			Array.from({ length: 6 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => run.server.calls.some((call) => call.workflowData), 'the resume');
		const resumed = run.server.calls.find((call) => call.workflowData)!.workflowData![0];
		expect(resumed).toHaveLength(6);
		for (const [index, item] of resumed.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json.coverTaskId).toBe(
				run.emulator.findCoverTask('kieAi', `music-${index}`)?.coverTaskId,
			);
			expect(Object.keys(item.binary ?? {})).toEqual(['cover_1', 'cover_2']);
		}
		// One cover after another, at most one cover's two images would be in flight.
		expect(maxImagesInFlight(run.emulator)).toBe(12);
	});

	test('the last callback of covers finishing together reads its own cover with the next one, then the rest at full width: two round trips', async () => {
		run.emulator.configure({ readyAfterMs: 600_000, callbackDeliveries: 0 });
		const result = await park(
			Array.from({ length: 8 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		const ids = (run.parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? []).map((item) =>
			String(item.json.coverTaskId),
		);
		for (const id of ids) run.emulator.completeTask(id, 'success');
		// Each read now takes 300 ms, so the log shows the callback's round trips as clusters.
		run.emulator.configure({ responseDelayMs: 300 });
		const from = run.emulator.requests.length;
		const answer = await run.emulator.sendKieCallback({
			coverTaskId: ids[7],
			url: `${run.server.url}/webhook-waiting/${result.executionId}`,
		});
		expect(answer.status).toBe(200);
		expect(run.server.calls.at(-1)?.workflowData?.[0]).toHaveLength(8);
		const reads = run.emulator.requests
			.slice(from)
			.filter((request) => request.endpoint === 'status');
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
		await run.hideRunFromNode();
		await park(
			Array.from({ length: 3 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => run.server.calls.some((call) => call.workflowData), 'the resuming callback');
		const resumes = run.server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(resumes[0].workflowData?.[0].map((item) => item.json.status)).toEqual([
			'success',
			'success',
			'success',
		]);
		expect(run.server.calls.map((call) => call.evaluated.length)).toEqual(
			run.server.calls.map(() => 1),
		);
	});

	test('each callback has the credential decrypted once and evaluates no expression, however many covers it reads', async () => {
		await park(
			Array.from({ length: 6 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => run.server.calls.some((call) => call.workflowData), 'the resuming callback');
		// The resuming one read all six covers (and checked the signature) with one decryption.
		expect(run.server.calls.map((call) => call.decrypted)).toEqual(
			Array(run.server.calls.length).fill(['kieAiApi']),
		);
		// The parked items come from the run n8n hands the context, not from `$input.all()`.
		expect(run.server.calls.map((call) => call.evaluated)).toEqual(run.server.calls.map(() => []));
	});

	test('covers finishing one after another in any order: one resume, after the last one', async () => {
		run.emulator.configure({ readyAfterMs: 600_000 });
		await park(
			Array.from({ length: 5 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		const ids = (run.parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? []).map((item) =>
			String(item.json.coverTaskId),
		);
		const readsWhenParked = statusReads();
		for (const [done, position] of [3, 0, 4, 1, 2].entries()) {
			run.emulator.completeTask(ids[position], 'success');
			await until(() => run.server.calls.length > done, `callback ${done + 1}`);
		}
		const resumes = run.server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(run.server.calls.indexOf(resumes[0])).toBe(4);
		// Never the 5 * 5 reads of re-reading every cover on every callback. These covers finish
		// moments apart, so a callback that gets past the next cover reads the rest at full width
		// (see confirmCovers): a read more than growing batches would make, three round trips fewer.
		// Each callback also reads its own cover once, to see whether kie.ai's record is behind.
		expect(statusReads() - readsWhenParked).toBeLessThanOrEqual(16);
	});

	test('covers finishing in position order, record not behind: a callback before the last reads the next cover and its own, together; the last reads each cover once', async () => {
		run.emulator.configure({ readyAfterMs: 600_000 });
		await park(
			Array.from({ length: 4 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		const ids = (run.parked?.executionData?.nodeExecutionStack[0].data.main[0] ?? []).map((item) =>
			String(item.json.coverTaskId),
		);
		// Each read takes 300 ms: reads one after another would be that far apart.
		run.emulator.configure({ responseDelayMs: 300 });
		const perCallback: Array<{ read: string[]; apart: number }> = [];
		for (const [done, id] of ids.entries()) {
			const from = run.emulator.requests.length;
			run.emulator.completeTask(id, 'success');
			await until(() => run.server.calls.length > done, `callback ${done + 1}`);
			const reads = run.emulator.requests
				.slice(from)
				.filter((request) => request.endpoint === 'status');
			const times = reads.map((request) => request.at);
			perCallback.push({
				read: reads.map((request) => String(request.taskId)).sort(),
				apart: Math.max(...times) - Math.min(...times),
			});
		}
		// Its own cover tells a running next cover from a record behind the callbacks (see
		// confirmCovers): two reads are the least a callback that is not the last can make.
		expect(perCallback.map(({ read }) => read)).toEqual([
			[ids[0], ids[1]].sort(),
			[ids[1], ids[2]].sort(),
			[ids[2], ids[3]].sort(),
			[...ids].sort(),
		]);
		for (const { apart } of perCallback.slice(0, 3)) expect(apart).toBeLessThan(200);
		expect(run.server.calls.map((call) => Boolean(call.workflowData))).toEqual([
			false,
			false,
			false,
			true,
		]);
	}, 20_000);

	test('a callback while another cover is still running is acknowledged and keeps the execution parked', async () => {
		await park([{ json: { musicTaskId: 'music-a' } }, { json: { musicTaskId: 'never-b' } }]);
		await until(() => run.server.calls.length >= 1, 'the first callback');
		const stillRunning =
			run.parked?.executionData?.nodeExecutionStack[0].data.main[0]?.[1].json.coverTaskId;
		expect(run.server.calls[0]).toMatchObject({
			status: 200,
			answer: { resumed: false, stillRunning },
			workflowData: undefined,
		});
	});
});
