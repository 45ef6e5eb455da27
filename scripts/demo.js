'use strict';
// `npm run demo` (scripts/demo.sh installs n8n, builds and packs, then runs this): a real n8n 2.x on
// 127.0.0.1 with this package installed as a community node, the example workflow cover-to-files
// imported and run once, the covers written to disk. Then n8n keeps running for you to look around
// in the editor, until Ctrl-C (DEMO_EXIT=1: stop right after the run).
//
// Providers: the bundled emulator by default. With a provider's key in <NAME>_API_KEY (its display
// name in capitals: KIE_AI_API_KEY for kie.ai; see stack/providers.js) and MUSIC_TASK_ID (a music
// task of yours on that provider) the real provider is used, at its default base URL.
// DEMO_PROVIDER=<provider id> picks one when several keys are set. Env: DEMO_DIR (work folder),
// DEMO_PORT (default 5678), DEMO_TGZ (package).
const fs = require('node:fs');
const path = require('node:path');
const proc = require('../stack/proc');
const { startStack, logTails } = require('../stack');
const { nodeOutput, executionError } = require('../stack/n8n');
const wfs = require('../stack/examples');
const providers = require('../stack/providers');

function chooseProvider() {
	const chosen = process.env.DEMO_PROVIDER && providers.provider(process.env.DEMO_PROVIDER);
	const real = Object.fromEntries(
		providers.PROVIDERS.map((p) => [p.id, process.env[p.apiKeyEnv] || '']),
	);
	const withKeys = providers.PROVIDERS.filter((p) => real[p.id]);
	if (!withKeys.length) return { real: null, provider: (chosen || providers.DEFAULT_PROVIDER).id };
	const { id, apiKeyEnv } = chosen || withKeys[0];
	if (!real[id]) throw new Error(`DEMO_PROVIDER=${id} but ${apiKeyEnv} is not set`);
	if (!process.env.MUSIC_TASK_ID) {
		throw new Error(
			`${apiKeyEnv} is set: also set MUSIC_TASK_ID to one of your music task ids on that provider`,
		);
	}
	return { real, provider: id };
}

async function main() {
	const tgz = process.env.DEMO_TGZ;
	const root = path.resolve(process.env.DEMO_DIR || '.e2e/demo');
	if (!tgz || !fs.existsSync(tgz))
		throw new Error('DEMO_TGZ must name the packed package (scripts/demo.sh sets it)');
	const { real, provider } = chooseProvider();
	for (const dir of ['home', 'logs', 'covers', 'pids'])
		fs.rmSync(path.join(root, dir), { recursive: true, force: true });

	console.log(
		`starting n8n 2.x with the package (${real ? `real ${provider}` : 'provider emulator'}) ...`,
	);
	let stack;
	try {
		stack = await startStack({
			line: '2',
			root,
			tgz,
			basePort: Number(process.env.DEMO_PORT || 5678),
			real,
		});
	} catch (e) {
		console.error(logTails(e.stackInfo, 30));
		throw e;
	}
	const { n8n, creds } = stack;
	let stopping = false;
	stack.emulator?.svc.exited.then((code) => {
		if (!stopping)
			console.log(
				`\n(the provider emulator stopped, exit ${code}: runs of the example will now fail)`,
			);
	});
	const folder = path.join(stack.outDir, provider);
	fs.mkdirSync(folder, { recursive: true });
	const musicTaskId = process.env.MUSIC_TASK_ID || `demo-music-${Date.now()}`;

	// The example as a user imports it (Manual Trigger; "Execute workflow" in the editor runs it) ...
	const template = wfs.loadExample('cover-to-files');
	const example = wfs.bind(template, { creds, provider, name: `${template.name} [${provider}]` });
	wfs.setField(example, 'Track', 'musicTaskId', musicTaskId);
	wfs.setField(example, 'Track', 'outputFolder', folder);
	const exampleCreated = await n8n.createWorkflow(example);
	// ... and the same workflow started over HTTP, which this script runs once now.
	const webhookPath = 'music-cover-demo';
	const runnable = wfs.coverToFilesVariant(template, { provider, creds, webhookPath });
	runnable.name = `${template.name} [${provider}, started by the demo over HTTP]`;
	const workflowId = await n8n.deploy(runnable);

	console.log(`running cover-to-files for music task ${musicTaskId} ...`);
	const ex = await n8n.runViaWebhook(
		workflowId,
		webhookPath,
		{ tracks: [{ musicTaskId, outputFolder: folder }] },
		{ timeoutMs: 15 * 60000 },
	);
	// One item per image (the example's One Item per Image): the cover's fields on each.
	const images = nodeOutput(ex, 'Wait for cover') ?? [];
	const cover = images[0];
	const files = fs.readdirSync(folder).map((f) => path.join(folder, f));

	console.log('\n================ Music Cover demo ================');
	console.log(
		`execution ${ex.id}: ${ex.status}${ex.status !== 'success' ? ` - ${executionError(ex)}` : ''}`,
	);
	if (cover) {
		const binaries = images.flatMap((item) =>
			Object.entries(item.binary ?? {}).map(
				([k, b]) =>
					`image ${item.json.imagePosition ?? '?'} in ${k} (${b.fileName}, ${b.mimeType}, ${b.fileSize ?? '?'})`,
			),
		);
		console.log('cover (Wait for cover output, first item):');
		console.log(JSON.stringify(cover.json, null, 2).replace(/^/gm, '  '));
		if (binaries.length) console.log(`  binary: ${binaries.join(', ')}`);
	}
	console.log(files.length ? `cover files written to ${folder}:` : `no cover files in ${folder}`);
	for (const f of files) console.log(`  ${f} (${fs.statSync(f).size} bytes)`);
	if (stack.emulator && files.length)
		console.log(
			'  (stand-ins: the emulator draws each 512x512 cover from its id; a real provider sends artwork)',
		);
	console.log(
		`\neditor:   ${n8n.baseUrl}/workflow/${exampleCreated.id}   (the example, ready to run with "Execute workflow")`,
	);
	console.log(`          ${n8n.baseUrl}/workflow/${workflowId}   (the run above)`);
	console.log(`login:    ${n8n.owner.email} / ${n8n.owner.password}`);
	if (stack.emulator)
		console.log(`emulator: ${stack.emulator.url} (plays the providers; its covers are stand-ins)`);
	console.log(`logs:     ${stack.logDir}`);
	console.log('==================================================');

	const ok = ex.status === 'success' && files.length > 0;
	if (process.env.DEMO_EXIT === '1') {
		stopping = true;
		await stack.stop();
		return ok ? 0 : 1;
	}
	console.log('\nn8n keeps running: press Ctrl-C to stop it.');
	await new Promise((resolve) => {
		for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, resolve);
		stack.n8n.services.main.exited.then(resolve);
	});
	console.log('stopping ...');
	stopping = true;
	await stack.stop();
	return 0;
}

process.on('exit', proc.killAllSync);
main().then(
	(code) => process.exit(code),
	(e) => {
		console.error(`demo failed: ${e.message}`);
		proc.stopAll().finally(() => process.exit(1));
	},
);
