import { NodeOperationError, type INode } from 'n8n-workflow';

import {
	FIRST_READ_AFTER_START_FACTOR,
	MAX_POLL_INTERVAL_MS,
	POLL_INTERVAL_GROWTH,
	STATUS_READ_CONCURRENCY,
} from '../../../../nodes/MusicCover/util/constants';
import { pollIntervalOption } from '../../../../nodes/MusicCover/descriptions';
import { pollUntilTerminal, type PollSettings } from '../../../../nodes/MusicCover/covers/polling';
import { kieAi } from '../../../../nodes/MusicCover/providers/kieAi';
import type { CoverResult, CoverStatus } from '../../../../nodes/MusicCover/providers/types';
import { networkError, providerError } from '../../../../nodes/MusicCover/transport/errors';
import { isTransientError } from '../../../../nodes/MusicCover/transport/retry';
import { musicCoverNode } from '../../../harness/n8nRuntime';

const node: INode = musicCoverNode('musicCover', {}, []);

const result = (
	index: number,
	status: CoverStatus,
	providerStatus = status.toUpperCase(),
): CoverResult => ({
	provider: 'kieAi',
	coverTaskId: `cover-${index}`,
	status,
	providerStatus,
	images: status === 'success' ? [`https://img/${index}.png`] : [],
});

/** Errors as the transport raises them: a provider's answer code, or a network failure. */
const apiError = (code: number) =>
	providerError(
		node,
		kieAi,
		{ httpStatus: 200, code, message: `code ${code}`, data: undefined },
		[],
	);
const connectionReset = () =>
	networkError(node, kieAi, { code: 'ECONNRESET', message: 'socket hang up' }, []);

/**
 * A fake clock: `sleep` advances `now` instead of waiting, and every call is recorded, so the
 * poller's deadline and interval logic run without real time passing.
 */
function fakeClock() {
	let time = 1_000_000;
	const sleeps: number[] = [];
	const reads: Array<{ index: number; at: number }> = [];
	return {
		sleeps,
		reads,
		elapsed: () => time - 1_000_000,
		settings(overrides: Partial<PollSettings> = {}): PollSettings {
			return {
				timeoutMs: 600_000,
				initialIntervalMs: 5_000,
				now: () => time,
				sleep: async (ms: number, signal?: AbortSignal) => {
					signal?.throwIfAborted();
					sleeps.push(ms);
					time += ms;
				},
				...overrides,
			};
		},
		/** readStatus that answers from a script: per task, one answer per round (last one repeats). */
		reader(script: Array<Array<CoverStatus | Error>>) {
			const rounds = script.map(() => 0);
			return async (index: number): Promise<CoverResult> => {
				reads.push({ index, at: time - 1_000_000 });
				const answers = script[index];
				const answer = answers[Math.min(rounds[index]++, answers.length - 1)];
				if (answer instanceof Error) throw answer;
				return result(index, answer);
			};
		},
	};
}

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

	test.each([
		{ name: 'a 429', error: apiError(429) },
		{ name: 'a 500', error: apiError(500) },
		{ name: 'maintenance (455)', error: apiError(455) },
		{ name: 'a network error', error: connectionReset() },
	])('keeps polling through $name and finishes when the provider recovers', async ({ error }) => {
		const clock = fakeClock();
		// kie.ai's adapter declares 455 transient; the wait layer passes its judgement in.
		const isTransient = (caught: unknown) => isTransientError(caught, kieAi.transientCodes);
		const outcomes = await pollUntilTerminal(
			1,
			clock.reader([['pending', error, 'success']]),
			clock.settings(),
			{ isTransient },
		);
		expect(outcomes[0]).toMatchObject({ kind: 'terminal', result: { status: 'success' } });
		expect(clock.reads).toHaveLength(3);
	});

	test("a code that is not transient for the provider (455 without kie.ai's adapter) ends the task at once", async () => {
		const clock = fakeClock();
		const outcomes = await pollUntilTerminal(
			1,
			clock.reader([['pending', apiError(455), 'success']]),
			clock.settings(),
		);
		expect(outcomes[0]).toMatchObject({ kind: 'error' });
		expect(clock.reads).toHaveLength(2);
	});

	test('a transient error that lasts to the deadline times out, keeping the last status and the error', async () => {
		const clock = fakeClock();
		const error = apiError(503);
		const outcomes = await pollUntilTerminal(
			1,
			clock.reader([['pending', error]]),
			clock.settings({ timeoutMs: 20_000 }),
		);
		expect(outcomes[0]).toEqual({ kind: 'timedOut', last: result(0, 'pending'), lastError: error });
	});

	test.each([
		{ name: 'a 404 from the provider', error: apiError(404) },
		{ name: 'a 401 from the provider', error: apiError(401) },
		{
			name: 'an error that is not a provider answer',
			error: new NodeOperationError(node, 'unexpected answer'),
		},
	])(
		'gives up on a task after $name, without reading it again, while the others go on',
		async ({ error }) => {
			const clock = fakeClock();
			const outcomes = await pollUntilTerminal(
				2,
				clock.reader([[error], ['pending', 'success']]),
				clock.settings(),
			);
			expect(outcomes[0]).toEqual({ kind: 'error', error });
			expect(outcomes[1]).toMatchObject({ kind: 'terminal' });
			expect(clock.reads.filter((read) => read.index === 0)).toHaveLength(1);
		},
	);

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
