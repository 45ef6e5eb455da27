'use strict';
// A throw-away Redis for queue mode: loopback only, nothing persisted (Bull job ids would survive).
const net = require('node:net');
const path = require('node:path');
const proc = require('./proc');

function ping(port) {
	return new Promise((resolve) => {
		const sock = net.connect({ host: '127.0.0.1', port }, () => sock.write('PING\r\n'));
		sock.setTimeout(1000, () => {
			sock.destroy();
			resolve(false);
		});
		sock.on('data', (d) => {
			sock.destroy();
			resolve(d.toString().startsWith('+PONG'));
		});
		sock.on('error', () => resolve(false));
	});
}

async function startRedis({ port, logDir, pidDir }) {
	const svc = proc.startService({
		name: 'redis',
		cmd: 'redis-server',
		args: [
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		logFile: path.join(logDir, 'redis.log'),
		pidDir,
	});
	const deadline = Date.now() + 15000;
	while (Date.now() < deadline) {
		if (await ping(port)) return svc;
		if (svc.exitCode !== null)
			throw new Error(`redis-server exited (${svc.exitCode}):\n${proc.tail(svc.logFile)}`);
		await proc.sleep(100);
	}
	throw new Error(`redis-server on ${port} did not answer PING`);
}

module.exports = { startRedis };
