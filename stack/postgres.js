'use strict';
// A throw-away PostgreSQL for the queue-mode targets (n8n does not support queue mode on SQLite):
// Debian's server programs (scripts/install-postgres.sh), a data folder of its own below the target's
// work folder, TCP on 127.0.0.1 only (no Unix socket), password auth, one database for n8n.
// PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres` user.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const proc = require('./proc');

const DB = { database: 'n8n', user: 'n8n', password: 'music-cover-e2e-pg-password' };

/** Folder holding initdb and postgres: E2E_PG_BIN, PATH, or Debian's newest /usr/lib/postgresql/N/bin. */
function pgBinDir() {
	const has = (d) => d && ['initdb', 'postgres'].every((b) => fs.existsSync(path.join(d, b)));
	if (has(process.env.E2E_PG_BIN)) return process.env.E2E_PG_BIN;
	for (const d of (process.env.PATH || '').split(path.delimiter)) {
		if (has(d)) return path.dirname(fs.realpathSync(path.join(d, 'initdb')));
	}
	const debian = '/usr/lib/postgresql';
	const versions = fs.existsSync(debian)
		? fs
				.readdirSync(debian)
				.filter((v) => has(path.join(debian, v, 'bin')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length) return path.join(debian, versions[0], 'bin');
	throw new Error('PostgreSQL (initdb, postgres) not found: run scripts/install-postgres.sh');
}

/** As root: the `postgres` user's uid/gid (the server will not run as root). */
function serverUser() {
	if (process.getuid?.() !== 0) return null;
	const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	return { name: 'postgres', uid: id('-u'), gid: id('-g') };
}

/** Lets `postgres` reach a folder below our own private ones (mktemp -d makes 0700 folders). */
function makeTraversable(dir) {
	for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
		const st = fs.statSync(d);
		if (st.uid === process.getuid() && !(st.mode & 0o001)) fs.chmodSync(d, st.mode | 0o001);
	}
}

/** Wraps a command so it runs as `user` (runuser keeps our environment and file descriptors). */
function asUser(user, cmd, args) {
	return user ? ['runuser', ['-u', user.name, '--', cmd, ...args]] : [cmd, args];
}

/**
 * Inits a data folder in `root`, starts the server on `port` and creates n8n's database.
 * Returns { svc, port, env (n8n's DB_* variables), stop() }.
 */
async function startPostgres({ root, port, logDir, pidDir }) {
	const bin = pgBinDir();
	const user = serverUser();
	const base = path.join(root, 'postgres');
	const dataDir = path.join(base, 'data');
	fs.mkdirSync(base, { recursive: true });
	const pwFile = path.join(base, 'password');
	fs.writeFileSync(pwFile, `${DB.password}\n`, { mode: 0o600 });
	if (user) {
		makeTraversable(base);
		fs.chownSync(base, user.uid, user.gid);
		fs.chownSync(pwFile, user.uid, user.gid);
	}

	const [initCmd, initArgs] = asUser(user, path.join(bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		DB.user,
		`--pwfile=${pwFile}`,
		'--auth=scram-sha-256',
		'-E',
		'UTF8',
		'--no-locale',
		'--no-sync',
	]);
	const init = await proc.run(initCmd, initArgs, { cwd: base, timeoutMs: 120000 });
	fs.rmSync(pwFile, { force: true });
	if (init.code !== 0)
		throw new Error(`initdb failed (${init.code}):\n${init.stdout}\n${init.stderr}`);

	const [cmd, args] = asUser(user, path.join(bin, 'postgres'), [
		'-D',
		dataDir,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-k',
		'',
		// n8n's crash and restart behaviour does not depend on PostgreSQL flushing to disk; the suite's
		// time does. Every n8n process in a target talks to this one server, which is never restarted.
		'-c',
		'fsync=off',
		'-c',
		'max_connections=200',
	]);
	const svc = proc.startService({
		name: 'postgres',
		cmd,
		args,
		cwd: base,
		logFile: path.join(logDir, 'postgres.log'),
		pidDir,
	});
	await proc.waitForLog(svc, /database system is ready to accept connections/, {
		timeoutMs: 60000,
	});
	const created = await proc.run(
		path.join(bin, 'createdb'),
		['-h', '127.0.0.1', '-p', String(port), '-U', DB.user, DB.database],
		{ env: { ...process.env, PGPASSWORD: DB.password }, timeoutMs: 60000 },
	);
	if (created.code !== 0)
		throw new Error(`createdb failed (${created.code}):\n${created.stdout}\n${created.stderr}`);

	return {
		svc,
		port,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DB.database,
			DB_POSTGRESDB_USER: DB.user,
			DB_POSTGRESDB_PASSWORD: DB.password,
			// n8n's default pool of 2 connections starves under a burst of webhook calls (50 concurrent
			// callbacks: the DB ping times out, n8n answers 503 "Database is not ready!" and callbacks
			// time out); production set-ups raise it. E2E_PG_POOL_SIZE=2 shows n8n's default.
			DB_POSTGRESDB_POOL_SIZE: process.env.E2E_PG_POOL_SIZE || '10',
		},
		// SIGTERM is PostgreSQL's "smart" shutdown: n8n is stopped first, so nothing holds it open.
		stop: (timeoutMs = 15000) => svc.stop(timeoutMs),
	};
}

module.exports = { startPostgres, pgBinDir };
