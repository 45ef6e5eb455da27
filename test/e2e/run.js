'use strict';
// End-to-end driver (started by test/e2e/run.sh, which installs n8n/Redis and packs the package).
// For each target: fresh n8n user folder with the packed package installed as a community node (or
// declared in N8N_COMMUNITY_PACKAGES for n8n to install, target 2q),
// the provider emulator, n8n (+ Redis and a worker in queue mode), owner, API key, credentials;
// then every scenario below imports the example workflows, runs them and checks the executions.
//
// Env: E2E_TGZ (packed package, required), E2E_TMP (work folder), E2E_TARGETS (default 2,1,2q,1q),
//      E2E_SCENARIOS (comma-separated scenario names, default all), E2E_KEEP=1 (keep the work folder),
//      E2E_SKIP_SLOW=1 (skip the callback deadline check, which waits for n8n's once-a-minute wait tracker).
//      E2E_CHROMIUM (browser binary for the editor scenario, default /usr/bin/chromium).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const proc = require('../../stack/proc');
const { Reporter } = require('./lib/check');
const { startStack, logTails, VERSIONS } = require('../../stack');
const { captureOutput } = require('./lib/secrets');

// The secrets scenario scans the run's own output too.
captureOutput();

const TARGETS = {
	2: { line: '2', queue: false, basePort: 5710 },
	1: { line: '1', queue: false, basePort: 5720 },
	// Queue mode as production runs it: on PostgreSQL (n8n does not support queue mode on SQLite).
	// 2q as a fleet installs it (README, "Install for fleets"): n8n installs the package itself from
	// N8N_COMMUNITY_PACKAGES, on main and on a worker with a user folder of its own.
	'2q': {
		line: '2',
		queue: true,
		basePort: 5730,
		redisPort: 6390,
		postgres: true,
		pgPort: 5450,
		packagesFromEnv: true,
	},
	'1q': { line: '1', queue: true, basePort: 5740, redisPort: 6391, postgres: true, pgPort: 5460 },
};

const SCENARIOS = {
	smoke: require('./scenarios/smoke'),
	'fleet-install': require('./scenarios/fleet-install'),
	// callback-wait and callback-binary first: their deadline checks wait for n8n's wait tracker (up to
	// ~70 s) while the others run.
	'callback-wait': require('./scenarios/callback-wait'),
	'callback-binary': require('./scenarios/callback-binary'),
	// n8n's AI Agent with a sub-workflow tool that parks (Generate with Wait for Callback), the model
	// played by the emulator's OpenAI-compatible chat endpoint: n8n 2.x, regular and queue mode.
	// Early for the same reason: its deadline check waits for the wait tracker.
	'agent-cover': require('./scenarios/agent-cover'),
	'trigger-signed-callback': require('./scenarios/trigger-signed-callback'),
	'cover-to-files': require('./scenarios/cover-to-files'),
	'credits-and-images': require('./scenarios/credits-and-images'),
	// The examples as users build them: from kie.ai's music request (n8n's HTTP Request node) to an
	// upload-shaped step, the credits before a paid batch, the trigger feeding Remove Duplicates.
	'music-to-upload': require('./scenarios/music-to-upload'),
	'credits-before-batch': require('./scenarios/credits-before-batch'),
	'trigger-dedupe': require('./scenarios/trigger-dedupe'),
	'trigger-load': require('./scenarios/trigger-load'),
	'poll-stop': require('./scenarios/poll-stop'),
	'poll-kill': require('./scenarios/poll-kill'),
	// After the other process restarts: a parked execution's deadline that falls due while the worker
	// restarts is a case of its own (restart-parked [no worker]), not a side effect of another scenario.
	'restart-parked': require('./scenarios/restart-parked'),
	database: require('./scenarios/database'),
	// The editor in headless Chromium: once, against n8n 2.x in regular mode.
	editor: require('./scenarios/editor'),
	// n8n's MCP Server Trigger called with the MCP SDK client: against n8n 2.x in regular mode.
	'mcp-tools': require('./scenarios/mcp-tools'),
	// Last: its check is deferred to after every other check of the target.
	secrets: require('./scenarios/secrets'),
};
// Scenarios that run on some targets only (default: every target).
const SCENARIO_TARGETS = {
	'fleet-install': Object.keys(TARGETS).filter((k) => TARGETS[k].packagesFromEnv),
	editor: ['2'],
	'mcp-tools': ['2', '2q'],
	'agent-cover': ['2', '2q'],
};

function describe(key) {
	const t = TARGETS[key];
	return `n8n ${VERSIONS[t.line]} ${t.queue ? 'queue mode (Redis + worker)' : 'regular mode'} on ${t.postgres ? 'PostgreSQL' : 'SQLite'}${t.packagesFromEnv ? ', package installed by n8n from N8N_COMMUNITY_PACKAGES' : ''}`;
}

