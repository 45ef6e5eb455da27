'use strict';
// Install for fleets (README): on a target started with packagesFromEnv, nothing put the package in
// n8n's folders; n8n installed it itself from N8N_COMMUNITY_PACKAGES (name, version, checksum) out
// of the registry stand-in for registry.npmjs.org (stack/npm-registry.js): main at start-up, checking
// the checksum against the registry's dist.integrity, and the worker, in a user folder of its own,
// from what main recorded. The other scenarios of the target then run the package's workflows on
// that worker.
const fs = require('node:fs');
const path = require('node:path');
const { ok, equal, match } = require('../lib/check');

module.exports = async function fleetInstall({ stack, check }) {
	const { n8n, registry } = stack;
	ok(registry, 'this target does not install the package from the environment (packagesFromEnv)');
	const { name, version, integrity } = registry;
	const tarball = `/${name}/-/${name}-${version}.tgz`;
	const served = (client, pathname) =>
		registry.requests.filter((r) => r.client === client && r.path === pathname && r.status === 200);

	await check(
		'main installed the package from N8N_COMMUNITY_PACKAGES, its checksum checked against the registry',
		async () => {
			const declared = JSON.parse(n8n.env('main').N8N_COMMUNITY_PACKAGES);
			equal(declared, [{ name, version, checksum: integrity }], 'N8N_COMMUNITY_PACKAGES of main');
			match(
				n8n.logText('main'),
				new RegExp(
					`Installed community package '${name}@${version.replace(/\./g, '\\.')}' from env`,
				),
				"main's log",
			);
			// n8n's verifyIntegrity reads dist.integrity from GET /<name>/<version> (or, when that
			// fails, `npm view name@version dist.integrity`, which reads GET /<name>).
			ok(
				served('main', `/${name}/${version}`).length + served('main', `/${name}`).length > 0,
				'main never asked the registry for the version it installs',
				registry.requests,
			);
			ok(
				served('main', tarball).length > 0,
				'main did not download the tarball',
				registry.requests,
			);
		},
	);

	await check('n8n shows the package as installed and managed by the environment', async () => {
		const settings = await n8n.rest('GET', '/settings');
		equal(settings.communityNodesManagedByEnv, true, 'settings.communityNodesManagedByEnv');
		const installed = await n8n.rest('GET', '/community-packages');
		const pkg = installed.find((p) => p.packageName === name);
		ok(pkg, `${name} is not among the installed community packages`, installed);
		equal(pkg.installedVersion, version, 'installed version');
		equal(pkg.failedLoading, false, 'failedLoading');
		equal(
			pkg.installedNodes.map((n) => n.type).sort(),
			[`${name}.musicCover`, `${name}.musicCoverTrigger`],
			'installed node types',
		);
		const refused = await n8n.rest('POST', '/community-packages', { name }, 400);
		match(refused?.message, /managed via environment variables/, 'installing through the API');
	});

	await check(
		'the worker installed it into its own user folder from the registry at start-up',
		async () => {
			ok(stack.workerHome !== stack.home, "the worker shares main's user folder");
			const file = path.join(
				stack.workerHome,
				'.n8n',
				'nodes',
				'node_modules',
				name,
				'package.json',
			);
			ok(fs.existsSync(file), `no ${file}`);
			equal(
				JSON.parse(fs.readFileSync(file, 'utf8')).version,
				version,
				"worker's installed version",
			);
			const log = n8n.logText('worker');
			match(log, /Attempting to reinstall missing packages/, "worker's log");
			match(log, /Packages reinstalled successfully/, "worker's log");
			ok(
				served('worker', tarball).length > 0,
				'the worker did not download the tarball',
				registry.requests,
			);
		},
	);
};
