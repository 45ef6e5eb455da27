// The benchmark's arithmetic (bench/measure.js) on hand-made emulator logs and executions.
import * as m from '../../bench/measure';

const T = 1_700_000_000_000;
const task = (coverTaskId: string, musicTaskId: string, readyAt: number) => ({
	coverTaskId,
	musicTaskId,
	createdAt: T,
	readyAt,
});
const read = (taskId: string, at: number, phase: string) => ({
	query: { taskId },
	at,
	answer: { httpStatus: 200, code: 200, phase, at: at + 5 },
});
const execution = (startedAt: number, stoppedAt: number, nextNodeStart?: number) => ({
	status: 'success',
	startedAt: new Date(startedAt).toISOString(),
	stoppedAt: new Date(stoppedAt).toISOString(),
	data: {
		resultData: {
			runData:
				nextNodeStart === undefined
					? {}
					: { 'Covers ready': [{ startTime: nextNodeStart, executionTime: 1 }] },
		},
	},
});

/** A number equal to `n` to two decimals (what `toBeCloseTo` checks), inside `toMatchObject`. */
const near = (n: number) => expect.closeTo(n, 2);

describe('bench measures', () => {
	const tasks = [
		task('c1', 'm1', T + 6000),
		task('c2', 'm2', T + 10000),
		task('other', 'not-mine', T + 1000),
	];
	const reads = [
		read('c1', T + 5000, 'generating'),
		read('c1', T + 7000, 'success'),
		read('c1', T + 12000, 'success'), // a later read does not move the detection
		read('c2', T + 9000, 'generating'),
		read('c2', T + 14000, 'success'),
		read('other', T + 2000, 'success'),
	];

	it("takes each cover's first read that showed it finished, and counts its reads", () => {
		const covers = m.coverTimelines(tasks, reads, ['m1', 'm2']);
		expect(covers.map((c: any) => [c.coverTaskId, c.reads, c.firstDoneAt])).toEqual([
			['c1', 3, T + 7000],
			['c2', 2, T + 14000],
		]);
	});

	it('detection lag, reads per cover and wall time over the minimum', () => {
		const covers = m.coverTimelines(tasks, reads, ['m1', 'm2']);
		const out = m.pollMetrics(covers, execution(T, T + 15000), 2);
		expect(out).toMatchObject({
			lagMedian: near(2.5), // 1 s and 4 s
			lagMax: near(4),
			readsPerCover: near(2.5),
			wallOverMin: near(1.5), // 15 s for covers the last of which was ready at 10 s
			detected: 2,
		});
	});

	it('over rounds: lags and reads pooled over every cover, wall the median of the rounds', () => {
		const covers = m.coverTimelines(tasks, reads, ['m1', 'm2']);
		const out = m.pollMetricsOverRounds(
			[
				{ covers, execution: execution(T, T + 15000) },
				{ covers: [{ ...covers[0], firstDoneAt: T + 11000 }], execution: execution(T, T + 12000) },
				{ covers, execution: execution(T, T + 10500) },
			],
			2,
		);
		expect(out).toMatchObject({
			// Lags 1, 4, 5 (c1 seen 5 s late in round 2), 1, 4 s: median 4, max 5.
			lagMedian: near(4),
			lagMax: near(5),
			readsPerCover: near(2.6), // 3, 2, 3, 3, 2
			// Rounds: 15 / 10, 12 / 6 (its only cover was ready at 6 s), 10.5 / 10.
			wallOverMin: near(1.5),
			rounds: 3,
			covers: 5,
			detected: 5,
			expected: 6,
		});
	});

	it('callback wait: resume time, answer times, resumes told by n8n, conflicts', () => {
		const covers = m.coverTimelines(tasks, reads, ['m1', 'm2']);
		const cb = (
			coverTaskId: string,
			status: number | null,
			at: number,
			ms: number,
			answer = '',
		) => ({
			coverTaskId,
			status,
			at,
			answeredAt: at + ms,
			answer,
		});
		const callbacks = [
			cb('c1', 200, T + 6000, 100, '{"received":true,"resumed":false}'),
			cb('c2', null, T + 10000, 15000), // kie.ai gave up
			cb('c2', 200, T + 26000, 300, '{"message":"Workflow was started"}'),
			cb('other', 200, T, 1, '{"message":"Workflow was started"}'),
		];
		const out = m.callbackMetrics(covers, execution(T, T + 27000, T + 26500), callbacks, 2, 4);
		expect(out).toMatchObject({
			callbacks: 3,
			callbacksNot2xx: 1,
			callbackAnswerP50: near(0.3),
			callbackAnswerMax: near(15),
			resumes: 1,
			resumeConflicts: 4,
			resumeAfterLast: near(16.5),
			resumeLagMedian: near(18.5), // 20.5 s and 16.5 s
			wentOn: true,
			// c1: answered 100 ms after its send at ready; c2: first 2xx 16.3 s after ready.
			acked: 2,
			ackLagMedian: near(8.2),
			ackLagMax: near(16.3),
		});
	});

	it('callback rounds: times are the median of the rounds, maxima the largest, counts summed', () => {
		const round = (resumeAfterLast: number, callbackAnswerMax: number, resumes: number) => ({
			status: 'success',
			covers: 20,
			readsPerCover: 2.9,
			callbacks: 20,
			callbacksNot2xx: 0,
			resumes,
			resumeConflicts: 0,
			resumeAfterLast,
			callbackAnswerP50: resumeAfterLast - 0.1,
			callbackAnswerMax,
			wentOn: true,
		});
		const out = m.callbackMetricsOverRounds([
			round(1.3, 1.4, 1),
			round(0.9, 1.0, 1),
			round(1.0, 2.1, 0),
		]);
		expect(out).toMatchObject({
			rounds: 3,
			resumeAfterLast: near(1.0),
			callbackAnswerP50: near(0.9),
			callbackAnswerMax: near(2.1),
			callbacks: 60,
			resumes: 2,
			readsPerCover: near(2.9),
			perRound: { length: 3 },
		});
		expect(m.callbackMetricsOverRounds([round(1.3, 1.4, 1)]).resumeAfterLast).toBe(1.3);
	});

	it('median, slope', () => {
		expect(m.median([3, 1, 2])).toBe(2);
		expect(m.median([4, 1, 2, 3])).toBe(2.5);
		expect(m.slope([10, 12, 14, 16, 18])).toBeCloseTo(2);
		expect(m.slope([50, 50, 50])).toBeCloseTo(0);
	});
});
