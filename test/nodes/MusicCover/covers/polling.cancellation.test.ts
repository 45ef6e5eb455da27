import { pollUntilTerminal } from '../../../../nodes/MusicCover/covers/polling';
import { coverResult as result, fakeClock } from '../support';

describe('pollUntilTerminal', () => {
	describe('cancellation', () => {
		test('an already aborted signal stops before the first read', async () => {
			const clock = fakeClock();
			const controller = new AbortController();
			controller.abort();
			await expect(
				pollUntilTerminal(
					1,
					clock.reader([['pending']]),
					clock.settings({ signal: controller.signal }),
				),
			).rejects.toThrow();
			expect(clock.reads).toHaveLength(0);
		});

		test('an abort during the pause stops without a further read (real cancellable sleep)', async () => {
			const controller = new AbortController();
			let reads = 0;
			const polling = pollUntilTerminal(
				1,
				async (index) => {
					reads++;
					setTimeout(() => controller.abort(), 10);
					return result(index, 'pending');
				},
				// Real sleep of n8n-workflow: a 60 s pause that only the abort can end.
				{ timeoutMs: 600_000, initialIntervalMs: 60_000, signal: controller.signal },
			);
			await expect(polling).rejects.toBeDefined();
			expect(reads).toBe(1);
		});

		test('an abort signalled while a round is in flight ends the wait after that round', async () => {
			const clock = fakeClock();
			const controller = new AbortController();
			const reader = clock.reader([['pending']]);
			const polling = pollUntilTerminal(
				1,
				async (index) => {
					controller.abort();
					return await reader(index);
				},
				clock.settings({ signal: controller.signal }),
			);
			await expect(polling).rejects.toBeDefined();
			expect(clock.reads).toHaveLength(1);
			expect(clock.sleeps).toEqual([]);
		});
	});
});
