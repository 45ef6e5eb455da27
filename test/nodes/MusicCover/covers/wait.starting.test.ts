/**
 * startAndWaitForSlots (Generate's Poll Until Done): covers are waited for while the others are
 * still being started. The real transport reads the emulator; only the pauses and clock are faked.
 */
import { startAndWaitForSlots } from '../../../../nodes/MusicCover/covers/wait';
import type { PollSettings } from '../../../../nodes/MusicCover/covers/polling';
import { PROVIDERS } from '../../../../nodes/MusicCover/providers';
import { generateCovers, statusReadIds, useEmulator } from '../support';
import { executeContextFor } from '../support/executeContext';

const emulator = useEmulator({ readyAfterMs: 0 });

/** A fake clock whose pauses end at once, unless the wait has been stopped. */
function fakeClockSettings(): PollSettings {
	let time = 0;
	return {
		timeoutMs: 600_000,
		initialIntervalMs: 5000,
		now: () => time,
		sleep: async (ms, signal) => {
			signal?.throwIfAborted();
			time += ms;
		},
	};
}

test('the slots come back in position order, settled ones as they were, and each finished cover is reported by position', async () => {
	const [first, third] = await generateCovers(emulator, 'kieAi', ['music-1', 'music-3']);
	const { context } = executeContextFor(emulator, 'kieAi');
	const failed = new Error('refused');
	const reported: number[] = [];
	const outcomes = await startAndWaitForSlots(
		context,
		PROVIDERS.kieAi,
		3,
		async (settle) => {
			settle(1, failed);
			settle(2, { itemIndex: 2, coverTaskId: third });
			settle(0, { itemIndex: 0, coverTaskId: first });
		},
		fakeClockSettings(),
		(position) => reported.push(position),
	);
	expect(outcomes[0]).toMatchObject({ coverTaskId: first, status: 'success' });
	expect(outcomes[1]).toBe(failed);
	expect(outcomes[2]).toMatchObject({ coverTaskId: third, status: 'success' });
	expect(reported.sort()).toEqual([0, 2]);
});

test('a start that fails stops the wait: its error is thrown and the covers already started are not read on', async () => {
	const [neverId] = await generateCovers(emulator, 'kieAi', ['never-1']);
	const { context } = executeContextFor(emulator, 'kieAi');
	const startedAt = Date.now();
	// Real time, read every 100 ms, a 5 s deadline.
	const run = startAndWaitForSlots(
		context,
		PROVIDERS.kieAi,
		2,
		async (settle) => {
			settle(0, { itemIndex: 0, coverTaskId: neverId });
			// The next create fails (without Continue On Fail) while the wait reads the first.
			await new Promise((resolve) => setTimeout(resolve, 500));
			throw new Error('the provider refused the second create');
		},
		{ timeoutMs: 5000, initialIntervalMs: 100 },
	);
	await expect(run).rejects.toThrow('the provider refused the second create');
	expect(Date.now() - startedAt).toBeLessThan(2000);
	const reads = statusReadIds(emulator, 'kieAi').length;
	expect(reads).toBeGreaterThan(0);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(statusReadIds(emulator, 'kieAi')).toHaveLength(reads);
});
