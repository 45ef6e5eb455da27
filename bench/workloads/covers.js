'use strict';
// The cover plans the poll and callback workloads share: how many covers a workflow waits for and
// when the emulator makes each ready (short, long, burst), each cover's music task id naming its
// planned ready time (see the emulator's README), and how many rounds a workload runs.

const COVERS = 20;
// Each poll workload runs this many times: one round's lag median depends on where the covers'
// ready times fall between the reads (of the loop and of ours), so one round is partly luck.
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
// Halfway between two of the loop's reads (it reads about every 5 s from the start): the loop's
// average case. A multiple of 5 s would be its best case.
const BURST_AFTER_MS = 12_500;

// Ready delays after each cover's generate, evenly spread over [from, to] ms; burst: every cover
// ready at one moment, BURST_AFTER_MS after the run starts.
const PLANS = {
	short: { from: 6000, to: 16000 },
	long: { from: 20000, to: 60000 },
	burst: {},
};

/** Evenly spread ready delay of cover i of COVERS over [from, to]. */
const spread = ({ from, to }, i) => Math.round(from + ((to - from) * i) / (COVERS - 1));

/** Music task ids of one workflow's covers: each names its planned ready time (see the emulator). */
function trackIds(name, flavor, startedAt) {
	const tag = Date.now().toString(36);
	return Array.from({ length: COVERS }, (_, i) => {
		const plan =
			name === 'burst'
				? `readyat${startedAt + BURST_AFTER_MS}`
				: `ready${spread(PLANS[name], i)}ms`;
		return `bench-${tag}-${name}-${flavor}-${String(i).padStart(2, '0')}-${plan}`;
	});
}

/** Runs `runPlan(name)` for each plan asked for, one after the other; resolves results by name. */
async function byPlan(plans, runPlan) {
	const results = {};
	for (const name of plans) results[name] = await runPlan(name);
	return results;
}

/** How the poll and callback rows are measured, for bench/results.md. */
const method = `- Workloads: ${COVERS} kie.ai covers per workflow, ready ${PLANS.short.from / 1000}-${PLANS.short.to / 1000} s (short) or ${PLANS.long.from / 1000}-${PLANS.long.to / 1000} s (long) after
  each cover's generate, evenly spread, or all at one moment ${BURST_AFTER_MS / 1000} s after the run starts (burst). The loop
  and Generate -> Wait for Completion run together, on their own music tasks (the emulator's create
  limit is raised to ${2 * COVERS} per 10 s there so the two simultaneous batches do not refuse each other),
  ${ROUNDS} rounds of each: lags and reads over all covers of all rounds, wall / minimum the median of the rounds.
  The callback burst also runs ${ROUNDS} rounds: times are the median of the rounds, maxima the largest, counts summed.
  Generate with Wait for Callback runs on its own afterwards (kie.ai's callbacks land in the same n8n).
- Detection lag: first status read that showed the cover finished, minus its ready time (for the
  callback wait too: its confirming read; a callback may leave its own cover to a later callback's
  reads). Reads per cover: status reads the emulator received for it. Wall / minimum: execution
  duration divided by (last cover ready - execution start). Resumed: start of the node after the
  callback wait; resumes: callbacks n8n answered with its own "Workflow was started".
  Callback answer time: from kie.ai's POST to n8n's answer (kie.ai gives up at 15 s).`;

module.exports = { COVERS, ROUNDS, PLANS, trackIds, byPlan, method };
