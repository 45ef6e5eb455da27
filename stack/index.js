'use strict';
// The real-n8n stack the end-to-end suite (test/e2e), the benchmark (bench/) and the demo
// (scripts/demo.js) share: the packed package installed as a community node (or, packagesFromEnv,
// declared in n8n's environment and installed by n8n from a registry stand-in), the provider emulator
// (unless real keys are used), PostgreSQL and Redis + a worker in queue mode, n8n with an owner and
// a public API key, and one credential per provider. Servers: proc.js (servers.sh cleans up after a
// driver that died); n8n: n8n/; the emulator: emulator.js.
const fs = require('node:fs');
const path = require('node:path');
const proc = require('./proc');
const { N8n, installCommunityPackage, communityPackagesEnv, n8nDir, VERSIONS } = require('./n8n');
const { startRegistryStandIn } = require('./npm-registry');
const { startEmulator } = require('./emulator');
const { startRedis } = require('./redis');
const { startPostgres } = require('./postgres');
const { PROVIDERS } = require('./providers');

/**
 * opts: {
 *   line: '2' | '1', queue: boolean, root: working folder (fresh), tgz: packed package,
 *   basePort: main port (broker = +1, worker broker = +2, further workers' broker and server ports = +3, +4, ...),
 *   redisPort, workers (queue mode: how many `n8n worker`, default 1), workerConcurrency (default 5),
 *   postgres: true for PostgreSQL (own data folder below root) instead of SQLite, pgPort,
 *   packagesFromEnv: true for n8n to install the package itself from N8N_COMMUNITY_PACKAGES (n8n 2.x),
 *     served by a stand-in for registry.npmjs.org (stack.registry); the worker gets a user folder of
 *     its own (stack.workerHome), as on a machine of its own,
 *   real: { [provider id]: key } to use real providers instead of the emulator,
 *   emulatorEnv, readyAfterMs, extraEnv,
 *   transientRetryMs: how long n8n's 503s and lost connections are waited out (see N8nApi; default 0)
 * }
 */
async function startStack(opts) {
	const { line, queue = false, root, tgz } = opts;
	const stack = { line, queue, version: VERSIONS[line], root };
	const logDir = path.join(root, 'logs');
	const pidDir = path.join(root, 'pids');
	const home = path.join(root, 'home');
	const outDir = path.join(root, 'covers');
	fs.mkdirSync(logDir, { recursive: true });
	fs.mkdirSync(outDir, { recursive: true });
	const workerHome = opts.packagesFromEnv ? path.join(root, 'home-worker') : home;
	Object.assign(stack, { logDir, pidDir, home, workerHome, outDir: fs.realpathSync(outDir) });

	stack.stop = async () => {
		if (stack.n8n) await stack.n8n.stop();
		if (stack.registry) await stack.registry.stop();
		if (stack.emulator) await stack.emulator.stop();
		if (stack.redis) await stack.redis.stop(5000);
		if (stack.postgres) await stack.postgres.stop();
	};

	try {
		let packagesEnv = { env: {}, workerEnv: {} };
		if (tgz && opts.packagesFromEnv) {
			stack.registry = await startRegistryStandIn({
				tgz,
				dir: path.join(root, 'registry'),
				logDir,
			});
			packagesEnv = communityPackagesEnv(tgz, stack.registry);
		} else if (tgz) {
			await installCommunityPackage(home, tgz);
		}

		const real = opts.real && Object.values(opts.real).some(Boolean) ? opts.real : null;
		if (!real) {
			stack.emulator = await startEmulator({
				logDir,
				pidDir,
				readyAfterMs: opts.readyAfterMs,
				env: opts.emulatorEnv,
			});
		}

		const workers = queue ? (opts.workers ?? 1) : 1;
		// Each further worker: a task broker port and a worker server (health) port of its own.
		const [port, brokerPort, workerBrokerPort, ...workerPorts] = await proc.freePorts(
			opts.basePort ?? 5710,
			3 + 2 * (workers - 1),
		);
		let redisPort;
		if (queue) {
			[redisPort] = await proc.freePorts(opts.redisPort ?? 6390, 1);
			stack.redis = await startRedis({ port: redisPort, logDir, pidDir });
		}
		if (opts.postgres) {
			const [pgPort] = await proc.freePorts(opts.pgPort ?? 5450, 1);
			stack.postgres = await startPostgres({ root, port: pgPort, logDir, pidDir });
		}

		stack.n8n = new N8n({
			line,
			dir: n8nDir(line),
			home,
			workerHome,
			port,
			brokerPort,
			workerBrokerPort,
			workerPorts,
			workers,
			workerConcurrency: opts.workerConcurrency,
			redisPort,
			logDir,
			pidDir,
			transientRetryMs: opts.transientRetryMs,
			extraEnv: {
				// n8n 2.x only lets nodes touch files below this folder (default ~/.n8n-files).
				N8N_RESTRICT_FILE_ACCESS_TO: stack.outDir,
				...(stack.postgres?.env || {}),
				...packagesEnv.env,
				...(opts.extraEnv || {}),
			},
			workerEnv: packagesEnv.workerEnv,
		});
		await stack.n8n.start();
		await stack.n8n.setupOwner();

		stack.creds = tgz ? await createCredentials(stack, real) : {};
		return stack;
	} catch (e) {
		Object.defineProperty(e, 'stackInfo', { value: stack, enumerable: false });
		throw e;
	}
}

/**
 * One credential per registered provider (stack/providers.js): the emulator's base URL and key, or
 * the real key given (with the signing key from the provider's environment variable, when set).
 */
async function createCredentials(stack, real) {
	const creds = {};
	const em = stack.emulator;
	for (const p of PROVIDERS) {
		let data;
		if (real) {
			if (!real[p.id]) continue;
			data = { apiKey: real[p.id] };
			if (p.signingKeyEnv && process.env[p.signingKeyEnv])
				data[p.signingKeyField] = process.env[p.signingKeyEnv];
		} else {
			if (!em.keys[p.id] || !em.baseUrls[p.id])
				throw new Error(
					`the emulator plays no provider "${p.id}" (it plays ${Object.keys(em.baseUrls).join(', ')})`,
				);
			data = { apiKey: em.keys[p.id], baseUrl: em.baseUrls[p.id] };
			if (p.signingKeyField) data[p.signingKeyField] = em.hmacKey;
		}
		let created;
		try {
			created = await stack.n8n.createCredential(p.credentialType, p.credentialName, data);
		} catch (e) {
			if (/not a known type/.test(e.message)) {
				const from = stack.registry
					? 'n8n did not install it from N8N_COMMUNITY_PACKAGES'
					: `the package was not loaded from ${stack.home}/.n8n/nodes`;
				e.message = `n8n does not know the credential type ${p.credentialType}: ${from} (see n8n-main.log). ${e.message}`;
			}
			throw e;
		}
		creds[p.credentialType] = { id: String(created.id), name: created.name };
	}
	return creds;
}

/** The last lines of every log of a stack, for a failure report. */
function logTails(stack, lines = 40) {
	if (!stack?.logDir || !fs.existsSync(stack.logDir)) return '';
	return fs
		.readdirSync(stack.logDir)
		.map((f) => {
			let text = proc.tail(path.join(stack.logDir, f), lines);
			// The emulator's first line lists its API keys: keep them out of the suite's output.
			if (f === 'emulator.log') text = text.replace(/^\{"url".*$/m, '(address line left out)');
			return `----- ${path.join(stack.logDir, f)} (last ${lines} lines) -----\n${text}`;
		})
		.join('\n');
}

module.exports = { startStack, logTails, VERSIONS };
