'use strict';
// The n8n and emulator of one benchmark run, as the workloads use them: the benchmark's workflows
// deployed and started over their webhooks (through the shared stack), covers created straight
// through the provider API, n8n main's log and memory.
const path = require('node:path');
const proc = require('../stack/proc');
const { request } = require('../stack/http');
const { startStack } = require('../stack');

const MB = 1024 * 1024;

class Bench {
	constructor(stack, log) {
		this.stack = stack;
		this.n8n = stack.n8n;
		this.emulator = stack.emulator;
		this.log = log;
		this.workflows = {};
	}

	/** Creates and activates the workflow `build(path, ctx)` makes, started at webhook bench-<key>. */
	async deploy(key, build, ctx) {
		const webhookPath = `bench-${key}`;
		const id = await this.n8n.deploy(build(webhookPath, ctx));
		this.workflows[key] = { id, path: webhookPath };
	}

	/** Starts a workflow over its webhook; resolves the id of the execution it started. */
	async start(key, body) {
		const { id, path: webhookPath } = this.workflows[key];
		return await this.n8n.startViaWebhook(id, webhookPath, body);
	}

	/** Waits for an execution to end; resolves it with its data. */
	async finished(id, timeoutMs = 300000) {
		return await this.n8n.waitForEnd(id, { timeoutMs });
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
	 * The memory of n8n main (or of a worker: role 'worker', 'worker2', ...): heap used and RSS after
	 * a forced full collection (through its inspector, see heap-probe.js), and, for main, heap used and
	 * RSS as n8n's own /metrics report them.
	 */
	async memory(role = 'main') {
		let metrics = '';
		if (role === 'main')
			metrics = (await request('GET', `${this.n8n.baseUrl}/metrics`, { expect: 200 })).body;
		const value = (name) => {
			const match = new RegExp(`^\\w*${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(metrics);
			return match ? Number(match[1]) / MB : NaN;
		};
		const inspector = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(
			this.n8n.logText(role),
		);
		let heapAfterGcMb = NaN;
		let rssAfterGcMb = NaN;
		if (inspector) {
			const node = path.join(this.n8n.dir, 'node_modules', 'node', 'bin', 'node');
			const probe = await proc.run(node, [path.join(__dirname, 'heap-probe.js'), inspector[1]], {
				timeoutMs: 60000,
			});
			if (probe.code === 0) {
				const usage = JSON.parse(probe.stdout);
				heapAfterGcMb = usage.heapUsed / MB;
				rssAfterGcMb = usage.rss / MB;
			} else this.log(`  (heap probe failed: ${probe.stderr.trim()})`);
		}
		return {
			heapAfterGcMb,
			rssAfterGcMb,
			heapMb: value('nodejs_heap_size_used_bytes'),
			rssMb: value('process_resident_memory_bytes'),
		};
	}
}

/** n8n settings to try (`BENCH_N8N_ENV=N8N_X=1,N8N_Y=2`); the stack passes none of the caller's. */
function n8nSettings() {
	return Object.fromEntries(
		(process.env.BENCH_N8N_ENV || '')
			.split(',')
			.filter(Boolean)
			.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
	);
}

/**
 * Starts a stack for the benchmark (n8n 2.x with its inspector and /metrics on, the settings of
 * BENCH_N8N_ENV), adds a Header Auth credential with the kie.ai key for n8n's own nodes and deploys
 * `workflows` ({ key: build(path, ctx) }); resolves the Bench (bench.stack.stop() ends it).
 * stackOpts: startStack's (root, tgz, basePort, queue, postgres, workers, ...).
 */
async function openBench(stackOpts, workflows, log) {
	const stack = await startStack({
		line: '2',
		// On a loaded machine n8n's SQLite ping times out now and then: reads wait that out.
		transientRetryMs: 180000,
		...stackOpts,
		extraEnv: {
			...n8nSettings(),
			N8N_METRICS: 'true',
			// The heap rows force a collection through n8n's inspector (loopback, any free port).
			NODE_OPTIONS:
				'--inspect=127.0.0.1:0' +
				(process.env.BENCH_CPU_PROF
					? ` --cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}`
					: ''),
		},
	});
	const bench = new Bench(stack, log);
	try {
		const headerAuth = await stack.n8n.createCredential(
			'httpHeaderAuth',
			'kie.ai key (Header Auth)',
			{ name: 'Authorization', value: `Bearer ${stack.emulator.keys.kieAi}` },
		);
		const ctx = {
			creds: stack.creds,
			kieBaseUrl: stack.emulator.baseUrls.kieAi,
			kieKey: stack.emulator.keys.kieAi,
			headerAuth: { id: String(headerAuth.id), name: headerAuth.name },
		};
		for (const [key, build] of Object.entries(workflows)) await bench.deploy(key, build, ctx);
	} catch (e) {
		await stack.stop();
		throw e;
	}
	return bench;
}

/**
 * A queue-mode bench beside the main one, for one workload: n8n main and `workers` workers on
 * PostgreSQL and Redis (its own folder `<tmp>/<name>`), the same emulator setup.
 */
async function openQueueBench({ tgz, tmp, log }, name, workflows, { workers, workerConcurrency }) {
	return await openBench(
		{
			root: path.join(tmp, name),
			tgz,
			basePort: 5780,
			queue: true,
			postgres: true,
			redisPort: 6394,
			pgPort: 5480,
			workers,
			workerConcurrency,
		},
		workflows,
		log,
	);
}

module.exports = { Bench, openBench, openQueueBench };