/** The comma-separated names in `list`, each a key of `known` (else an error naming the known ones). */
function namesIn(list, known, what) {
	const names = list
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	for (const name of names)
		if (!known[name])
			throw new Error(`unknown ${what} "${name}" (known: ${Object.keys(known).join(', ')})`);
	return names;
}

async function runTarget(key, { tgz, tmp, scenarios }) {
	const target = TARGETS[key];
	const reporter = new Reporter(key);
	const t0 = Date.now();
	const root = path.join(tmp, `target-${key}`);
	fs.rmSync(root, { recursive: true, force: true });
	console.log(`\n=== target ${key}: ${describe(key)} ===`);
	let stack;
	try {
		stack = await startStack({ ...target, root, tgz });
		reporter.results.push({ name: 'start', ok: true, ms: Date.now() - t0 });
		console.log(
			`  ok    start n8n ${stack.n8n.queue ? '(main + worker) ' : ''}at ${stack.n8n.baseUrl}, owner, API key, credentials (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
		);
	} catch (e) {
		reporter.fail('start', e.stack || String(e));
		stack = e.stackInfo;
	}
	if (stack?.creds) {
		// A scenario may defer(name, fn) a check to the end of the target (slow n8n timers).
		const deferred = [];
		const defer = (name, fn) => deferred.push({ name, fn });
		for (const name of scenarios) {
			if (SCENARIO_TARGETS[name] && !SCENARIO_TARGETS[name].includes(key)) continue;
			try {
				await SCENARIOS[name]({
					stack,
					check: reporter.check.bind(reporter),
					defer,
					target: { key, ...target },
				});
			} catch (e) {
				reporter.fail(`${name} (scenario crashed)`, e.stack || String(e));
			}
		}
		for (const { name, fn } of deferred) await reporter.check(name, fn);
	}
	if (reporter.failed && stack) console.log(logTails(stack, 40));
	try {
		if (stack) await stack.stop();
	} catch (e) {
		console.log(`  (stopping target ${key}: ${e.message})`);
	}
	const secs = ((Date.now() - t0) / 1000).toFixed(1);
	const summary = `[${key}] ${describe(key)}: ${reporter.passed} passed, ${reporter.failed} failed, ${secs} s`;
	console.log(`=== ${summary}${stack?.logDir ? ` (logs: ${stack.logDir})` : ''}`);
	return {
		key,
		summary,
		passed: reporter.passed,
		failed: reporter.failed,
		secs,
		results: reporter.results,
	};
}

async function main() {
	const tgz = process.env.E2E_TGZ;
	if (!tgz || !fs.existsSync(tgz))
		throw new Error(`E2E_TGZ must name the packed package (got ${tgz})`);
	const tmp = process.env.E2E_TMP || fs.mkdtempSync(path.join(os.tmpdir(), 'music-cover-e2e-'));
	const keys = namesIn(process.env.E2E_TARGETS || '2,1,2q,1q', TARGETS, 'target');
	const scenarios = namesIn(
		process.env.E2E_SCENARIOS || Object.keys(SCENARIOS).join(','),
		SCENARIOS,
		'scenario',
	);

	const all = [];
	for (const key of keys) all.push(await runTarget(key, { tgz, tmp, scenarios }));

	console.log('\n=== summary ===');
	for (const r of all) console.log(r.summary);
	for (const r of all)
		for (const f of r.results.filter((x) => !x.ok)) console.log(`  [${r.key}] FAILED: ${f.name}`);
	fs.writeFileSync(path.join(tmp, 'results.json'), JSON.stringify(all, null, 2));
	const passed = all.reduce((n, r) => n + r.passed, 0);
	const failed = all.reduce((n, r) => n + r.failed, 0);
	if (failed || process.env.E2E_KEEP === '1')
		console.log(`work folder (logs, n8n user folders, covers) kept: ${tmp}`);
	const t0 = Number(process.env.E2E_T0 || 0);
	if (t0)
		console.log(
			`e2e total: ${Math.round(Date.now() / 1000 - t0)} s (n8n install, pack and all targets)`,
		);
	finalLine(`${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

/** The last line of the run, which CI reads; run.sh prints its own only when this never ran. */
function finalLine(line) {
	console.log(line);
	if (process.env.E2E_TMP)
		fs.writeFileSync(path.join(process.env.E2E_TMP, 'summary-printed'), `${line}\n`);
}

proc.stopServersWithProcess();

main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(e.stack || String(e));
		finalLine('0 passed, 1 failed');
		proc.stopAll().finally(() => process.exit(1));
	},
);
