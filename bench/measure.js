'use strict';
// Turns the emulator's logs (cover tasks, status reads with what they showed, callback answers)
// and n8n's execution records into the benchmark's numbers. Times are epoch ms in, seconds out.
const { nodeRuns } = require('../stack/n8n/runData');

function median(values) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const max = (values) => (values.length ? Math.max(...values) : NaN);
const mean = (values) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

/**
 * Per cover of one workflow: when it was ready, how many status reads it got, and when the first
 * read that showed it finished arrived. tasks: the emulator's cover tasks; reads: its status-read
 * log entries (with `answer.phase`).
 */
function coverTimelines(tasks, reads, musicTaskIds) {
	const wanted = new Set(musicTaskIds);
	const byCover = new Map();
	for (const task of tasks) {
		if (wanted.has(task.musicTaskId))
			byCover.set(task.coverTaskId, { ...task, reads: 0, firstDoneAt: null });
	}
	for (const read of reads) {
		const cover = byCover.get(read.query.taskId ?? read.query.task_id);
		if (!cover) continue;
		cover.reads += 1;
		const phase = read.answer?.phase;
		if (cover.firstDoneAt === null && (phase === 'success' || phase === 'failed'))
			cover.firstDoneAt = read.at;
	}
	return [...byCover.values()];
}

/** Detection lag, reads per cover and wall time over the minimum of one polling workflow. */
function pollMetrics(covers, execution, expected) {
	const started = Date.parse(execution.startedAt);
	const stopped = Date.parse(execution.stoppedAt);
	const lastReady = max(covers.map((c) => c.readyAt));
	const lags = covers.filter((c) => c.firstDoneAt !== null).map((c) => c.firstDoneAt - c.readyAt);
	return {
		covers: covers.length,
		expected,
		detected: lags.length,
		lagMedian: median(lags) / 1000,
		lagMax: max(lags) / 1000,
		readsPerCover: mean(covers.map((c) => c.reads)),
		wallSeconds: (stopped - started) / 1000,
		wallOverMin: (stopped - started) / (lastReady - started),
		status: execution.status,
	};
}

/**
 * One polling workflow run several times on the same workload: lags and reads over every cover
 * of every round (the rounds' read phases differ, so one round's median is partly luck), wall
 * over the minimum as the median of the rounds. rounds: [{ covers, execution }].
 */
function pollMetricsOverRounds(rounds, expected) {
	const perRound = rounds.map(({ covers, execution }) => pollMetrics(covers, execution, expected));
	const covers = rounds.flatMap((round) => round.covers);
	const lags = covers.filter((c) => c.firstDoneAt !== null).map((c) => c.firstDoneAt - c.readyAt);
	return {
		rounds: rounds.length,
		covers: covers.length,
		expected: expected * rounds.length,
		detected: lags.length,
		lagMedian: median(lags) / 1000,
		lagMax: max(lags) / 1000,
		readsPerCover: mean(covers.map((c) => c.reads)),
		wallOverMin: median(perRound.map((r) => r.wallOverMin)),
		wallSeconds: median(perRound.map((r) => r.wallSeconds)),
		status: [...new Set(perRound.map((r) => r.status))].join(', '),
		perRound,
	};
}

