'use strict';
// Benchmark driver (started by bench/run.sh, which installs n8n 2.41.1 and packs the package): the
// packed package in a real n8n (regular mode) against the provider emulator, with n8n's own nodes
// doing the same jobs in the same n8n and the same run. Prints a table of ratios (ours / theirs)
// and writes bench/results.md.
//
// Env: BENCH_TGZ (packed package, required), BENCH_TMP (work folder), BENCH_ONLY (comma-separated
//      subset of: poll, callback, reads, creates, heap; default all), BENCH_WORKLOADS (comma-separated
//      subset of short, long, burst for poll and callback; default all), BENCH_KEEP=1 (keep the work folder),
//      BENCH_ROUNDS (rounds of each poll workload, default 3),
//      BENCH_CPU_PROF=<dir> (n8n main writes a V8 CPU profile there when it stops),
//      BENCH_N8N_ENV=N8N_X=1,N8N_Y=2 (n8n settings to run the benchmark under).
const fs = require('node:fs');
const path = require('node:path');
const proc = require('../test/e2e/lib/proc');
const { request } = require('../test/e2e/lib/http');
const { startStack, logTails, VERSIONS } = require('../test/e2e/lib/stack');
const wf = require('./workflows');
const m = require('./measure');

const REPO = path.resolve(__dirname, '..');
const COVERS = 20;
// Each poll workload runs this many times: one round's lag median depends on where the covers'
// ready times fall between the reads (of the loop and of ours), so one round is partly luck.
const POLL_ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const STATUS_ITEMS = 1000;
const CREATES = 200;
const HEAP_ROUNDS = 5;
const HEAP_ITEMS = 500;
// kie.ai: 20 creates per 10 s; 200 creates need 10 windows, the last opening 90 s after the first.
const CREATE_MINIMUM_SECONDS = 90;
// Halfway between two of the loop's reads (it reads about every 5 s from the start): the loop's
// average case. A multiple of 5 s would be its best case.
const BURST_AFTER_MS = 12_500;

const WORKLOADS = {
	short: { label: `${COVERS} covers ready 6-16 s after generate`, from: 6000, to: 16000 },
	long: { label: `${COVERS} covers ready 20-60 s after generate`, from: 20000, to: 60000 },
	burst: { label: `${COVERS} covers all ready at one moment, 10 s after the run starts` },
};

const log = (line) => console.log(line);
const MB = 1024 * 1024;
const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Evenly spread ready delay of cover i of COVERS over [from, to]. */
const spread = ({ from, to }, i) => Math.round(from + ((to - from) * i) / (COVERS - 1));

/**
 * Repeats a call to n8n that failed with 503 or a network error: on a loaded machine n8n's SQLite
 * ping times out now and then and n8n answers "Database is not ready" for a moment.
 */
async function patient(call, timeoutMs = 180000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await call();
		} catch (e) {
			const transient =
				e.status === 503 || /503|fetch failed|ECONNRESET|timeout/i.test(`${e.name} ${e.message}`);
			if (!transient || Date.now() > deadline) throw e;
			await proc.sleep(1000);
		}
	}
}

class Bench {
	constructor(stack) {
		this.stack = stack;
		this.n8n = stack.n8n;
		this.emulator = stack.emulator;
		this.workflows = {};
	}

	async deploy(key, build, ctx) {
		const path = `bench-${key}`;
		const created = await this.n8n.createWorkflow(build(path, ctx));
		await this.n8n.activateWorkflow(created.id);
		this.workflows[key] = { id: created.id, path };
	}

	/** Starts a workflow over its webhook; resolves the id of the execution it started. */
	async start(key, body) {
		const { id, path } = this.workflows[key];
		const before = await patient(() => this.n8n.executionIds(id));
		await patient(() => this.n8n.callWebhook(path, body, { expect: 200 }));
		return await patient(() => this.n8n.waitForNewExecution(id, before, { timeoutMs: 60000 }));
	}

