'use strict';
// Drives a real n8n (installed by scripts/install-n8n.sh into a cache folder) on 127.0.0.1:
// start main (and a worker in queue mode), wait until it serves, create the owner and a public
// API key, then talk to it through the public API (credentials, workflows, executions).
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('./http');
const proc = require('./proc');

const OWNER = {
	email: 'owner@music-cover.example',
	firstName: 'Music',
	lastName: 'Cover',
	password: 'MusicCover-Demo-1',
};
const BROWSER_ID = 'music-cover-e2e-browser';
const ENCRYPTION_KEY = 'music-cover-e2e-encryption-key-0001';

/** Environment variables of the caller that would leak into the n8n under test. */
function cleanParentEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_FUNCTION_ALLOW)/.test(k))
			continue;
		env[k] = v;
	}
	return env;
}

class N8n {
	/**
	 * opts: {
	 *   line: '2' | '1', dir: install folder (holds node_modules/.bin/n8n),
	 *   home: N8N_USER_FOLDER, port, brokerPort, workerBrokerPort,
	 *   redisPort (queue mode when set), logDir, pidDir, extraEnv: extra variables
	 * }
	 */
	constructor(opts) {
		Object.assign(this, opts);
		this.queue = Boolean(opts.redisPort);
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		this.bin = path.join(this.dir, 'node_modules', '.bin', 'n8n');
		this.services = {};
		this.apiKey = null;
		this.cookie = null;
		// Every answer of a production webhook, for the secrets scan.
		this.webhookAnswers = [];
	}

	/** The environment a process of this n8n gets (role: 'main' | 'worker' | 'cli'). */
	env(role = 'main') {
		const env = cleanParentEnv();
		if (this.line === '2') {
			// n8n 2.x needs Node >= 24: the registry's `node` package, installed next to n8n.
			env.PATH = `${path.join(this.dir, 'node_modules', 'node', 'bin')}${path.delimiter}${env.PATH}`;
			env.N8N_DISABLED_MODULES = 'mcp-registry';
		} else {
			env.N8N_RUNNERS_ENABLED = 'true';
		}
		Object.assign(env, {
			N8N_USER_FOLDER: this.home,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_RUNNERS_BROKER_PORT: String(role === 'worker' ? this.workerBrokerPort : this.brokerPort),
			N8N_SECURE_COOKIE: 'false',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			DB_TYPE: 'sqlite',
			DB_SQLITE_POOL_SIZE: '2',
			// `$execution.resumeUrl` and the Webhook nodes' URLs must point at this n8n.
			WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_LEVEL: process.env.E2E_N8N_LOG_LEVEL || 'info',
			GENERIC_TIMEZONE: 'UTC',
		});
		if (this.queue) {
			Object.assign(env, {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(this.redisPort),
				// n8n 2.x removes a finished job from Redis at once by default; main then waits forever
				// for a job the worker finished before main started waiting (see allExecutions), and
				// keeps that execution as active. Keeping finished jobs avoids it (n8n 1.x has no such
				// setting). E2E_QUEUE_KEEP=0 shows n8n's default.
				N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: process.env.E2E_QUEUE_KEEP ?? '10000',
				N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: process.env.E2E_QUEUE_KEEP ?? '10000',
			});
		}
		Object.assign(env, this.extraEnv || {});
		return env;
	}

