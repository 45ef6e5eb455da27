'use strict';
// What a stack installs: the n8n lines (scripts/install-n8n.sh puts them in a cache folder; this
// finds them) and the packed package, installed into an n8n user folder as a community node, or
// declared in n8n's environment for n8n to install itself (communityPackagesEnv).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const proc = require('../proc');
const { communityPackages } = require('../../scripts/community-packages-json');

const VERSIONS = { 2: '2.41.1', 1: '1.123.50' };
const CACHE =
	process.env.N8N_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-music-cover');

/** Folder of an installed n8n line (scripts/install-n8n.sh must have run). */
function n8nDir(line) {
	const dir = path.join(CACHE, `n8n-${VERSIONS[line]}`);
	if (!fs.existsSync(path.join(dir, '.complete'))) {
		throw new Error(
			`n8n ${VERSIONS[line]} is not installed in ${dir}: run scripts/install-n8n.sh ${line}`,
		);
	}
	return dir;
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

/**
 * The environment under which n8n (>= 2.21) installs the packed package itself at start-up, as a
 * fleet does (README, "Install for fleets"): N8N_COMMUNITY_PACKAGES pins name, version and checksum.
 * Main installs it (n8n's instance-settings loader, which only `n8n start` runs) and records it in
 * the database; a worker installs what main recorded when it starts with
 * N8N_REINSTALL_MISSING_PACKAGES=true (or on main's install event over Redis when it is already up).
 * Both fetch from registry.npmjs.org, which here is `registry` (stack/npm-registry.js), reached
 * through its proxy. Returns { env: variables of every process, workerEnv: the worker's own }.
 */
function communityPackagesEnv(tgz, registry) {
	return {
		env: {
			N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
			N8N_COMMUNITY_PACKAGES: JSON.stringify(communityPackages(tgz)),
			N8N_REINSTALL_MISSING_PACKAGES: 'true',
			HTTPS_PROXY: registry.proxyUrl('main'),
			NO_PROXY: '127.0.0.1,localhost',
			NODE_EXTRA_CA_CERTS: registry.caFile,
			npm_config_cafile: registry.caFile,
		},
		workerEnv: {
			HTTPS_PROXY: registry.proxyUrl('worker'),
			// A worker's start-up reinstall carries a checksum only for packages n8n has vetted, so for
			// this one it is an unverified install, which n8n 2.41.1 allows by default and warns that
			// the default will change: said explicitly, as README's fleet section advises.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		},
	};
}

module.exports = { VERSIONS, CACHE, n8nDir, installCommunityPackage, communityPackagesEnv };
