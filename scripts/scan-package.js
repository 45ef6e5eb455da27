'use strict';
// n8n's community-package scanner, run locally (part of `npm run lint`). Its CLI only scans a
// published package: it lints the source checkout named by the npm provenance with
// SOURCE_FILE_PATTERNS, and the npm tarball with ['**/*.js', 'package.json']. This runs the same
// exported analyser with the same patterns on this checkout and on the tarball `npm pack` makes of
// it now, and exits 1 on any error. Warnings do not fail the scan (the scanner passes them too).
// It builds first: the repo's .npmrc sets ignore-scripts, so `npm pack` would not run prepack.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const repo = path.resolve(__dirname, '..');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

function run(cmd, args, cwd = repo) {
	try {
		return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	} catch (error) {
		// tsc reports compile errors on stdout.
		if (error.stdout) process.stderr.write(error.stdout);
		throw error;
	}
}

/** The files a scan covers, found as the analyser finds them; a scan of nothing would pass. */
function scannedFiles(glob, dir, patterns) {
	return glob.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] });
}

function requireFiles(problem, files, expected) {
	const missing = expected.filter((file) => !files.includes(file));
	if (missing.length) throw new Error(`${problem}: ${missing.join(', ')}`);
}

/** The .ts file each shipped dist/...js file is compiled from, as tsconfig.build.json maps them. */
function sourcesOf(shipped) {
	const ts = require('typescript');
	const config = ts.getParsedCommandLineOfConfigFile(
		path.join(repo, 'tsconfig.build.json'),
		{},
		{ ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => console.error(d.messageText) },
	);
	const { rootDir, outDir } = config.options;
	return shipped.map((file) =>
		path
			.relative(repo, path.join(rootDir, path.relative(outDir, path.join(repo, file))))
			.replace(/\.js$/, '.ts'),
	);
}

async function scan(label, dir, patterns, analyzePackage, expected, glob) {
	const files = scannedFiles(glob, dir, patterns);
	requireFiles(`the ${label} scan would not lint`, files, expected);
	const result = await analyzePackage(dir, patterns);
	if (result.passed) {
		console.log(`scan ${label}: passed (${files.length} files)`);
		return true;
	}
	console.log(`scan ${label}: FAILED: ${result.message}`);
	if (result.details) console.log(result.details);
	return false;
}

async function main() {
	const scanner = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scanner);
	// fast-glob as the scanner's own dependency resolves it: the same matcher decides what is linted.
	const glob = require(require.resolve('fast-glob', { paths: [path.dirname(scanner)] }));

	const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
	const shipped = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const sources = sourcesOf(shipped);

	console.log('scan: building and packing ...');
	run('npm', ['run', 'clean', '--silent']);
	run('npm', ['run', 'build', '--silent']);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'music-cover-scan-'));
	try {
		const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work]));
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		run('tar', ['-xzf', path.join(work, filename), '-C', unpacked, '--strip-components=1']);
		requireFiles('the tarball lacks', fs.readdirSync(unpacked), ['LICENSE', 'README.md']);

		const sourceOk = await scan(
			'source',
			repo,
			SOURCE_FILE_PATTERNS,
			analyzePackage,
			['package.json', ...sources],
			glob,
		);
		const tarballOk = await scan(
			'tarball',
			unpacked,
			TARBALL_PATTERNS,
			analyzePackage,
			['package.json', ...shipped],
			glob,
		);
		if (!sourceOk || !tarballOk) process.exitCode = 1;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`scan: ${error.message}`);
	process.exitCode = 1;
});
