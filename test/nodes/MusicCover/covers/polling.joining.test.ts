/** The poller with tasks that join while it runs (a Generate's paced creates), on a fake clock. */
import { JoiningTasks, pollUntilTerminal } from '../../../../nodes/MusicCover/covers/polling';
import { FIRST_READ_AFTER_START_FACTOR } from '../../../../nodes/MusicCover/util/constants';
import { fakeClock } from '../support';

const INTERVAL_MS = 1000;
const FIRST_READ_MS = FIRST_READ_AFTER_START_FACTOR * INTERVAL_MS;

/**
 * Runs the poller over 3 tasks that join at `joinAt` (ms into the run; the create is then also the
 * cover's start), the joining closed with the last; each task answers from `script`.
 */
async function pollJoining(
	joinAt: number[],
	script: Parameters<ReturnType<typeof fakeClock>['reader']>[0],
) {
	const clock = fakeClock();
	const settings = clock.settings({ initialIntervalMs: INTERVAL_MS });
	const origin = settings.now!();
	const joining = new JoiningTasks();
	const schedule = joinAt.map((at, index) => ({ at, index }));
	// Creates happen while the poller sleeps: each joins at the end of the pause it falls in.
	const joinDue = () => {
		while (schedule.length > 0 && schedule[0].at <= clock.elapsed()) {
			const { at, index } = schedule.shift()!;
			joining.join(index, origin + at);
		}
		if (schedule.length === 0) joining.close();
	};
	joinDue();
	const finished: Array<[number, number]> = [];
	const outcomes = await pollUntilTerminal(
		joinAt.length,
		clock.reader(script),
		{
			...settings,
			sleep: async (ms, signal) => {
				await settings.sleep!(ms, signal);
				joinDue();
			},
		},
		{ joining, onTerminal: (index) => finished.push([index, clock.elapsed()]) },
	);
	return { clock, outcomes, finished };
}

describe('pollUntilTerminal with tasks joining while it runs', () => {
	test('each task is first read a first-read delay after it joined, and reported finished the moment a read shows it; the wait lasts until the last has joined', async () => {
		const { clock, outcomes, finished } = await pollJoining(
			[0, 5000, 12_000],
			// The first fails: a success would quicken the later reads (the finishing pace).
			[['failed'], ['pending', 'success'], ['success']],
		);
		expect(outcomes.map((outcome) => outcome.kind)).toEqual(['terminal', 'terminal', 'terminal']);
		// Task 0 is read (and done) long before task 2 has even started: no read waits for the others.
		expect(clock.reads).toEqual([
			{ index: 0, at: FIRST_READ_MS },
			{ index: 1, at: 5000 + FIRST_READ_MS },
			{ index: 1, at: 5000 + FIRST_READ_MS + INTERVAL_MS },
			{ index: 2, at: 12_000 + FIRST_READ_MS },
		]);
		expect(finished).toEqual([
			[0, FIRST_READ_MS],
			[1, 5000 + FIRST_READ_MS + INTERVAL_MS],
			[2, 12_000 + FIRST_READ_MS],
		]);
		// No read after the last, no pause longer than a first-read delay while tasks may still join.
		expect(clock.elapsed()).toBe(12_000 + FIRST_READ_MS);
		expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(FIRST_READ_MS);
	});

	test('a task that never joins (its create failed) is not read and stays timed out', async () => {
		const clock = fakeClock();
		const joining = new JoiningTasks();
		const settings = clock.settings({ initialIntervalMs: INTERVAL_MS });
		joining.join(1, settings.now!());
		joining.close();
		const outcomes = await pollUntilTerminal(
			2,
			clock.reader([['success'], ['success']]),
			settings,
			{
				joining,
			},
		);
		expect(clock.reads).toEqual([{ index: 1, at: FIRST_READ_MS }]);
		expect(outcomes.map((outcome) => outcome.kind)).toEqual(['timedOut', 'terminal']);
	});
});