	/** Waits for an execution to end; resolves it with its data. */
	async finished(id, timeoutMs = 300000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const ex = await patient(() => this.n8n.getExecution(id, false)).catch((e) => {
				if (e.status === 404) return undefined;
				throw e;
			});
			if (ex && ex.stoppedAt && !['new', 'running', 'waiting', 'queued'].includes(ex.status))
				return await patient(() => this.n8n.getExecution(id, true));
			if (Date.now() > deadline)
				throw new Error(`execution ${id} still ${ex?.status} after ${timeoutMs / 1000} s`);
			await proc.sleep(500);
		}
	}

	async run(key, body, timeoutMs) {
		return await this.finished(await this.start(key, body), timeoutMs);
	}

	/** Creates kie.ai covers straight through the provider API (a fixture, not measured). */
	async createCovers(musicTaskIds) {
		const ids = [];
		for (let i = 0; i < musicTaskIds.length; i += 50) {
			ids.push(
				...(await Promise.all(
					musicTaskIds
						.slice(i, i + 50)
						.map((id) => this.emulator.kieGenerate(id, 'https://example.invalid/none')),
				)),
			);
		}
		return ids;
	}

	mainLogLength() {
		return this.n8n.logText('main').length;
	}

	mainLogSince(offset) {
		return this.n8n.logText('main').slice(offset);
	}

	/**
	 * n8n main's memory: heap used after a forced full collection (through its inspector, see
	 * heap-probe.js), and heap used and RSS as n8n's own /metrics report them.
	 */
	async memory() {
		const res = await request('GET', `${this.n8n.baseUrl}/metrics`, { expect: 200 });
		const value = (name) => {
			const match = new RegExp(`^\\w*${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(res.body);
			return match ? Number(match[1]) / MB : NaN;
		};
		const inspector = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(
			this.n8n.logText('main'),
		);
		let heapAfterGcMb = NaN;
		if (inspector) {
			const node = path.join(this.n8n.dir, 'node_modules', 'node', 'bin', 'node');
			const probe = await proc.run(node, [path.join(__dirname, 'heap-probe.js'), inspector[1]], {
				timeoutMs: 60000,
			});
			if (probe.code === 0) heapAfterGcMb = JSON.parse(probe.stdout).heapUsed / MB;
			else log(`  (heap probe failed: ${probe.stderr.trim()})`);
		}
		return {
			heapAfterGcMb,
			heapMb: value('nodejs_heap_size_used_bytes'),
			rssMb: value('process_resident_memory_bytes'),
		};
	}
}

// ------------------------------------------------------------------------------ workloads

/** Music task ids of one workflow's covers: each names its planned ready time (see the emulator). */
function trackIds(name, flavor, startedAt) {
	const tag = Date.now().toString(36);
	return Array.from({ length: COVERS }, (_, i) => {
		const plan =
			name === 'burst'
				? `readyat${startedAt + BURST_AFTER_MS}`
				: `ready${spread(WORKLOADS[name], i)}ms`;
		return `bench-${tag}-${name}-${flavor}-${String(i).padStart(2, '0')}-${plan}`;
	});
}

/**
 * a) The hand-built loop and Generate -> Wait for Completion side by side in one n8n, started
 * together, each on its own 20 music tasks with the same planned ready delays; POLL_ROUNDS times.
 */
async function pollWorkload(bench, name) {
	const { emulator } = bench;
	const rounds = { loop: [], poll: [] };
	const finished = { loop: 0, poll: 0 };
	for (let round = 0; round < POLL_ROUNDS; round++) {
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
		finished.loop += m.outputItems(loopEx, 'Covers ready').length;
		finished.poll += m
			.outputItems(pollEx, 'Covers ready')
			.filter((i) => i.json.status === 'success').length;
		log(
			`  ${name} round ${round + 1}/${POLL_ROUNDS}, loop vs Wait for Completion: loop ${loopEx.status}, ` +
				`ours ${pollEx.status} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		);
	}
	const result = {
		loop: m.pollMetricsOverRounds(rounds.loop, COVERS),
		poll: m.pollMetricsOverRounds(rounds.poll, COVERS),
		finished,
	};
	log(
		`  ${name}: loop ${finished.loop}/${COVERS * POLL_ROUNDS} ready, ours ${finished.poll}/${COVERS * POLL_ROUNDS}`,
	);
	return result;
}

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

/**
 * b) Generate with Wait for Callback on the same workload, on its own: kie.ai's callbacks go to
 * the execution's resume URL in this n8n, so the run's handling of them is part of what is timed.
 * The burst, short and decided by how n8n main gets through it, runs POLL_ROUNDS times.
 */
