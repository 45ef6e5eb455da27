'use strict';
// The processes of a real n8n (installed by scripts/install-n8n.sh into a cache folder) on
// 127.0.0.1: main (and a worker in queue mode) with the environment they run under, started,
// signalled, restarted on the same user folder and database, stopped; their logs.
const fs = require('node:fs');
const path = require('node:path');
const { request } = require('../http');
const proc = require('../proc');

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

class N8nProcess {
	/**
	 * opts: {
	 *   line: '2' | '1', dir: install folder (holds node_modules/.bin/n8n),
	 *   home: N8N_USER_FOLDER, workerHome: the workers' own (default: home, shared with main),
	 *   port, brokerPort, workerBrokerPort, redisPort (queue mode when set), logDir, pidDir,
	 *   extraEnv: extra variables, workerEnv: extra variables of the workers only,
	 *   workers: how many `n8n worker` processes in queue mode (default 1; the second and later
	 *     ones are services worker2, worker3, ..., each with a task broker port and a worker server
	 *     port of its own in workerPorts: [broker2, server2, broker3, server3, ...]),
	 *   workerConcurrency: executions each worker runs at once (default 5)
	 * }
	 */
	constructor(opts) {
		Object.assign(this, opts);
		this.queue = Boolean(opts.redisPort);
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		this.workerHome = opts.workerHome || opts.home;
		this.bin = path.join(this.dir, 'node_modules', '.bin', 'n8n');
		this.services = {};
		this.workers = opts.workers ?? 1;
		this.workerConcurrency = opts.workerConcurrency ?? 5;
		this.workerPorts = opts.workerPorts ?? [];
	}

	/** The service names of the workers: worker, worker2, worker3, ... */
	workerRoles() {
		return Array.from({ length: this.queue ? this.workers : 0 }, (_, i) =>
			i === 0 ? 'worker' : `worker${i + 1}`,
		);
	}

	/** The environment a process of this n8n gets (role: 'main' | 'worker' | 'worker<n>' | 'cli'). */
	env(role = 'main') {
		const extra = /^worker(\d+)$/.exec(role);
		const extraPorts = extra ? this.workerPorts.slice(2 * (extra[1] - 2), 2 * (extra[1] - 1)) : [];
		const brokerPort = extra
			? extraPorts[0]
			: role === 'worker'
				? this.workerBrokerPort
				: this.brokerPort;
		const env = cleanParentEnv();
		if (this.line === '2') {
			// n8n 2.x needs Node >= 24: the registry's `node` package, installed next to n8n.
			env.PATH = `${path.join(this.dir, 'node_modules', 'node', 'bin')}${path.delimiter}${env.PATH}`;
			env.N8N_DISABLED_MODULES = 'mcp-registry';
		} else {
			env.N8N_RUNNERS_ENABLED = 'true';
		}
		const userFolder = this.userFolder(role);
		Object.assign(env, {
			N8N_USER_FOLDER: userFolder,
			// npm run by n8n (community packages) caches in this instance's folder, not in ~/.npm.
			npm_config_cache: path.join(userFolder, '.npm-cache'),
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			// A worker's own server (health, metrics) listens on every address unless told.
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PORT: String(this.port),
			N8N_PROTOCOL: 'http',
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
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
				// for a job the worker finished before main started waiting (see allExecutions in
				// executions.js), and keeps that execution as active. Keeping finished jobs avoids it
				// (n8n 1.x has no such setting). E2E_QUEUE_KEEP=0 shows n8n's default.
				N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED: process.env.E2E_QUEUE_KEEP ?? '10000',
				N8N_EXECUTIONS_QUEUE_KEEP_LAST_FAILED: process.env.E2E_QUEUE_KEEP ?? '10000',
			});
		}
		// The first worker's server keeps n8n's default port (5678); two cannot share it.
		if (extra) env.QUEUE_HEALTH_CHECK_PORT = String(extraPorts[1]);
		Object.assign(env, this.extraEnv || {});
		if (role.startsWith('worker')) Object.assign(env, this.workerEnv || {});
		return env;
	}

	/** N8N_USER_FOLDER of a process (role: 'main' | 'worker' | 'cli'). */
	userFolder(role) {
		return role.startsWith('worker') ? this.workerHome : this.home;
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
		fs.mkdirSync(this.workerHome, { recursive: true });
		fs.mkdirSync(this.logDir, { recursive: true });
		await this.startMain();
		// Start the workers only after main has migrated the fresh database.
		for (const role of this.workerRoles()) await this.startWorker(role);
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

	/** Starts (or starts a new) `n8n worker` (role worker, worker2, ...); resolves when it is ready. */
	async startWorker(role = 'worker') {
		const logFile = path.join(this.logDir, `n8n-${role}.log`);
		const fromByte = proc.fileSize(logFile);
		this.services[role] = proc.startService({
			name: `n8n-${role}`,
			cmd: this.bin,
			args: ['worker', `--concurrency=${this.workerConcurrency}`],
			env: this.env(role),
			cwd: this.workerHome,
			logFile,
			pidDir: this.pidDir,
		});
		await proc.waitForLog(this.services[role], /n8n worker is now ready/, {
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
		// Workers first, so they do not pick up anything while main shuts down.
		for (const role of Object.keys(this.services).filter((r) => r.startsWith('worker')))
			await this.services[role].stop();
		if (this.services.main) await this.services.main.stop();
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

module.exports = { N8nProcess };
