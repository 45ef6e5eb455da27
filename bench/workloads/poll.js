'use strict';
// a) The hand-built loop and Generate -> Wait for Completion side by side in one n8n, started
// together, each on its own covers with the same planned ready delays, ROUNDS times per plan.
const m = require('../measure');
const wf = require('../workflows');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { fmt, ratio, rowList } = require('../table');
const { COVERS, ROUNDS, PLANS, trackIds, byPlan } = require('./covers');

const workflows = { loop: wf.handBuiltLoop, poll: wf.generateThenWait };

async function runPlan(bench, name) {
	const { emulator } = bench;
	const rounds = { loop: [], poll: [] };
	const finished = { loop: 0, poll: 0 };
	for (let round = 0; round < ROUNDS; round++) {
		await emulator.reset();
		// The loop's 20 creates and ours go out together: kie.ai's limit (measured in `creates`)
		// would refuse some of the 40, which is not what this workload measures.
		await emulator.configure({ kieRateLimit: { max: 2 * COVERS } });
		const t0 = Date.now();
		const ids = { loop: trackIds(name, 'loop', t0), poll: trackIds(name, 'poll', t0) };
		const started = await Promise.all([
			bench.start('loop', { tracks: ids.loop }),
			bench.start('poll', { tracks: ids.poll }),
		]);
		const [loopEx, pollEx] = await Promise.all(started.map((id) => bench.finished(id, 240000)));
		const [tasks, reads] = await Promise.all([
			emulator.control('GET', 'tasks?provider=kieAi'),
			emulator.control('GET', 'requests?provider=kieAi&endpoint=status'),
		]);
		rounds.loop.push({ covers: m.coverTimelines(tasks, reads, ids.loop), execution: loopEx });
		rounds.poll.push({ covers: m.coverTimelines(tasks, reads, ids.poll), execution: pollEx });
		finished.loop += nodeOutputOfAllRuns(loopEx, 'Covers ready').length;
		finished.poll += nodeOutputOfAllRuns(pollEx, 'Covers ready').filter(
			(i) => i.json.status === 'success',
		).length;
		bench.log(
			`  ${name} round ${round + 1}/${ROUNDS}, loop vs Wait for Completion: loop ${loopEx.status}, ` +
				`ours ${pollEx.status} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		);
	}
	const result = {
		loop: m.pollMetricsOverRounds(rounds.loop, COVERS),
		poll: m.pollMetricsOverRounds(rounds.poll, COVERS),
		finished,
	};
	bench.log(
		`  ${name}: loop ${finished.loop}/${COVERS * ROUNDS} ready, ours ${finished.poll}/${COVERS * ROUNDS}`,
	);
	return result;
}

const run = (bench, { plans }) => byPlan(plans, (name) => runPlan(bench, name));

function rows(results) {
	const { rows, row } = rowList();
	for (const name of Object.keys(PLANS)) {
		const w = results.poll?.[name];
		if (!w) continue;
		const { loop, poll } = w;
		const label = `${name}: Wait for Completion vs loop`;
		row(
			label,
			'detection lag median (s)',
			fmt(loop.lagMedian),
			fmt(poll.lagMedian),
			ratio(poll.lagMedian, loop.lagMedian),
		);
		row(
			label,
			'detection lag max (s)',
			fmt(loop.lagMax),
			fmt(poll.lagMax),
			ratio(poll.lagMax, loop.lagMax),
		);
		row(
			label,
			'status reads per cover',
			fmt(loop.readsPerCover),
			fmt(poll.readsPerCover),
			ratio(poll.readsPerCover, loop.readsPerCover),
		);
		row(
			label,
			'wall / theoretical minimum',
			fmt(loop.wallOverMin),
			fmt(poll.wallOverMin),
			ratio(poll.wallOverMin, loop.wallOverMin),
		);
	}
	return rows;
}

module.exports = { name: 'poll', workflows, run, rows };