/** Callback wait: the poll numbers plus when the run went on, and the callbacks' answers. */
function callbackMetrics(covers, execution, callbacks, expected, resumeConflicts) {
	const base = pollMetrics(covers, execution, expected);
	const coverIds = new Set(covers.map((c) => c.coverTaskId));
	const mine = callbacks.filter((c) => coverIds.has(c.coverTaskId));
	const answerTimes = mine.map((c) => c.answeredAt - c.at);
	const resumedAt = firstStart(execution, 'Covers ready');
	const lastReady = max(covers.map((c) => c.readyAt));
	// n8n answers a callback that resumed the execution with its own "Workflow was started" (the
	// node's webhook answers "on received"); callbacks that only acknowledge get the node's answer.
	const isResume = (c) =>
		c.status >= 200 && c.status < 300 && /Workflow was started/.test(c.answer ?? '');
	// Per cover: from ready to n8n's first 2xx answer to its callback (kie.ai stops redelivering).
	const acked = covers
		.map((cover) =>
			mine.find((c) => c.coverTaskId === cover.coverTaskId && c.status >= 200 && c.status < 300),
		)
		.map((c, i) => (c ? c.answeredAt - covers[i].readyAt : null))
		.filter((lag) => lag !== null);
	return {
		...base,
		ackLagMedian: median(acked) / 1000,
		ackLagMax: max(acked) / 1000,
		acked: acked.length,
		resumeLagMedian:
			resumedAt === null ? NaN : median(covers.map((c) => resumedAt - c.readyAt)) / 1000,
		resumeAfterLast: resumedAt === null ? NaN : (resumedAt - lastReady) / 1000,
		callbacks: mine.length,
		callbackAnswerP50: median(answerTimes) / 1000,
		callbackAnswerMax: max(answerTimes) / 1000,
		callbacksNot2xx: mine.filter((c) => !(c.status >= 200 && c.status < 300)).length,
		resumes: mine.filter(isResume).length,
		// A resuming callback whose answer came after kie.ai gave up is not counted above.
		wentOn: resumedAt !== null,
		resumeConflicts,
	};
}

/**
 * Callback wait over several rounds: each time the median of the rounds, each maximum the largest,
 * counts summed, reads per cover the mean (every round has the same covers).
 */
function callbackMetricsOverRounds(perRound) {
	if (perRound.length === 1) return perRound[0];
	const of = (key) => perRound.map((round) => round[key]);
	const sum = (key) => of(key).reduce((total, value) => total + value, 0);
	const out = { rounds: perRound.length, perRound };
	for (const key of Object.keys(perRound[0])) {
		if (typeof perRound[0][key] !== 'number') out[key] = perRound[0][key];
		else if (/Max$/.test(key)) out[key] = max(of(key));
		else if (
			/^(covers|expected|detected|acked|callbacks|callbacksNot2xx|resumes|resumeConflicts|finished)$/.test(
				key,
			)
		)
			out[key] = sum(key);
		else if (key === 'readsPerCover') out[key] = mean(of(key));
		else out[key] = median(of(key));
	}
	out.status = [...new Set(of('status'))].join(', ');
	out.wentOn = perRound.every((round) => round.wentOn);
	return out;
}

/** Start time (epoch ms) of a node's first run in an execution, null when it never ran. */
function firstStart(execution, nodeName) {
	const run = nodeRuns(execution, nodeName)[0];
	return run ? run.startTime : null;
}

/** Execution time (ms) of a node's first run. */
function nodeTime(execution, nodeName) {
	return nodeRuns(execution, nodeName)[0]?.executionTime ?? NaN;
}

/**
 * The most requests of an emulator log (entries with `at` and `answer.at`) that were open at the
 * same moment: a sweep over their arrivals and answers.
 */
function maxInFlight(entries) {
	const events = [];
	for (const e of entries) {
		if (e.answer?.at === undefined) continue;
		events.push([e.at, 1], [e.answer.at, -1]);
	}
	// An answer at the same millisecond as an arrival closes first.
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let most = 0;
	for (const [, step] of events) most = Math.max(most, (open += step));
	return most;
}

/** Wall time (ms) of an execution, from its start to its end as n8n records them. */
const wallMs = (execution) => Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt);

/** Least-squares slope of ys over 1..n. */
function slope(ys) {
	const xs = ys.map((_, i) => i + 1);
	const mx = mean(xs);
	const my = mean(ys);
	const num = xs.reduce((s, xv, i) => s + (xv - mx) * (ys[i] - my), 0);
	const den = xs.reduce((s, xv) => s + (xv - mx) ** 2, 0);
	return den ? num / den : NaN;
}

module.exports = {
	median,
	max,
	mean,
	coverTimelines,
	pollMetrics,
	pollMetricsOverRounds,
	callbackMetrics,
	callbackMetricsOverRounds,
	firstStart,
	nodeTime,
	maxInFlight,
	wallMs,
	slope,
};
