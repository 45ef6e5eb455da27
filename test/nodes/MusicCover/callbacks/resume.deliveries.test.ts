import { allProviders } from '../../../../nodes/MusicCover/providers';
import { runMusicCover } from '../../../harness/n8nRuntime';
import { callbackWaitParameters as parameters, until, useCallbackWait } from '../support';

describe('Generate > Wait for Callback (kie.ai): parks the execution and resumes on the callback', () => {
	const run = useCallbackWait();
	const { credentials, park } = run;

	const statusReads = () =>
		run.emulator.requests.filter((request) => request.endpoint === 'status').length;

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
				run.parked?.executionData?.nodeExecutionStack[0].data.main[0]?.[0].json.coverTaskId,
			);
			if (fault) {
				run.emulator.configure({ callbackDeliveries: 0 }); // only the callback sent below
				run.emulator.completeTask(coverTaskId, 'success');
				run.emulator.injectFault(fault);
			}
			const answer = await run.emulator.sendKieCallback({
				coverTaskId,
				url: `${run.server.url}/webhook-waiting/${result.executionId}`,
			});
			expect(answer.status).toBe(503);
			expect(run.server.calls.at(-1)?.workflowData).toBeUndefined();
		},
		20_000,
	);

	test('a callback ahead of the record (assumed lag 1.5 s) resumes the run on its first delivery, confirmed by re-reads', async () => {
		run.emulator.configure({ kieRecordLagMs: 1500, callbackRetries: 0 });
		await park([{ json: { musicTaskId: 'music-lag' } }]);
		await until(() => run.server.calls.length >= 1, 'the callback');
		expect(run.server.calls).toHaveLength(1);
		expect(run.server.calls[0].status).toBe(200);
		expect(run.server.calls[0].workflowData?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ musicTaskId: 'music-lag', status: 'success' }),
		]);
		const phases = run.emulator.requests
			.filter((request) => request.endpoint === 'status')
			.map((request) => request.answer?.phase);
		expect(phases.slice(-2)).toEqual(['generating', 'success']);
	});

	test('covers finishing together ahead of the record (assumed lag 1.5 s): one resume, every first delivery answered 200', async () => {
		run.emulator.configure({ kieRecordLagMs: 1500, callbackRetries: 0 });
		await park(
			Array.from({ length: 3 }, (_, index) => ({ json: { musicTaskId: `music-${index}` } })),
		);
		await until(() => run.server.calls.length >= 3, 'the three callbacks');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(run.server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
		const resumes = run.server.calls.filter((call) => call.workflowData);
		expect(resumes).toHaveLength(1);
		expect(resumes[0].workflowData![0].map((item) => item.json.status)).toEqual(
			Array(3).fill('success'),
		);
	});

	test('covers finishing one after another ahead of the record (0.4 s apart, assumed lag 1.5 s): the last callback resumes, every first delivery answered 200', async () => {
		// Each callback comes while the record still shows the cover before it running, and when it
		// comes no other callback is in flight: only the last one can resume, and only if it tells
		// a record behind its callback from a cover still running (by reading its own).
		run.emulator.configure({ kieRecordLagMs: 1500, callbackRetries: 0 });
		await park(
			Array.from({ length: 3 }, (_, index) => ({
				json: { musicTaskId: `music-${index}-ready${300 + 400 * index}ms` },
			})),
		);
		await until(() => run.server.calls.length >= 3, 'the three callbacks');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(run.server.calls.map((call) => call.status)).toEqual([200, 200, 200]);
		expect(run.server.calls.map((call) => Boolean(call.workflowData))).toEqual([
			false,
			false,
			true,
		]);
		expect(run.server.calls[2].workflowData![0].map((item) => item.json.status)).toEqual(
			Array(3).fill('success'),
		);
	}, 20_000);

	test.each(['complete', 'error'] as const)(
		'a signed kie.ai music callback (%s) to a parked run is answered as not a cover and resumes nothing',
		async (callbackType) => {
			const result = await park([{ json: { musicTaskId: 'never-a' } }]);
			const readsWhenParked = statusReads();
			const answer = await run.emulator.sendKieMusicCallback({
				url: `${run.server.url}/webhook-waiting/${result.executionId}`,
				musicTaskId: 'never-a',
				callbackType,
			});
			expect(answer.status).toBe(200);
			expect(run.server.calls[0]).toMatchObject({
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
		const resumeUrl = `${run.server.url}/webhook-waiting/${result.executionId}`;
		const coverTaskId = String(
			run.parked?.executionData?.nodeExecutionStack[0].data.main[0]?.[0].json.coverTaskId,
		);

		expect(
			(await run.emulator.sendKieCallback({ coverTaskId, url: resumeUrl, key: 'wrong-key' }))
				.status,
		).toBe(401);
		expect(
			(
				await run.emulator.sendKieCallback({
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
		expect(run.server.calls.map((call) => call.workflowData)).toEqual([
			undefined,
			undefined,
			undefined,
		]);
		expect(run.server.calls[1].answer).toMatchObject({ resumed: false });
	});

	test('a duplicate whose existing cover is finished is read at once: nothing to wait for, no parking', async () => {
		await runMusicCover({
			credentials,
			parameters: { ...parameters, waitMode: 'noWait' },
			items: [{ json: { musicTaskId: 'music-dup' } }],
		});
		const existing = run.emulator.findCoverTask('kieAi', 'music-dup')!.coverTaskId;
		run.emulator.configure({ callbackDeliveries: 0 });
		run.emulator.completeTask(existing, 'success');

		const result = await park([{ json: { musicTaskId: 'music-dup' } }]);
		expect(result.run.status).toBe('success');
		expect(result.run.waitTill).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				coverTaskId: existing,
				musicTaskId: 'music-dup',
				status: 'success',
				images: run.emulator.imageUrls(existing),
			}),
		]);
	});

	test.each(allProviders().filter((adapter) => !adapter.callbacks))(
		'Wait for Callback is refused for $displayName, which sends no callbacks',
		async (adapter) => {
			const result = await runMusicCover({
				credentials: {
					[adapter.credentialType]: {
						apiKey: run.emulator.keys[adapter.id],
						baseUrl: run.emulator.baseUrls[adapter.id],
					},
				},
				parameters: { ...parameters, provider: adapter.id },
				items: [{ json: { musicTaskId: 'music-x' } }],
			});
			expect(result.error?.message).toBe(`${adapter.displayName} sends no callbacks`);
			expect(
				run.emulator.requests.filter((request) => request.endpoint === 'generate'),
			).toHaveLength(0);
		},
	);
});
