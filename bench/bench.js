'use strict';
// The n8n and emulator of one benchmark run, as the workloads use them: the benchmark's workflows
// deployed and started over their webhooks (through the shared stack), covers created straight
// through the provider API, n8n main's log and memory.
const path = require('node:path');
const proc = require('../stack/proc');
const { request } = require('../stack/http');

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
			else this.log(`  (heap probe failed: ${probe.stderr.trim()})`);
		}
		return {
			heapAfterGcMb,
			heapMb: value('nodejs_heap_size_used_bytes'),
			rssMb: value('process_resident_memory_bytes'),
		};
	}
}

module.exports = { Bench };
