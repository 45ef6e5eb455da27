'use strict';
// Child processes of a stack's drivers (end-to-end suite, benchmark, demo): every server runs in its
// own process group with its output in a log file and its PID in a PID file, so the driver (and,
// through servers.sh, the EXIT trap of its shell script) can stop exactly what it started, by PID.
const { spawn, execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const started = new Set();

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts a long-running server. Returns { name, pid, logFile, child, exited (promise), stop() }.
 * opts: { name, cmd, args, env, cwd, logFile, pidDir }
 */
function startService({ name, cmd, args = [], env = process.env, cwd, logFile, pidDir }) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const fd = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', fd, fd] });
	fs.closeSync(fd);
	const svc = { name, pid: child.pid, logFile, child, exitCode: null, pidFile: null };
	if (pidDir) {
		fs.mkdirSync(pidDir, { recursive: true });
		svc.pidFile = path.join(pidDir, `${name}.pid`);
		fs.writeFileSync(svc.pidFile, `${child.pid}\n`);
	}
	svc.exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			svc.exitCode = code ?? signal;
			resolve(svc.exitCode);
		});
		child.on('error', (err) => {
			svc.exitCode = err.message;
			resolve(err.message);
		});
	});
	svc.stop = (timeoutMs = 15000) => stopService(svc, timeoutMs);
	started.add(svc);
	return svc;
}

/** SIGTERM to the service's process group (its own children included), SIGKILL after a timeout. */
async function stopService(svc, timeoutMs = 15000) {
	if (!svc || svc.stopped) return;
	svc.stopped = true;
	started.delete(svc);
	const signalGroup = (sig) => {
		try {
			process.kill(-svc.pid, sig);
		} catch {
			try {
				process.kill(svc.pid, sig);
			} catch {
				/* already gone */
			}
		}
	};
	if (svc.exitCode === null) {
		signalGroup('SIGTERM');
		const timer = sleep(timeoutMs).then(() => 'timeout');
		if ((await Promise.race([svc.exited, timer])) === 'timeout') signalGroup('SIGKILL');
	}
	// Children of the group (task runners) may outlive the leader for a moment.
	signalGroup('SIGKILL');
	if (svc.pidFile) fs.rmSync(svc.pidFile, { force: true });
}

/**
 * Sends `sig` to a service as a supervisor would: SIGTERM to the leader only (it shuts its children
 * down itself), SIGKILL to the whole group (a crash or an OOM kill takes its children too). Resolves
 * { exitCode, ms } once the leader has exited (then the rest of its group is cleaned up), or throws
 * after `timeoutMs` without touching it further.
 */
async function signalService(svc, sig, { timeoutMs = 60000 } = {}) {
	const t0 = Date.now();
	if (svc.exitCode === null) {
		try {
			process.kill(sig === 'SIGKILL' ? -svc.pid : svc.pid, sig);
		} catch {
			/* already gone */
		}
		const timer = sleep(timeoutMs).then(() => 'timeout');
		if ((await Promise.race([svc.exited, timer])) === 'timeout')
			throw new Error(`${svc.name} (pid ${svc.pid}) still running ${timeoutMs} ms after ${sig}`);
	}
	const ms = Date.now() - t0;
	await stopService(svc, 1000);
	return { exitCode: svc.exitCode, ms };
}

/** Current size of a file (0 when missing): where a restarted service's new log lines begin. */
function fileSize(file) {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
}

async function stopAll() {
	await Promise.all([...started].map((svc) => stopService(svc, 10000)));
}

/** Synchronous last-resort cleanup for process 'exit'. */
function killAllSync() {
	for (const svc of started) {
		try {
			process.kill(-svc.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
		if (svc.pidFile) fs.rmSync(svc.pidFile, { force: true });
	}
	started.clear();
}

/** A driver's servers go with it: killed when it exits, stopped on Ctrl-C or SIGTERM. */
function stopServersWithProcess() {
	process.on('exit', killAllSync);
	for (const sig of ['SIGINT', 'SIGTERM']) {
		process.on(sig, () => {
			console.log(`\n${sig}: stopping the servers started by this run`);
			stopAll().finally(() => process.exit(130));
		});
	}
}

/** Runs a command to completion; resolves { code, stdout, stderr }. */
function run(cmd, args, { env = process.env, cwd, timeoutMs = 300000 } = {}) {
	return new Promise((resolve) => {
		execFile(
			cmd,
			args,
			{ env, cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
			(err, stdout, stderr) => {
				resolve({
					code: err ? (err.code ?? 1) : 0,
					stdout: String(stdout),
					stderr: String(stderr),
				});
			},
		);
	});
}

function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
	});
}

/** `count` consecutive free ports starting at `preferred` (or after it when busy). */
async function freePorts(preferred, count = 1) {
	for (let base = preferred; base < preferred + 400; base += count) {
		let ok = true;
		for (let i = 0; i < count && ok; i++) ok = await portIsFree(base + i);
		if (ok) return Array.from({ length: count }, (_, i) => base + i);
	}
	throw new Error(`no ${count} free consecutive ports near ${preferred}`);
}

function tail(file, lines = 60) {
	try {
		const text = fs.readFileSync(file, 'utf8');
		return text.split('\n').slice(-lines).join('\n');
	} catch (e) {
		return `(cannot read ${file}: ${e.message})`;
	}
}

/** Resolves when `re` matches the log file (read from `fromByte`), rejects on timeout or exit. */
async function waitForLog(svc, re, { timeoutMs = 120000, fromByte = 0 } = {}) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		let text = '';
		try {
			text = fs.readFileSync(svc.logFile, 'utf8').slice(fromByte);
		} catch {
			/* not yet */
		}
		if (re.test(text)) return;
		if (svc.exitCode !== null) throw new Error(`${svc.name} exited (${svc.exitCode}) before ${re}`);
		await sleep(250);
	}
	throw new Error(`${svc.name}: timed out waiting for ${re} in ${svc.logFile}`);
}

module.exports = {
	sleep,
	isAlive,
	startService,
	stopService,
	signalService,
	fileSize,
	stopAll,
	killAllSync,
	stopServersWithProcess,
	run,
	portIsFree,
	freePorts,
	tail,
	waitForLog,
};
