'use strict';
// `npm test [-- jest args]`: on a fresh clone, installs the dev dependencies first (npm ci), so
// the README's test command is one command. Then runs jest (jest.config.js) with the given args.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const jest = path.join(repo, 'node_modules', 'jest', 'bin', 'jest.js');

function run(cmd, args) {
	const result = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' });
	if (result.error) throw result.error;
	// A signal (Ctrl-C) ends the run as that signal would have ended it.
	if (result.signal) process.kill(process.pid, result.signal);
	return result.status;
}

if (!fs.existsSync(jest)) {
	console.log(
		'node_modules is missing: installing the dev dependencies (npm ci, about a minute) ...',
	);
	const status = run('npm', ['ci', '--no-audit', '--no-fund']);
	if (status !== 0) process.exit(status);
}
process.exit(run(process.execPath, [jest, ...process.argv.slice(2)]));
