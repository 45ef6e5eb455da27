'use strict';
// b) Generate with Wait for Callback on the same cover plans, on its own: kie.ai's callbacks go to
// the execution's resume URL in this n8n, so the run's handling of them is part of what is timed.
// The burst, short and decided by how n8n main gets through it, runs ROUNDS times.
const m = require('../measure');
const wf = require('../workflows');
const proc = require('../../stack/proc');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { fmt, ratio, rowList } = require('../table');
const { COVERS, ROUNDS, PLANS, trackIds, byPlan } = require('./covers');

const workflows = { callback: wf.generateWithCallback };

/**
 * The callback log once no delivery is still in flight: a callback enters the log when answered,
 * and the one that resumed the run may be answered after the run ended. Stable for 2 s, or 20 s.
 */
async function settledCallbacks(emulator) {
	const deadline = Date.now() + 20000;
	let last = await emulator.callbacks();
	let stableSince = Date.now();
	while (Date.now() < deadline && Date.now() - stableSince < 2000) {
		await proc.sleep(250);
		const now = await emulator.callbacks();
		if (now.length !== last.length) stableSince = Date.now();
		last = now;
	}
	return last;
}

async function runPlan(bench, name) {
	const { emulator } = bench;
	const rounds = name === 'burst' ? ROUNDS : 1;
	const perRound = [];
	for (let round = 0; round < rounds; round++) {
		await emulator.reset();
		const logFrom = bench.mainLogLength();
		const t0 = Date.now();
		const ids = trackIds(name, 'callback', t0);
		const ex = await bench.finished(await bench.start('callback', { tracks: ids }), 240000);
		const callbacks = await settledCallbacks(emulator);
		const [tasks, reads] = await Promise.all([
			emulator.control('GET', 'tasks?provider=kieAi'),
			emulator.control('GET', 'requests?provider=kieAi&endpoint=status'),
		]);
		const conflicts = (bench.mainLogSince(logFrom).match(/already being resumed/g) ?? []).length;
		const covers = m.coverTimelines(tasks, reads, ids);
		const result = m.callbackMetrics(covers, ex, callbacks, COVERS, conflicts);
		result.finished = nodeOutputOfAllRuns(ex, 'Covers ready').filter(
			(i) => i.json.status === 'success',
		).length;
		bench.log(
			`  ${name}${rounds > 1 ? ` round ${round + 1}/${rounds}` : ''}, Wait for Callback: ${ex.status} ` +
				`${result.finished}/${COVERS} ready, ${result.callbacks} callbacks, resumed ` +
				`${result.resumeAfterLast.toFixed(2)} s after the last cover (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		);
		perRound.push(result);
	}
	return m.callbackMetricsOverRounds(perRound);
}

const run = (bench, { plans }) => byPlan(plans, (name) => runPlan(bench, name));

function rows(results) {
	const { rows, row } = rowList();
	for (const name of Object.keys(PLANS)) {
		const cb = results.callback?.[name];
		if (!cb) continue;
		// The loop of the same plan in this run is the reference (when it ran).
		const loop = results.poll?.[name]?.loop ?? {};
		const label = `${name}${cb.rounds > 1 ? ` x${cb.rounds} rounds` : ''}: Wait for Callback vs loop`;
		row(
			label,
			'lag ready -> confirming read median (s)',
			fmt(loop.lagMedian),
			fmt(cb.lagMedian),
			ratio(cb.lagMedian, loop.lagMedian),
		);
		row(
			label,
			'lag ready -> confirming read max (s)',
			fmt(loop.lagMax),
			fmt(cb.lagMax),
			ratio(cb.lagMax, loop.lagMax),
		);
		row(
			label,
			'lag ready -> its callback answered 2xx, median / max (s); covers',
			'',
			`${fmt(cb.ackLagMedian)} / ${fmt(cb.ackLagMax)}; ${cb.acked} of ${cb.covers}`,
		);
		row(
			label,
			'lag ready -> execution resumed, median over covers (s)',
			'',
			fmt(cb.resumeLagMedian),
		);
		row(
			label,
			'status reads per cover',
			fmt(loop.readsPerCover),
			fmt(cb.readsPerCover),
			ratio(cb.readsPerCover, loop.readsPerCover),
		);
		row(
			label,
			'callback answer time p50 / max (s)',
			'',
			`${fmt(cb.callbackAnswerP50)} / ${fmt(cb.callbackAnswerMax)}`,
		);
		row(
			label,
			'callbacks sent (redeliveries included) / not answered 2xx',
			'',
			`${cb.callbacks} / ${cb.callbacksNot2xx}`,
		);
		row(
			label,
			'resumes (answered "Workflow was started") / "already being resumed" errors',
			'',
			`${cb.resumes}${cb.resumes === 0 && cb.wentOn ? ' (the run went on; that answer came after kie.ai gave up)' : ''} / ${cb.resumeConflicts}`,
		);
		row(
			label,
			'resumed after the last cover (s)',
			'',
			cb.perRound
				? `${fmt(cb.resumeAfterLast)} (rounds: ${cb.perRound.map((r) => fmt(r.resumeAfterLast)).join(' / ')})`
				: fmt(cb.resumeAfterLast),
		);
	}
	return rows;
}

module.exports = { name: 'callback', workflows, run, rows };