	/** Runs an n8n CLI command (import:*, publish:workflow, ...) against this instance's database. */
	async cli(args, { timeoutMs = 180000 } = {}) {
		const res = await proc.run(this.bin, args, { env: this.env('cli'), cwd: this.home, timeoutMs });
		if (res.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed (${res.code}):\n${res.stdout}\n${res.stderr}`);
		}
		return res;
	}

	async start() {
		fs.mkdirSync(this.home, { recursive: true });
		fs.mkdirSync(this.logDir, { recursive: true });
		await this.startMain();
		// Start the worker only after main has migrated the fresh database.
		if (this.queue) await this.startWorker();
	}

	/** Starts (or starts again, same user folder and database) `n8n start`; resolves when it serves. */
	async startMain() {
		const logFile = path.join(this.logDir, 'n8n-main.log');
		const fromByte = proc.fileSize(logFile);
		this.services.main = proc.startService({
			name: 'n8n-main',
			cmd: this.bin,
			args: ['start'],
			env: this.env('main'),
			cwd: this.home,
			logFile,
			pidDir: this.pidDir,
		});
		await this.waitReady(180000, fromByte);
	}

	/** Starts (or starts a new) `n8n worker`; resolves when it says it is ready. */
	async startWorker() {
		const logFile = path.join(this.logDir, 'n8n-worker.log');
		const fromByte = proc.fileSize(logFile);
		this.services.worker = proc.startService({
			name: 'n8n-worker',
			cmd: this.bin,
			args: ['worker', '--concurrency=5'],
			env: this.env('worker'),
			cwd: this.home,
			logFile,
			pidDir: this.pidDir,
		});
		await proc.waitForLog(this.services.worker, /n8n worker is now ready/, {
			timeoutMs: 120000,
			fromByte,
		});
	}

	/**
	 * Stops main or the worker with `signal` (SIGTERM: n8n's graceful shutdown; SIGKILL: a crash) and
	 * waits for it to exit; resolves { exitCode, ms }. Start it again with startMain()/startWorker().
	 */
	async signal(role, signal, { timeoutMs = 60000 } = {}) {
		const svc = this.services[role];
		if (!svc) throw new Error(`no n8n ${role} is running`);
		return await proc.signalService(svc, signal, { timeoutMs });
	}

	async waitReady(timeoutMs = 180000, fromByte = 0) {
		const main = this.services.main;
		const deadline = Date.now() + timeoutMs;
		await proc.waitForLog(main, /Editor is now accessible/, { timeoutMs, fromByte });
		while (Date.now() < deadline) {
			try {
				const res = await request('GET', `${this.baseUrl}/healthz/readiness`, { timeoutMs: 5000 });
				if (res.status === 200) return;
			} catch {
				/* not listening yet */
			}
			if (main.exitCode !== null) throw new Error(`n8n main exited (${main.exitCode})`);
			await proc.sleep(250);
		}
		throw new Error(`n8n at ${this.baseUrl} not ready after ${timeoutMs} ms`);
	}

	async stop() {
		// Worker first, so it does not pick up anything while main shuts down.
		if (this.services.worker) await this.services.worker.stop();
		if (this.services.main) await this.services.main.stop();
	}

	/** Internal REST API with the owner's session cookie. */
	async rest(method, pathname, json, expect = 200) {
		const headers = { 'browser-id': BROWSER_ID };
		if (this.cookie) headers.cookie = this.cookie;
		const res = await request(method, `${this.baseUrl}/rest${pathname}`, { json, headers, expect });
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		return res.body?.data ?? res.body;
	}

	/** Creates the instance owner (fresh database) and a public API key with every scope offered. */
	async setupOwner(owner = OWNER) {
		await this.rest('POST', '/owner/setup', owner);
		if (!this.cookie) throw new Error('owner setup returned no n8n-auth cookie');
		let scopes;
		try {
			scopes = await this.rest('GET', '/api-keys/scopes');
		} catch {
			scopes = undefined;
		}
		const body = { label: 'music-cover-e2e', expiresAt: null };
		if (Array.isArray(scopes) && scopes.length) body.scopes = scopes;
		const key = await this.rest('POST', '/api-keys', body);
		this.apiKey = key.rawApiKey ?? key.apiKey;
		if (!this.apiKey) throw new Error(`no API key in ${JSON.stringify(key)}`);
		this.owner = owner;
		return owner;
	}

	/** Names of the node types the editor offers (`/types/nodes.json`, owner session). */
	async nodeTypeNames() {
		const res = await request('GET', `${this.baseUrl}/types/nodes.json`, {
			headers: { 'browser-id': BROWSER_ID, cookie: this.cookie },
			expect: 200,
		});
		return res.body.map((t) => t.name);
	}

	/** Public API (X-N8N-API-KEY). */
	async api(method, pathname, json, expect = 200) {
		const res = await request(method, `${this.baseUrl}/api/v1${pathname}`, {
			json,
			headers: { 'X-N8N-API-KEY': this.apiKey },
			expect,
		});
		return res.body;
	}

	/**
	 * Creates a credential through the public API. n8n 1.x requires `allowedHttpRequestDomains`
	 * for credentials with an `authenticate` block, n8n 2.x may reject it as unknown: try both.
	 */
	async createCredential(type, name, data) {
		const attempts = [{ ...data, allowedHttpRequestDomains: 'all' }, data];
		let lastErr;
		for (const attempt of attempts) {
			try {
				return await this.api('POST', '/credentials', { name, type, data: attempt });
			} catch (e) {
				lastErr = e;
				if (e.status !== 400) throw e;
			}
		}
		throw lastErr;
	}

	/** Creates a workflow from exported JSON (read-only fields dropped) and returns it. */
	async createWorkflow(wf) {
		const body = {
			name: wf.name,
			nodes: wf.nodes,
			connections: wf.connections,
			settings: { executionOrder: 'v1', ...(wf.settings || {}) },
		};
		if (wf.staticData) body.staticData = wf.staticData;
		return await this.api('POST', '/workflows', body);
	}

	/** Creates and activates a workflow; returns its id. */
	async deploy(wf) {
		const created = await this.createWorkflow(wf);
		await this.activateWorkflow(created.id);
		return created.id;
	}

	/**
	 * POSTs `body` to a workflow's production webhook and waits for the execution it started to end.
	 * Returns the execution (with data) plus `webhookStatus` / `webhookBody` of the HTTP answer.
	 */
	async runViaWebhook(workflowId, webhookPath, body, { timeoutMs = 120000 } = {}) {
		const before = await this.executionIds(workflowId);
		const res = await this.callWebhook(webhookPath, body, { timeoutMs });
		const id = await this.waitForNewExecution(workflowId, before);
		const ex = await this.waitForEnd(id, { timeoutMs });
		ex.webhookStatus = res.status;
		ex.webhookBody = res.body;
		return ex;
	}

	async activateWorkflow(id) {
		return await this.api('POST', `/workflows/${id}/activate`, undefined);
	}

	async getExecution(id, includeData = true) {
		return await this.api('GET', `/executions/${id}?includeData=${includeData}`);
	}

	/** Executions of a workflow, newest first. (n8n 1.x leaves out waiting ones here.) */
	async listExecutions(workflowId, { status, includeData = false, limit = 50 } = {}) {
		const q = new URLSearchParams({
			workflowId: String(workflowId),
			includeData: String(includeData),
			limit: String(limit),
		});
		if (status) q.set('status', status);
		const body = await this.api('GET', `/executions?${q}`);
		return body.data;
	}

	/**
	 * Every execution (of one workflow, or of every workflow) with an id above `afterId`, as n8n
	 * stores it. n8n's public list leaves out the executions main tracks as active, and in queue mode
	 * main can go on tracking executions the worker has finished: Bull's job.finished(), which main
	 * awaits, never settles for a job the worker completed and Bull removed before main asked
	 * (OptimalBits/bull#2504). n8n 1.x removes each finished job at once; n8n 2.x keeps the last
	 * N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED (set in env()). So the ids the list skips, and those
	 * after its last one until n8n knows no more, are read one by one (`known`: a Map of id ->
	 * finished execution read before, not read again). Resolves { executions, unlisted } (unlisted:
	 * those only found by id, finished or not).
	 */
	async allExecutions({ workflowId, includeData = false, afterId = 0, known = new Map() } = {}) {
		const listed = [];
		let cursor;
		do {
			const q = new URLSearchParams({ includeData: String(includeData), limit: '250' });
			if (workflowId !== undefined) q.set('workflowId', String(workflowId));
			if (cursor) q.set('cursor', cursor);
			const page = await this.api('GET', `/executions?${q}`);
			listed.push(...page.data.filter((e) => Number(e.id) > afterId));
			cursor = page.nextCursor;
		} while (cursor);
		const ids = new Set(listed.map((e) => Number(e.id)));
		const last = Math.max(afterId, ...ids);
		const unlisted = [];
		// A database sequence may skip a value (an insert rolled back): stop after 20 unknown ids.
		for (let id = afterId + 1, unknown = 0; unknown < 20; id++) {
			if (ids.has(id)) continue;
			let e = known.get(id);
			if (!e) {
				try {
					e = await this.getExecution(id, includeData);
				} catch (err) {
					if (err.status !== 404) throw err;
					if (id > last) unknown++;
					continue;
				}
				unknown = 0;
				if (e.stoppedAt) known.set(id, e);
			}
			if (workflowId === undefined || String(e.workflowId) === String(workflowId)) unlisted.push(e);
		}
		return { executions: [...listed, ...unlisted], unlisted };
	}

	/**
	 * Executions of a workflow as the editor lists them (internal REST API: waiting and running
	 * ones included on both lines), newest first: [{ id, status, finished, ... }].
	 */
	async listExecutionsRest(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: String(workflowId) }));
		const data = await this.rest('GET', `/executions?filter=${filter}&limit=50`);
		return (data.results ?? data).map((e) => ({ ...e, id: String(e.id) }));
	}

	/** Ids of a workflow's executions (waiting and running ones included). */
	async executionIds(workflowId) {
		return (await this.listExecutionsRest(workflowId)).map((e) => e.id);
	}

	/** Waits for an execution of the workflow whose id is not in `knownIds`; returns its id. */
	async waitForNewExecution(workflowId, knownIds = [], { timeoutMs = 30000 } = {}) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const fresh = (await this.executionIds(workflowId)).filter((id) => !knownIds.includes(id));
			if (fresh.length) return fresh.sort((a, b) => Number(a) - Number(b))[0];
			await proc.sleep(300);
		}
		throw new Error(`no new execution of workflow ${workflowId} within ${timeoutMs} ms`);
	}

	/** Polls until the execution has ended (success, error, crashed, canceled); returns it with data. */
	waitForEnd(id, { timeoutMs = 120000 } = {}) {
		return this.waitForExecution(
			id,
			(e) => !['new', 'running', 'waiting', 'queued'].includes(e.status) && e.stoppedAt,
			{
				timeoutMs,
			},
		);
	}

	/** Polls an execution until `predicate(execution)` holds; returns the last one read. */
	async waitForExecution(id, predicate, { timeoutMs = 60000, intervalMs = 500 } = {}) {
		const deadline = Date.now() + timeoutMs;
		let last;
		while (Date.now() < deadline) {
			try {
				last = await this.getExecution(id, true);
				if (predicate(last)) return last;
			} catch (e) {
				if (e.status !== 404) throw e;
			}
			await proc.sleep(intervalMs);
		}
		const err = new Error(
			`execution ${id} did not reach the expected state in ${timeoutMs} ms (last status: ${last?.status}, finished: ${last?.finished})`,
		);
		err.execution = last;
		throw err;
	}

	/** POSTs to a production webhook; retries 404 for a few seconds (registration lags readiness). */
	async callWebhook(pathname, json, { timeoutMs = 120000, expect } = {}) {
		const url = `${this.baseUrl}/webhook/${pathname.replace(/^\//, '')}`;
		const deadline = Date.now() + 15000;
		for (;;) {
			const res = await request('POST', url, { json, timeoutMs });
			this.webhookAnswers.push({ url, status: res.status, body: res.body });
			if (res.status === 404 && Date.now() < deadline) {
				await proc.sleep(500);
				continue;
			}
			if (expect !== undefined && res.status !== expect) {
				throw new Error(
					`POST ${url} -> HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 800)}`,
				);
			}
			return res;
		}
	}

	logText(role = 'main') {
		const svc = this.services[role];
		if (!svc) return '';
		try {
			return fs.readFileSync(svc.logFile, 'utf8');
		} catch {
			return '';
		}
	}
}

/** Installs a packed community-node tarball the way a self-hoster does. */
async function installCommunityPackage(home, tgz) {
	const nodesDir = path.join(home, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	if (!fs.existsSync(path.join(nodesDir, 'package.json'))) {
		fs.writeFileSync(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true }, null, 2),
		);
	}
	const res = await proc.run(
		'npm',
		// --legacy-peer-deps: same result as --omit=peer alone, without ~10 s of resolving n8n-workflow's tree.
		[
			'install',
			'--ignore-scripts',
			'--omit=peer',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			'--no-package-lock',
			tgz,
		],
		{ cwd: nodesDir, timeoutMs: 180000 },
	);
	if (res.code !== 0)
		throw new Error(`npm install ${tgz} in ${nodesDir} failed:\n${res.stdout}\n${res.stderr}`);
	return nodesDir;
}

/** Items of a node's run (default the first; -1 = the last), first output: [{ json, binary }]. */
function nodeOutput(execution, nodeName, { run = 0, output = 0 } = {}) {
	const runData = execution?.data?.resultData?.runData ?? {};
	const runs = runData[nodeName];
	const r = runs?.at(run);
	if (!r) return undefined;
	return r.data?.main?.[output] ?? [];
}

function executionError(execution) {
	const err = execution?.data?.resultData?.error;
	if (!err) return undefined;
	return `${err.node?.name ? `[${err.node.name}] ` : ''}${err.message}${err.description ? ` (${err.description})` : ''}`;
}

module.exports = { N8n, OWNER, installCommunityPackage, nodeOutput, executionError };
