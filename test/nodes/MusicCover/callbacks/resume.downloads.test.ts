import type { INodeExecutionData, IRunExecutionData } from 'n8n-workflow';

import { AWAITING_CALLBACK } from '../../../../nodes/MusicCover/callbacks/park';
import { runMusicCover } from '../../../harness/n8nRuntime';
import { callbackWaitParameters as parameters, until, useCallbackWait } from '../support';

describe('Generate > Wait for Callback (kie.ai): parks the execution and resumes on the callback', () => {
	const run = useCallbackWait();
	const { credentials, park } = run;

	describe('Download Images: a cover already finished when the run parked (a duplicate of a finished cover)', () => {
		let existing: string;
		beforeEach(async () => {
			await runMusicCover({
				credentials,
				parameters: { ...parameters, waitMode: 'noWait' },
				items: [{ json: { musicTaskId: 'music-dup' } }],
			});
			existing = run.emulator.findCoverTask('kieAi', 'music-dup')!.coverTaskId;
			run.emulator.completeTask(existing, 'success');
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
			cover_1: run.emulator.imageBytes(`${coverTaskId}_1.png`),
			cover_2: run.emulator.imageBytes(`${coverTaskId}_2.png`),
		});

		test("keeps its images through a callback's resume, and the called-back cover gets its own", async () => {
			await park([{ json: { musicTaskId: 'music-dup' } }, { json: { musicTaskId: 'music-b' } }]);
			await until(
				() => run.server.calls.some((call) => call.workflowData),
				'the resuming callback',
			);
			const resumed = run.server.calls.find((call) => call.workflowData)!.workflowData![0];
			const calledBack = run.emulator.findCoverTask('kieAi', 'music-b')!.coverTaskId;
			expect(resumed.map((item) => [item.json.coverTaskId, item.json.status])).toEqual([
				[existing, 'success'],
				[calledBack, 'success'],
			]);
			expect(imagesOf(resumed[0])).toEqual(servedImages(existing));
			expect(imagesOf(resumed[1])).toEqual(servedImages(calledBack));
			expect(resumed.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		});

		test('keeps its images on an n8n whose context does not expose the parked run ($input.all())', async () => {
			await run.hideRunFromNode();
			await park([{ json: { musicTaskId: 'music-dup' } }, { json: { musicTaskId: 'music-b' } }]);
			await until(
				() => run.server.calls.some((call) => call.workflowData),
				'the resuming callback',
			);
			const resumed = run.server.calls.find((call) => call.workflowData)!.workflowData![0];
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
				webhookWaitingBaseUrl: `${run.server.url}/webhook-waiting`,
			});
			run.parked = result.run.data;
			expect(result.run.status).toBe('waiting');
			expect(run.parked.executionData?.nodeExecutionStack[0].data.main[0]).toHaveLength(3);
			await until(
				() => run.server.calls.some((call) => call.workflowData),
				'the resuming callback',
			);
			const resumed = run.server.calls.find((call) => call.workflowData)!.workflowData![0];
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
});
