'use strict';
// h) Queue mode with 3 workers on one kie.ai account: 3 executions of Generate (Don't Wait, Continue
// On Fail) with 100 tracks each, started at once, one per worker (each worker runs one execution
// at a time), each worker's pacer on its own: covers made, the fleet's create rate vs the
// account's 20 per 10 s, creates refused (429) as a share of all creates, from the emulator's log.
const { generateMany } = require('../workflows');
const { openQueueBench } = require('../bench');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { fmt, ratio, rowList } = require('../table');

const WORKERS = 3;
const CREATES = Number(process.env.BENCH_FLEET_CREATES || 100);
const TOTAL = WORKERS * CREATES;
// kie.ai: 20 creates per 10 s per key; the account's limit as a rate.
const LIMIT_PER_SECOND = 2;
const KEYS = Array.from({ length: WORKERS }, (_, i) => `fleet${i + 1}`);

// On the main bench's n8n these only get deployed; the queue bench runs them.
const workflows = Object.fromEntries(KEYS.map((key) => [key, generateMany]));

/** Which worker's log names the execution (n8n's worker logs each job it runs). */
function workerOf(stack, id) {
	const role = Object.keys(stack.n8n.services)
		.filter((r) => r.startsWith('worker'))
		.find((r) => new RegExp(`execution ${id}\\b`).test(stack.n8n.logText(r)));
	return role ?? '?';
}

async function runFleet(bench) {
	const { emulator } = bench;
	await emulator.reset();
	const tag = Date.now().toString(36);
	const ids = await Promise.all(
		KEYS.map((key, w) =>
			bench.start(key, {
				tracks: Array.from({ length: CREATES }, (_, i) => `bench-${tag}-fleet-${w}-${i}`),
			}),
		),
	);
	const executions = await Promise.all(ids.map((id) => bench.finished(id, 1200000)));
	const generates = await emulator.control('GET', 'requests?provider=kieAi&endpoint=generate');
	const tasks = await emulator.control('GET', 'tasks?provider=kieAi');
	const accepted = generates.filter((r) => r.answer?.code === 200).map((r) => r.at);
	const first = Math.min(...generates.map((r) => r.at));
	// The first window's 20 go at once; the rest at most 20 per 10 s after it.
	const spanSeconds = (Math.max(...accepted) - first) / 1000;
	const result = {
		statuses: executions.map((ex) => ex.status),
		workers: ids.map((id) => workerOf(bench.stack, id)),
		errorItems: executions
			.flatMap((ex) => nodeOutputOfAllRuns(ex, 'Generate'))
			.filter((i) => i.json.error !== undefined || !i.json.coverTaskId).length,
		created: tasks.length,
		requests: generates.length,
		refused: generates.filter((r) => r.answer?.code === 429).length,
		spanSeconds,
		ratePerSecond: (accepted.length - 20) / spanSeconds,
		// Each create's arrival (ms after the first) and answer code, kept in results.json.
		timeline: generates.map((r) => [r.at - first, r.answer?.code]),
	};
	bench.log(
		`  fleet: ${result.created}/${TOTAL} covers made by ${result.workers.join(', ')}, ` +
			`${result.refused} of ${result.requests} creates refused, ` +
			`${result.ratePerSecond.toFixed(2)} creates/s over ${spanSeconds.toFixed(1)} s`,
	);
	return result;
}

async function run(bench, opts) {
	const queueBench = await openQueueBench(opts, 'fleet', workflows, {
		workers: WORKERS,
		workerConcurrency: 1,
	});
	try {
		return await runFleet(queueBench);
	} finally {
		await queueBench.stack.stop();
	}
}

function rows(results) {
	const { rows, row } = rowList();
	const f = results.fleet;
	if (!f) return rows;
	const label = `${WORKERS} workers, ${WORKERS} x ${CREATES} creates, one kie.ai account`;
	row(label, `covers made (of ${TOTAL}); error items`, '', `${f.created}; ${f.errorItems}`);
	row(
		label,
		'fleet create rate (per s) vs the account limit',
		String(LIMIT_PER_SECOND),
		fmt(f.ratePerSecond),
		ratio(f.ratePerSecond, LIMIT_PER_SECOND),
	);
	row(
		label,
		'creates refused (429) / all creates',
		'',
		`${f.refused} / ${f.requests} (${fmt((100 * f.refused) / f.requests, 1)} %)`,
	);
	return rows;
}

const method = `- Fleet: n8n queue mode (PostgreSQL, Redis) with ${WORKERS} workers (concurrency 1 each), ${WORKERS} executions of
  Generate (Don't Wait, Continue On Fail) with ${CREATES} tracks each started at once on one kie.ai key.
  Rate = (creates accepted - 20) / (last accepted create - first create request), vs 20 per 10 s;
  refused = the emulator's 429 answers / all create requests.`;

module.exports = { name: 'fleet', workflows, run, rows, method };