async function callbackWorkload(bench, name) {
	const { emulator } = bench;
	const rounds = name === 'burst' ? POLL_ROUNDS : 1;
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
		result.finished = m
			.outputItems(ex, 'Covers ready')
			.filter((i) => i.json.status === 'success').length;
		log(
			`  ${name}${rounds > 1 ? ` round ${round + 1}/${rounds}` : ''}, Wait for Callback: ${ex.status} ` +
				`${result.finished}/${COVERS} ready, ${result.callbacks} callbacks, resumed ` +
				`${result.resumeAfterLast.toFixed(2)} s after the last cover (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		);
		perRound.push(result);
	}
	return m.callbackMetricsOverRounds(perRound);
}

/** c) n8n's HTTP Request node vs Get Status on the same 1000 finished covers. */
async function readsWorkload(bench) {
	const { emulator } = bench;
	await emulator.reset();
	await emulator.configure({ kieRateLimit: { max: 100 * STATUS_ITEMS } });
	const tag = Date.now().toString(36);
	const covers = await bench.createCovers(
		Array.from({ length: STATUS_ITEMS }, (_, i) => `bench-${tag}-read-${i}-ready0ms`),
	);
	const once = async (key) => {
		const ex = await bench.run(key, { covers }, 120000);
		const items = m.outputItems(ex, 'Read');
		const done = items.filter(
			(i) => i.json.status === 'success' || i.json.data?.successFlag === 1,
		).length;
		if (ex.status !== 'success' || done !== STATUS_ITEMS)
			throw new Error(
				`${key}: execution ${ex.status}, ${done}/${STATUS_ITEMS} covers read as done`,
			);
		return m.nodeTime(ex, 'Read') / STATUS_ITEMS;
	};
	await once('httpRead');
	await once('getStatus');
	const http = [];
	const ours = [];
	for (let round = 0; round < 3; round++) {
		http.push(await once('httpRead'));
		ours.push(await once('getStatus'));
	}
	const result = { http, ours, httpMedian: m.median(http), oursMedian: m.median(ours) };
	log(
		`  reads: HTTP Request ${http.map((v) => v.toFixed(2)).join(' / ')} ms per item, ` +
			`Get Status ${ours.map((v) => v.toFixed(2)).join(' / ')}`,
	);
	return result;
}

/** d) 200 kie.ai creates in one Generate under kie.ai's 20 per 10 s. */
async function createsWorkload(bench) {
	const { emulator } = bench;
	await emulator.reset();
	const tag = Date.now().toString(36);
	const tracks = Array.from({ length: CREATES }, (_, i) => `bench-${tag}-create-${i}`);
	const ex = await bench.run('creates', { tracks }, 400000);
	const items = m.outputItems(ex, 'Generate');
	const generates = await emulator.control('GET', 'requests?provider=kieAi&endpoint=generate');
	const tasks = await emulator.control('GET', 'tasks?provider=kieAi');
	const result = {
		status: ex.status,
		items: items.length,
		errorItems: items.filter((i) => i.json.error !== undefined || !i.json.coverTaskId).length,
		rejected: generates.filter((r) => r.answer?.code === 429).length,
		requests: generates.length,
		created: tasks.length,
		seconds: m.nodeTime(ex, 'Generate') / 1000,
	};
	result.overMinimum = result.seconds / CREATE_MINIMUM_SECONDS;
	log(
		`  creates: ${result.created} covers created, ${result.rejected} creates refused (429), ` +
			`${result.errorItems} error items, Generate took ${result.seconds.toFixed(1)} s`,
	);
	return result;
}

/** e) n8n's heap after each of 5 rounds of 500 covers downloaded as binary data. */
async function heapWorkload(bench) {
	const { emulator } = bench;
	await emulator.reset();
	await emulator.configure({ kieRateLimit: { max: 100 * HEAP_ITEMS } });
	await proc.sleep(2000);
	const rounds = [{ round: 0, ...(await bench.memory()) }];
	for (let round = 1; round <= HEAP_ROUNDS; round++) {
		const tag = Date.now().toString(36);
		const covers = await bench.createCovers(
			Array.from({ length: HEAP_ITEMS }, (_, i) => `bench-${tag}-heap-${i}-ready0ms`),
		);
		const ex = await bench.run('download', { covers }, 180000);
		const images = m
			.outputItems(ex, 'Download')
			.reduce((n, item) => n + Object.keys(item.binary ?? {}).length, 0);
		if (ex.status !== 'success' || images !== 2 * HEAP_ITEMS)
			throw new Error(`download round ${round}: ${ex.status}, ${images} images`);
		// Emulator logs are the bench's, not n8n's; keep the emulator small between rounds.
		await emulator.control('DELETE', 'requests');
		await proc.sleep(3000);
		rounds.push({ round, ...(await bench.memory()) });
	}
	// The trend is taken over the rounds (not round 0): the first round also loads code and caches.
	const after = rounds.slice(1);
	const result = {
		rounds,
		heapAfterGcSlopeMb: m.slope(after.map((r) => r.heapAfterGcMb)),
		heapSlopeMb: m.slope(after.map((r) => r.heapMb)),
		rssSlopeMb: m.slope(after.map((r) => r.rssMb)),
	};
	log(
		`  heap after a full GC: ${rounds.map((r) => r.heapAfterGcMb.toFixed(0)).join(' -> ')} MB, ` +
			`trend ${result.heapAfterGcSlopeMb.toFixed(1)} MB per round`,
	);
	return result;
}

// ------------------------------------------------------------------------------ report

const fmt = (value, digits = 2) =>
	value === undefined || Number.isNaN(value) ? 'n/a' : Number(value).toFixed(digits);
const ratio = (ours, theirs) =>
	Number.isFinite(ours) && Number.isFinite(theirs) && theirs !== 0
		? `x${(ours / theirs).toFixed(2)}`
		: 'n/a';

function tableRows(results) {
	const rows = [];
	const row = (workload, metric, theirs, ours, r = '') =>
		rows.push([workload, metric, theirs, ours, r]);
	for (const name of ['short', 'long', 'burst']) {
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
	for (const name of ['short', 'long', 'burst']) {
		const cb = results.callback?.[name];
		if (!cb) continue;
		// The loop of the same workload in this run is the reference (when it ran).
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
	if (results.reads) {
		const r = results.reads;
		row(
			`Get Status vs HTTP Request, ${STATUS_ITEMS} items`,
			'ms per item (median of 3 after a warm-up)',
			fmt(r.httpMedian, 3),
			fmt(r.oursMedian, 3),
			ratio(r.oursMedian, r.httpMedian),
		);
	}
	if (results.creates) {
		const c = results.creates;
		const label = `${CREATES} kie.ai creates (20 per 10 s)`;
		row(label, 'creates refused (429)', '', String(c.rejected));
		row(label, 'error items', '', String(c.errorItems));
		row(label, 'covers created', '', String(c.created));
		row(
			label,
			'Generate time (s) vs limit-imposed minimum',
			String(CREATE_MINIMUM_SECONDS),
			fmt(c.seconds, 1),
			ratio(c.seconds, CREATE_MINIMUM_SECONDS),
		);
	}
	if (results.heap) {
		const h = results.heap;
		const label = `heap, ${HEAP_ROUNDS} rounds of ${HEAP_ITEMS} downloads`;
		const series = (key, digits = 0) => h.rounds.map((r) => fmt(r[key], digits)).join(' / ');
		row(label, 'heap used after a full GC, rounds 0-5 (MB)', '', series('heapAfterGcMb', 1));
		row(
			label,
			'trend after a full GC (MB per round, rounds 1-5)',
			'',
			fmt(h.heapAfterGcSlopeMb, 2),
		);
		row(label, 'heap used as /metrics shows it, no GC (MB)', '', series('heapMb'));
		row(label, 'RSS (MB)', '', series('rssMb'));
	}
	return rows;
}

function markdownTable(rows) {
	const head = [
		'Workload',
		'Metric',
		"Theirs (n8n's nodes)",
		'Ours (Music Cover)',
		'Ours / theirs',
	];
	const line = (cells) => `| ${cells.join(' | ')} |`;
	return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function textTable(rows) {
	const head = ['workload', 'metric', 'theirs', 'ours', 'ours/theirs'];
	const all = [head, ...rows];
	const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
	return all.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

async function gitDescribe() {
	const res = await proc.run('git', ['-C', REPO, 'describe', '--always', '--dirty=+changes'], {
		timeoutMs: 10000,
	});
	return res.code === 0 ? res.stdout.trim() : 'unknown (not a git checkout)';
}

const README_START = '<!-- bench-table:start (written by npm run bench) -->';
const README_END = '<!-- bench-table:end -->';

/** Puts a full run's table in the README's Benchmarks section, between its two markers. */
async function updateReadme({ rows, commit, startedAt, totalSeconds }) {
	const file = path.join(REPO, 'README.md');
	const text = fs.readFileSync(file, 'utf8');
	const start = text.indexOf(README_START);
	const end = text.indexOf(README_END);
	if (start < 0 || end < start) {
		log(`  (README.md has no ${README_START} ... ${README_END} markers: table not copied)`);
		return;
	}
	const block = `${README_START}\n\n${runLine({ commit, startedAt, totalSeconds })}\n\n${markdownTable(rows)}\n\n`;
	fs.writeFileSync(file, text.slice(0, start) + block + text.slice(end));
	await prettier(file);
}

function runLine({ commit, startedAt, totalSeconds }) {
	const settings = process.env.BENCH_N8N_ENV ? `, n8n settings ${process.env.BENCH_N8N_ENV}` : '';
	return `Latest full run: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, n8n ${VERSIONS[2]} (regular mode, SQLite${settings}), ${require('node:os').cpus().length} CPUs, ${Math.round(totalSeconds)} s.`;
}

/** The repository's lint checks every Markdown file's formatting. */
async function prettier(file) {
	await proc.run(path.join(REPO, 'node_modules', '.bin', 'prettier'), ['--write', file], {
		timeoutMs: 60000,
	});
}

function resultsMarkdown({ rows, commit, startedAt, totalSeconds, only }) {
	return `# Benchmark results

${runLine({ commit, startedAt, totalSeconds })} Workloads: ${[...only].join(', ')}.
Reproduce: \`npm run bench\` (see the README's Benchmarks section).

${markdownTable(rows)}

How it was measured (one n8n, one run, against the provider emulator \`test/emulator\`):

- Theirs: n8n's own nodes doing the same job in the same n8n. The loop is HTTP Request generate ->
  Wait 5 s -> HTTP Request status -> IF successFlag = 1, false branch back to the Wait. For the
  callback rows the reference is the same run's loop.
- Workloads: ${COVERS} kie.ai covers per workflow, ready ${WORKLOADS.short.from / 1000}-${WORKLOADS.short.to / 1000} s (short) or ${WORKLOADS.long.from / 1000}-${WORKLOADS.long.to / 1000} s (long) after
  each cover's generate, evenly spread, or all at one moment ${BURST_AFTER_MS / 1000} s after the run starts (burst). The loop
  and Generate -> Wait for Completion run together, on their own music tasks (the emulator's create
  limit is raised to ${2 * COVERS} per 10 s there so the two simultaneous batches do not refuse each other),
  ${POLL_ROUNDS} rounds of each: lags and reads over all covers of all rounds, wall / minimum the median of the rounds.
  The callback burst also runs ${POLL_ROUNDS} rounds: times are the median of the rounds, maxima the largest, counts summed.
  Generate with Wait for Callback runs on its own afterwards (kie.ai's callbacks land in the same n8n).
- Detection lag: first status read that showed the cover finished, minus its ready time (for the
  callback wait too: its confirming read; a callback may leave its own cover to a later callback's
  reads). Reads per cover: status reads the emulator received for it. Wall / minimum: execution
  duration divided by (last cover ready - execution start). Resumed: start of the node after the
  callback wait; resumes: callbacks n8n answered with its own "Workflow was started".
  Callback answer time: from kie.ai's POST to n8n's answer (kie.ai gives up at 15 s).
- Get Status: node execution time / ${STATUS_ITEMS}, median of 3 alternating runs after one warm-up each.
- Creates: one Generate (Don't Wait, Continue On Fail) with ${CREATES} items, kie.ai's 20 per 10 s enforced;
  refused = 429s the emulator answered; minimum = ${CREATE_MINIMUM_SECONDS} s (the 10th window opens then).
- Heap: n8n main's heap used after a forced full garbage collection (through its inspector on
  127.0.0.1), 3 s after each round of Wait for Completion with Download Images on ${HEAP_ITEMS} finished
  covers (2 images each); round 0 is before the first; the trend is the least-squares slope over
  rounds 1-5. \`/metrics\` (N8N_METRICS=true) values are shown for reference.
`;
}

// ------------------------------------------------------------------------------ main

async function main() {
	const tgz = process.env.BENCH_TGZ;
	if (!tgz || !fs.existsSync(tgz))
		throw new Error(`BENCH_TGZ must name the packed package (got ${tgz})`);
	const tmp =
		process.env.BENCH_TMP ||
		fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'music-cover-bench-'));
	const only = new Set(
		(process.env.BENCH_ONLY || 'poll,callback,reads,creates,heap').split(',').map((s) => s.trim()),
	);
	const workloads = (process.env.BENCH_WORKLOADS || Object.keys(WORKLOADS).join(','))
		.split(',')
		.map((s) => s.trim())
		.filter((name) => WORKLOADS[name]);
	const startedAt = new Date();
	// The code measured: taken before the run writes its results into the tree.
	const commit = await gitDescribe();
	const t0 = Date.now();
	log(`\n=== benchmark: n8n ${VERSIONS[2]} regular mode, provider emulator ===`);
	const stack = await startStack({
		line: '2',
		root: path.join(tmp, 'stack'),
		tgz,
		basePort: 5760,
		extraEnv: {
			// n8n settings to try (`BENCH_N8N_ENV=N8N_X=1,N8N_Y=2`); the e2e stack passes none of the caller's.
			...Object.fromEntries(
				(process.env.BENCH_N8N_ENV || '')
					.split(',')
					.filter(Boolean)
					.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
			),
			N8N_METRICS: 'true',
			// The heap workload forces a collection through n8n's inspector (loopback, any free port).
			NODE_OPTIONS:
				'--inspect=127.0.0.1:0' +
				(process.env.BENCH_CPU_PROF
					? ` --cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}`
					: ''),
		},
	});
	log(`  n8n at ${stack.n8n.baseUrl}, emulator at ${stack.emulator.url} (${sec(Date.now() - t0)})`);
	const results = {};
	try {
		const bench = new Bench(stack);
		const headerAuth = await stack.n8n.createCredential(
			'httpHeaderAuth',
			'kie.ai key (Header Auth)',
			{
				name: 'Authorization',
				value: `Bearer ${stack.emulator.keys.kieAi}`,
			},
		);
		const ctx = {
			creds: stack.creds,
			kieBaseUrl: stack.emulator.baseUrls.kieAi,
			headerAuth: { id: String(headerAuth.id), name: headerAuth.name },
		};
		await bench.deploy('loop', wf.handBuiltLoop, ctx);
		await bench.deploy('poll', wf.generateThenWait, ctx);
		await bench.deploy('callback', wf.generateWithCallback, ctx);
		await bench.deploy('httpRead', wf.httpStatusRead, ctx);
		await bench.deploy('getStatus', wf.getStatusRead, ctx);
		await bench.deploy('creates', wf.generateMany, ctx);
		await bench.deploy('download', wf.downloadImages, ctx);

		if (only.has('poll')) {
			results.poll = {};
			for (const name of workloads) results.poll[name] = await pollWorkload(bench, name);
		}
		if (only.has('callback')) {
			results.callback = {};
			for (const name of workloads) results.callback[name] = await callbackWorkload(bench, name);
		}
		if (only.has('reads')) results.reads = await readsWorkload(bench);
		if (only.has('creates')) results.creates = await createsWorkload(bench);
		if (only.has('heap')) results.heap = await heapWorkload(bench);
	} catch (e) {
		console.log(logTails(stack, 30));
		throw e;
	} finally {
		fs.writeFileSync(path.join(tmp, 'results.json'), JSON.stringify(results, null, 2));
		await stack.stop();
	}

	const rows = tableRows(results);
	const totalSeconds = (Date.now() - t0) / 1000;
	log(`\n${textTable(rows)}\n`);
	const md = resultsMarkdown({
		rows,
		commit,
		startedAt,
		totalSeconds,
		only,
	});
	const mdFile = path.join(REPO, 'bench', 'results.md');
	fs.writeFileSync(mdFile, md);
	await prettier(mdFile);
	// The README shows n8n at its defaults only.
	const complete =
		!process.env.BENCH_N8N_ENV &&
		workloads.length === Object.keys(WORKLOADS).length &&
		['poll', 'callback', 'reads', 'creates', 'heap'].every((k) => results[k]);
	if (complete) await updateReadme({ rows, commit, startedAt, totalSeconds });
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
