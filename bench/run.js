'use strict';
// Benchmark driver (started by bench/run.sh, which installs n8n 2.41.1 and packs the package): the
// packed package in a real n8n (regular mode, the shared stack in stack/) against the provider
// emulator, with n8n's own nodes doing the same jobs in the same n8n and the same run. Each
// workload (bench/workloads/<name>.js) runs and fills its rows of the table of ratios (ours /
// theirs); the table is printed and written to bench/results.md (bench/report.js).
//
// Env: BENCH_TGZ (packed package, required), BENCH_TMP (work folder), BENCH_ONLY (comma-separated
//      subset of: poll, callback, reads, creates, heap, downloads, thousand, fleet; default all but
//      thousand and fleet), BENCH_WORKLOADS (comma-separated
//      subset of short, long, burst for poll and callback; default all), BENCH_KEEP=1 (keep the work folder),
//      BENCH_ROUNDS (rounds of each poll workload, default 3),
//      BENCH_CPU_PROF=<dir> (n8n main writes a V8 CPU profile there when it stops),
//      BENCH_N8N_ENV=N8N_X=1,N8N_Y=2 (n8n settings to run the benchmark under).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const proc = require('../stack/proc');
const { logTails, VERSIONS } = require('../stack');
const { openBench } = require('./bench');
const { textTable } = require('./table');
const report = require('./report');
const covers = require('./workloads/covers');

// In the table's order.
const WORKLOADS = [
	require('./workloads/poll'),
	require('./workloads/callback'),
	require('./workloads/reads'),
	require('./workloads/creates'),
	require('./workloads/heap'),
	require('./workloads/downloads'),
	require('./workloads/thousand'),
	require('./workloads/fleet'),
];
// `npm run bench` without BENCH_ONLY: the thousand and fleet workloads (queue mode, PostgreSQL,
// Redis, 2 x 8.5 min at kie.ai's limit) only when named.
const DEFAULT = ['poll', 'callback', 'reads', 'creates', 'heap', 'downloads'];

const log = (line) => console.log(line);
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;
const list = (value) => value.split(',').map((s) => s.trim());

async function main() {
	const tgz = process.env.BENCH_TGZ;
	if (!tgz || !fs.existsSync(tgz))
		throw new Error(`BENCH_TGZ must name the packed package (got ${tgz})`);
	const tmp = process.env.BENCH_TMP || fs.mkdtempSync(path.join(os.tmpdir(), 'music-cover-bench-'));
	const plans = list(process.env.BENCH_WORKLOADS || Object.keys(covers.PLANS).join(',')).filter(
		(name) => covers.PLANS[name],
	);
	const startedAt = new Date();
	const commit = await report.gitDescribe();
	const t0 = Date.now();
	log(`\n=== benchmark: n8n ${VERSIONS[2]} regular mode, provider emulator ===`);
	const only = new Set(list(process.env.BENCH_ONLY || DEFAULT.join(',')));
	let bench;
	try {
		bench = await openBench(
			{ root: path.join(tmp, 'stack'), tgz, basePort: 5760 },
			Object.assign({}, ...WORKLOADS.map((w) => w.workflows)),
			log,
		);
	} catch (e) {
		if (e.stackInfo) console.log(logTails(e.stackInfo, 30));
		throw e;
	}
	const { stack } = bench;
	log(`  n8n at ${stack.n8n.baseUrl}, emulator at ${stack.emulator.url} (${sec(Date.now() - t0)})`);
	const results = {};
	try {
		for (const workload of WORKLOADS)
			if (only.has(workload.name))
				results[workload.name] = await workload.run(bench, { plans, tgz, tmp, log });
	} catch (e) {
		console.log(logTails(stack, 30));
		throw e;
	} finally {
		fs.writeFileSync(path.join(tmp, 'results.json'), JSON.stringify(results, null, 2));
		await stack.stop();
	}

	const rows = WORKLOADS.flatMap((workload) => workload.rows(results));
	const totalSeconds = (Date.now() - t0) / 1000;
	log(`\n${textTable(rows)}\n`);
	const run = { rows, commit, startedAt, totalSeconds };
	const methods = [covers.method, ...WORKLOADS.map((w) => w.method).filter(Boolean)];
	await report.writeResults({ ...run, only, methods });
	// The README shows n8n at its defaults only.
	const complete =
		!process.env.BENCH_N8N_ENV &&
		plans.length === Object.keys(covers.PLANS).length &&
		DEFAULT.every((name) => results[name]);
	if (complete) await report.updateReadme(run, log);
	log(
		`bench/results.md${complete ? ' and the README table' : ''} written; raw numbers in ${path.join(tmp, 'results.json')}`,
	);
	log(`bench total: ${Math.round(totalSeconds)} s (n8n start and all workloads)`);
}

proc.stopServersWithProcess();

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e.stack || String(e));
		proc.stopAll().finally(() => process.exit(1));
	},
);
