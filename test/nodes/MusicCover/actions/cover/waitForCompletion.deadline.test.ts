/**
 * SLOW (about 10 s): the one real-time deadline run, with the smallest timeout the node allows.
 * The deadline logic itself is covered on a fake clock in covers/polling.test.ts and
 * covers/wait.test.ts; this proves the node's output for it in a real n8n run.
 */
import { generateCovers, requestsTo, runNode, useEmulator } from '../../support';

const emulator = useEmulator({ readyAfterMs: 0 });

test('[slow, ~10 s] a cover still running at the 10 s timeout: an error item with its cover task id', async () => {
	const [neverId, doneId] = await generateCovers(emulator, 'kieAi', ['never-1', 'music-2']);
	emulator.requests.length = 0;

	const result = await runNode(emulator, {
		provider: 'kieAi',
		continueOnFail: true,
		parameters: {
			operation: 'waitForCompletion',
			coverTaskId: '={{ $json.coverTaskId }}',
			options: { timeout: 10, pollInterval: 1 },
		},
		items: [{ json: { coverTaskId: neverId } }, { json: { coverTaskId: doneId } }],
	});

	expect(result.items).toEqual([
		{
			json: {
				error: `Cover task ${neverId} is still running after 10 s (kie.ai status: GENERATING)`,
				errorDescription: expect.stringContaining('Get Status'),
				coverTaskId: neverId,
			},
			pairedItem: { item: 0 },
		},
		{
			json: expect.objectContaining({ coverTaskId: doneId, status: 'success' }),
			pairedItem: { item: 1 },
		},
	]);
	// The other cover was ready at the first read, so the one still running, half of the wait, is
	// read every 1 s x sqrt(1/2) (0.71 s) in its first minute, and once more at the deadline:
	// 0, 0.71, ..., 9.9, 10 s. The finished cover is read once.
	const reads = (coverTaskId: string) =>
		requestsTo(emulator, 'kieAi', 'status').filter((read) => read.taskId === coverTaskId);
	expect(reads(neverId).length).toBeGreaterThanOrEqual(13);
	expect(reads(neverId).length).toBeLessThanOrEqual(16);
	expect(reads(doneId)).toHaveLength(1);
}, 20_000);
