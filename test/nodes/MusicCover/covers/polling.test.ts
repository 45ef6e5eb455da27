import {
	FIRST_READ_AFTER_START_FACTOR,
	MAX_POLL_INTERVAL_MS,
	POLL_INTERVAL_GROWTH,
	STATUS_READ_CONCURRENCY,
} from '../../../../nodes/MusicCover/util/constants';
import { pollIntervalOption } from '../../../../nodes/MusicCover/descriptions';
import { pollUntilTerminal } from '../../../../nodes/MusicCover/covers/polling';
import type { CoverResult, CoverStatus } from '../../../../nodes/MusicCover/providers/types';
import { coverResult as result, fakeClock } from '../support';

describe('pollUntilTerminal', () => {
	test('reads each task once and never sleeps when all are finished at once', async () => {
		const clock = fakeClock();
		const outcomes = await pollUntilTerminal(
			3,
			clock.reader([['success'], ['failed'], ['success']]),
			clock.settings(),
		);
		expect(outcomes.map((outcome) => outcome.kind)).toEqual(['terminal', 'terminal', 'terminal']);
		expect(outcomes[1]).toMatchObject({ kind: 'terminal', result: { status: 'failed' } });
		expect(clock.reads.map((read) => read.index).sort()).toEqual([0, 1, 2]);
		expect(clock.sleeps).toEqual([]);
	});

	test('polls every unfinished task in the same round and drops the finished ones; failed covers do not quicken the pace', async () => {
		const clock = fakeClock();
		const outcomes = await pollUntilTerminal(
			3,
			clock.reader([['failed'], ['pending', 'pending', 'success'], ['pending', 'failed']]),
			clock.settings({ initialIntervalMs: 1000 }),
		);
		expect(outcomes.map((outcome) => outcome.kind === 'terminal' && outcome.result.status)).toEqual(
			['failed', 'success', 'failed'],
		);
		const rounds = [0, 1000, 2000].map((at) =>
			clock.reads
				.filter((read) => read.at === at)
				.map((read) => read.index)
				.sort(),
		);
		expect(rounds).toEqual([[0, 1, 2], [1, 2], [1]]);
		expect(clock.reads).toHaveLength(6);
		// No pause follows the last read.
		expect(clock.sleeps).toEqual([1000, 1000]);
	});

	test('once a cover is seen ready, the others are read more often as fewer remain: the interval times the square root of the share running, at least half of it', async () => {
		const clock = fakeClock();
		await pollUntilTerminal(
			4,
			clock.reader([
				['pending', 'success'],
				['pending', 'pending', 'success'],
				['pending', 'pending', 'pending', 'success'],
				['pending', 'pending', 'pending', 'pending', 'success'],
			]),
			clock.settings({ initialIntervalMs: 1000 }),
			{ startedAt: Array(4).fill(1_000_000) },
		);
		expect(clock.sleeps).toHaveLength(5);
		[2100, 1000, 1000 * Math.sqrt(3 / 4), 1000 * Math.sqrt(2 / 4), 500].forEach((pause, round) =>
			expect(clock.sleeps[round]).toBeCloseTo(pause, 6),
		);
	});

	test('a cover ready at its first read whose start nobody knows does not quicken the others', async () => {
		const clock = fakeClock();
		// No start from this run and none in the provider's record: its age says nothing.
		await pollUntilTerminal(
			3,
			clock.reader([['success'], ['pending', 'pending', 'success'], ['pending', 'success']]),
			clock.settings({ initialIntervalMs: 1000 }),
		);
		expect(clock.sleeps).toEqual([1000, 1000]);
	});

	test('a cover younger than the quickest one seen ready keeps the full interval until it is as old', async () => {
		const clock = fakeClock();
		// Cover 0 was started 20 s before the wait and is ready at once; cover 1 starts with the wait.
		await pollUntilTerminal(
			2,
			clock.reader([['success'], ['pending', 'pending', 'success']]),
			clock.settings({ initialIntervalMs: 5000 }),
			{ startedAt: [1_000_000 - 20_000, 1_000_000] },
		);
		const coverOne = clock.reads.filter((read) => read.index === 1).map((read) => read.at);
		expect(coverOne.slice(0, 2)).toEqual([10_500, 15_500]);
		// At 15.5 s old it is as old as cover 0 was (20 s) by its next read: half of the wait runs.
		expect(coverOne[2]).toBeCloseTo(15_500 + 5000 * Math.sqrt(1 / 2), 6);
	});

	test('a cover is read every Poll Interval in its first minute, then each pause grows 1.5 times up to 30 s', async () => {
		const clock = fakeClock();
		const firstMinute = Array<number>(60).fill(1000);
		const growing = [1500, 2250, 3375, 5062.5, 7593.75, 11390.625, 17085.9375, 25628.90625];
		const expected = [...firstMinute, ...growing, MAX_POLL_INTERVAL_MS, MAX_POLL_INTERVAL_MS];
		const script: CoverStatus[] = [
			...Array<CoverStatus>(expected.length).fill('pending'),
			'success',
		];
		await pollUntilTerminal(1, clock.reader([script]), clock.settings({ initialIntervalMs: 1000 }));
		expect(clock.sleeps).toEqual(expected);
	});

	test('a cover the provider says is older than a minute gets growing pauses from the start', async () => {
		const clock = fakeClock();
		const created = new Date(1_000_000 - 5 * 60_000).toISOString();
		const reader = async (): Promise<CoverResult> => {
			clock.reads.push({ index: 0, at: clock.elapsed() });
			return { ...result(0, clock.reads.length < 4 ? 'pending' : 'success'), createdAt: created };
		};
		// The fake clock's epoch is 1 000 000 ms; the provider's createdAt is five minutes before.
		await pollUntilTerminal(1, reader, clock.settings({ initialIntervalMs: 1000 }));
		expect(clock.sleeps).toEqual([1500, 2250, 3375]);
	});

	test('a cover this run just started is first read 2.1 Poll Intervals after its start, not at once', async () => {
		const clock = fakeClock();
		const startedAt = [1_000_000, 1_000_000 + 3000];
		await pollUntilTerminal(
			2,
			clock.reader([['pending', 'success'], ['success']]),
			clock.settings({ initialIntervalMs: 5000 }),
			{ startedAt },
		);
		expect(clock.reads).toEqual([
			{ index: 0, at: 10_500 },
			{ index: 1, at: 13_500 },
			{ index: 0, at: 15_500 },
		]);
	});

	test('the Poll Interval field tells the user the first read, the growth and the cap the wait uses', () => {
		expect(pollIntervalOption.description).toContain(
			`Later each pause is ${POLL_INTERVAL_GROWTH} times longer, up to ${MAX_POLL_INTERVAL_MS / 1000} seconds. A cover this run just started is first checked after ${FIRST_READ_AFTER_START_FACTOR} intervals.`,
		);
	});

	test('reads falling due within a quarter second go out in one round', async () => {
		const clock = fakeClock();
		await pollUntilTerminal(
			2,
			clock.reader([['success'], ['success']]),
			clock.settings({ initialIntervalMs: 5000 }),
			{ startedAt: [1_000_000, 1_000_000 + 200] },
		);
		expect(clock.reads.map((read) => read.at)).toEqual([10_500, 10_500]);
		expect(clock.sleeps).toEqual([10_500]);
	});

	test('stops at the deadline with the last status, shortening the last pause and reading once more at the deadline', async () => {
		const clock = fakeClock();
		const outcomes = await pollUntilTerminal(
			2,
			clock.reader([['pending'], ['pending', 'failed']]),
			clock.settings({ timeoutMs: 10_000, initialIntervalMs: 3000 }),
		);
		expect(outcomes[0]).toEqual({ kind: 'timedOut', last: result(0, 'pending') });
		expect(outcomes[1]).toMatchObject({ kind: 'terminal', result: { status: 'failed' } });
		expect(clock.sleeps).toEqual([3000, 3000, 3000, 1000]);
		expect(clock.reads.filter((read) => read.index === 0).map((read) => read.at)).toEqual([
			0, 3000, 6000, 9000, 10_000,
		]);
		expect(clock.elapsed()).toBe(10_000);
	});

	test(`keeps at most ${STATUS_READ_CONCURRENCY} status reads in flight and reads every task each round`, async () => {
		let inFlight = 0;
		let maxInFlight = 0;
		const read: number[] = [];
		const clock = fakeClock();
		await pollUntilTerminal(
			10,
			async (index) => {
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				await new Promise((resolve) => setImmediate(resolve));
				inFlight--;
				read.push(index);
				return result(index, 'success');
			},
			clock.settings(),
		);
		expect(maxInFlight).toBe(STATUS_READ_CONCURRENCY);
		expect(read.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	test('does nothing for zero tasks', async () => {
		const clock = fakeClock();
		await expect(pollUntilTerminal(0, clock.reader([]), clock.settings())).resolves.toEqual([]);
		expect(clock.sleeps).toEqual([]);
	});
});
