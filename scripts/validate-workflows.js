'use strict';
// Part of `npm run lint`: every GitHub Actions workflow in .github/workflows is checked against
// GitHub's workflow schema by action-validator (@action-validator/cli, a WebAssembly build from the
// npm registry: no download at run time). A broken publish.yml would otherwise surface only when a
// release tag is pushed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.resolve(__dirname, '..', '.github', 'workflows');
const cli = path.join(
	path.dirname(require.resolve('@action-validator/cli/package.json')),
	'cli.mjs',
);

const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
if (!files.length) {
	console.error(`validate-workflows: no workflow files in ${dir}`);
	process.exit(1);
}
let failed = 0;
for (const file of files.sort()) {
	const result = spawnSync(process.execPath, [cli, path.join(dir, file)], { encoding: 'utf8' });
	if (result.status === 0) {
		console.log(`workflow ${file}: valid`);
	} else {
		failed++;
		console.log(`workflow ${file}: INVALID`);
		console.log((result.stderr + result.stdout).trim());
	}
}
process.exitCode = failed ? 1 : 0;
