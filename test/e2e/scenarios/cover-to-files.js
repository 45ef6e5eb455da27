'use strict';
// examples/cover-to-files.json: music task id -> Generate -> Wait for Completion (One Item per
// Image) -> Filter (finished covers) -> Read/Write Files from Disk, no Code node. Run for every
// provider, then with failing and unknown music tasks, with and without Continue On Fail.
const fs = require('node:fs');
const path = require('node:path');
const { ok, equal, match, fmt } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const wfs = require('../../../stack/examples');
const { PROVIDER_IDS } = require('../../../stack/providers');

const GENERATE = 'Generate cover';
const WAIT = 'Wait for cover';
const WRITE = 'Write cover files';
const variant = wfs.coverToFilesVariant;

function assertSucceeded(ex) {
	ok(
		ex.status === 'success',
		`execution ${ex.id} ended "${ex.status}", not "success": ${executionError(ex) ?? 'no error recorded'}`,
	);
}

module.exports = async function coverToFiles({ stack, check }) {
	const { n8n, emulator, creds, outDir } = stack;
	const template = wfs.loadExample('cover-to-files');

	await check('cover-to-files: the example has no Code node', async () => {
		const code = template.nodes.filter((n) => n.type === wfs.CODE).map((n) => n.name);
		equal(code, [], 'Code nodes in examples/cover-to-files.json');
	});

	for (const provider of PROVIDER_IDS) {
		const webhookPath = `e2e-cover-${provider}`;
		await check(
			`cover-to-files [${provider}]: status success, 2 emulator image URLs, written files byte-equal`,
			async () => {
				const workflowId = await n8n.deploy(variant(template, { provider, creds, webhookPath }));
				const musicTaskId = `music-${provider}-${Date.now()}`;
				const folder = path.join(outDir, provider);
				fs.mkdirSync(folder, { recursive: true });
				const ex = await n8n.runViaWebhook(workflowId, webhookPath, {
					tracks: [{ musicTaskId, outputFolder: folder }],
				});
				assertSucceeded(ex);

				const gen = nodeOutput(ex, GENERATE);
				equal(gen?.length, 1, `${GENERATE}: number of output items`);
				equal(gen[0].json.status, 'pending', `${GENERATE}: status right after generate (noWait)`);
				ok(gen[0].json.coverTaskId, `${GENERATE}: no coverTaskId`, gen[0].json);

				const out = nodeOutput(ex, WAIT);
				equal(out?.length, 2, `${WAIT}: number of output items (one per image)`);
				const cover = out[0].json;
				equal(cover.provider, provider, `${WAIT}: provider`);
				equal(cover.status, 'success', `${WAIT}: status`);
				equal(
					cover.coverTaskId,
					gen[0].json.coverTaskId,
					`${WAIT}: coverTaskId (same as Generate's)`,
				);
				equal(cover.images?.length, 2, `${WAIT}: number of image URLs`);
				for (const url of cover.images)
					ok(url.startsWith(`${emulator.url}/images/`), `image URL not on the emulator: ${url}`);
				equal(
					out.map((item) => [item.json.imagePosition, Object.keys(item.binary ?? {})]),
					[
						[1, ['data']],
						[2, ['data']],
					],
					`${WAIT}: each item's image position and binary properties`,
				);

				const written = nodeOutput(ex, WRITE);
				equal(written?.length, 2, `${WRITE}: number of items (one per image)`);
				for (const [i, url] of cover.images.entries()) {
					const prefix = `${cover.coverTaskId}-cover_${i + 1}.`;
					const file = fs.readdirSync(folder).find((f) => f.startsWith(prefix));
					ok(
						file,
						`no file ${prefix}* in ${folder} (found: ${fs.readdirSync(folder).join(', ') || 'nothing'})`,
					);
					const onDisk = fs.readFileSync(path.join(folder, file));
					const served = await emulator.image(url);
					ok(
						onDisk.equals(served),
						`${file}: ${onDisk.length} bytes on disk differ from the ${served.length} bytes at ${url}`,
					);
				}
				return `${provider} cover ${cover.coverTaskId}`;
			},
		);
	}

	await check(
		"cover-to-files [kieAi]: failing cover -> item with status failed and the provider's message",
		async () => {
			const webhookPath = 'e2e-cover-fail';
			const workflowId = await n8n.deploy(
				variant(template, { provider: 'kieAi', creds, webhookPath }),
			);
			const ex = await n8n.runViaWebhook(workflowId, webhookPath, {
				tracks: [{ musicTaskId: `fail-${Date.now()}`, outputFolder: outDir }],
			});
			assertSucceeded(ex);
			const out = nodeOutput(ex, WAIT);
			equal(out?.length, 1, `${WAIT}: number of output items`);
			equal(out[0].json.status, 'failed', `${WAIT}: status`);
			match(out[0].json.error?.message, /cover generation failed/i, `${WAIT}: error.message`);
			ok(
				!out[0].binary,
				`${WAIT}: a failed cover must carry no binary`,
				Object.keys(out[0].binary ?? {}),
			);
			equal(nodeOutput(ex, WRITE)?.length ?? 0, 0, 'images written for a failed cover');
		},
	);

	await check(
		'cover-to-files [apiinOne], Continue On Fail: ok + failing + unknown music task -> exactly one item each',
		async () => {
			const webhookPath = 'e2e-cover-batch';
			const workflowId = await n8n.deploy(
				variant(template, { provider: 'apiinOne', creds, webhookPath, continueOnFail: true }),
			);
			const stamp = Date.now();
			const folder = path.join(outDir, 'batch');
			fs.mkdirSync(folder, { recursive: true });
			const tracks = [`ok-${stamp}`, `fail-${stamp}`, `notfound-${stamp}`].map((musicTaskId) => ({
				musicTaskId,
				outputFolder: folder,
			}));
			const ex = await n8n.runViaWebhook(workflowId, webhookPath, { tracks });
			assertSucceeded(ex);
			const pairing = (name) =>
				nodeOutput(ex, name)?.map((item) => item.pairedItem?.item ?? item.pairedItem);
			equal(pairing(GENERATE), [0, 1, 2], `${GENERATE}: pairedItem of each output item`);
			// One Item per Image: the ok cover's 2 images, then the failed cover and the error item.
			equal(pairing(WAIT), [0, 0, 1, 2], `${WAIT}: pairedItem of each output item`);
			const [good, , failed, missing] = nodeOutput(ex, WAIT).map((item) => item.json);
			equal(good.status, 'success', 'item 0 (ok music task): status');
			equal(good.images?.length, 2, 'item 0: number of image URLs');
			equal(failed.status, 'failed', 'item 1 (failing music task): status');
			match(failed.error?.message, /cover generation failed/i, 'item 1: error.message');
			const gen = nodeOutput(ex, GENERATE)[2].json;
			ok(
				typeof gen.error === 'string' && gen.error.length > 0,
				`item 2 (unknown music task): ${GENERATE} should give an error item`,
				gen,
			);
			ok(missing.error !== undefined, `item 2: ${WAIT} should pass an error item on`, missing);
			equal(
				nodeOutput(ex, WRITE)?.length,
				2,
				`${WRITE}: files written (only the ok item's 2 images)`,
			);
			return `unknown music task: ${fmt(gen.error)}`;
		},
	);
};
