'use strict';
// Generate (kie.ai) > Wait for Callback with Download Images and Continue On Fail, for three tracks:
// one whose cover was already finished when the run parked (a duplicate of a finished cover: its
// images are downloaded before the park), one that kie.ai calls back, and an unknown one. Every
// success item must leave with its images whatever resumes the run (a callback, or the deadline,
// where n8n passes the parked items on without calling the node): the images are written to disk
// after the node and compared with the emulator's bytes. One output item per input item.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ok, equal } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const wfs = require('../../../stack/examples');
const { waitForDeadlineEnd } = require('../lib/callbackWait');

const GENERATE = 'Generate covers and wait for callback';
const WRITE = 'Write cover files';
const KIE_PLACEHOLDER = 'https://example.com/elsewhere';

/** Webhook (answers at once) -> one item per track -> Generate -> one item per image -> files. */
function workflow(creds, webhookPath, timeoutSeconds) {
	const wf = {
		name: `e2e ${webhookPath}`,
		nodes: [
			{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
			{
				name: 'Tracks',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: 'return $json.body.tracks.map((track) => ({ json: track }));' },
			},
			{
				name: GENERATE,
				type: wfs.MUSIC_COVER,
				typeVersion: 1.1,
				webhookId: crypto.randomUUID(),
				onError: 'continueRegularOutput',
				parameters: {
					provider: 'kieAi',
					operation: 'generate',
					musicTaskId: '={{ $json.musicTaskId }}',
					waitMode: 'callback',
					options: { download: true, timeout: timeoutSeconds },
				},
				credentials: { kieAiApi: {} },
			},
			{
				name: 'One item per image',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: {
					jsCode: [
						"const folder = $('Tracks').first().json.outputFolder;",
						'const out = [];',
						'$input.all().forEach((item, index) => {',
						'  for (const [property, file] of Object.entries(item.binary ?? {})) {',
						'    out.push({',
						'      json: { filePath: `${folder}/${item.json.coverTaskId}-${property}.png` },',
						'      binary: { data: file },',
						'      pairedItem: { item: index },',
						'    });',
						'  }',
						'});',
						'return out;',
					].join('\n'),
				},
			},
			{
				name: WRITE,
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				parameters: {
					operation: 'write',
					fileName: '={{ $json.filePath }}',
					dataPropertyName: 'data',
					options: {},
				},
			},
		],
		connections: {},
	};
	wf.nodes.forEach((node, index) => {
		node.id = crypto.randomUUID();
		node.position = [index * 220, 0];
		const next = wf.nodes[index + 1];
		if (next) wf.connections[node.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	const bound = wfs.bind(wf, { creds });
	return wfs.webhookStart(bound, { webhookPath, responseMode: 'onReceived' });
}

/** A kie.ai cover made earlier by another client and finished: this run's create meets it. */
async function finishedCover(emulator, musicTaskId) {
	const coverTaskId = await emulator.kieGenerate(musicTaskId, KIE_PLACEHOLDER);
	await emulator.completeTask(coverTaskId, 'success');
	return coverTaskId;
}

/** Starts a run for `tracks`, waits until it parked; returns its execution id. */
async function startParked(n8n, workflowId, webhookPath, tracks) {
	const before = await n8n.executionIds(workflowId);
	await n8n.callWebhook(webhookPath, { tracks }, { expect: 200 });
	const id = await n8n.waitForNewExecution(workflowId, before);
	await n8n.waitForExecution(id, (ex) => ex.status === 'waiting' || Boolean(ex.waitTill), {
		timeoutMs: 30000,
		intervalMs: 200,
	});
	return id;
}

/**
 * Deploys the workflow and parks a run of three tracks: one whose cover was finished before, then
 * `${middle}-…` (`never` is never called back), then an unknown one; the files go to a folder named
 * after the webhook path. Resolves { id, existing (the finished cover's id), folder }.
 */
async function parkThreeTracks(
	{ n8n, emulator, creds, outDir },
	{ webhookPath, timeoutSeconds, middle },
) {
	const workflowId = await n8n.deploy(workflow(creds, webhookPath, timeoutSeconds));
	const stamp = Date.now();
	const folder = path.join(outDir, webhookPath.replace(/^e2e-/, ''));
	fs.mkdirSync(folder, { recursive: true });
	const existing = await finishedCover(emulator, `music-done-${stamp}`);
	const tracks = [`music-done-${stamp}`, `${middle}-${stamp}`, `notfound-${stamp}`].map(
		(musicTaskId) => ({ musicTaskId, outputFolder: folder }),
	);
	const id = await startParked(n8n, workflowId, webhookPath, tracks);
	return { id, existing, folder };
}

/**
 * The Generate node's items as the run left them: one per input item, in input order (pairedItem),
 * with these statuses ('error' for an error item). `when` names the moment in the messages.
 */
function expectOnePerInput(ex, statuses, when) {
	const out = nodeOutput(ex, GENERATE, { run: -1 }) ?? [];
	equal(
		out.length,
		statuses.length,
		`${GENERATE}: items ${when} for ${statuses.length} input items`,
	);
	equal(
		out.map((item) => [item.json.status ?? 'error', item.pairedItem?.item]),
		statuses.map((status, index) => [status, index]),
		`${GENERATE}: status and pairedItem of each item ${when}`,
	);
	return out;
}

/** Each success item carries cover_1 and cover_2, and both were written byte-equal to the served images. */
async function expectImagesWritten(emulator, ex, folder, items) {
	const written = [];
	for (const item of items.filter((i) => i.json.status === 'success')) {
		const { coverTaskId, images } = item.json;
		equal(
			Object.keys(item.binary ?? {}).sort(),
			['cover_1', 'cover_2'],
			`${GENERATE}: binary properties of success item ${coverTaskId}`,
		);
		for (const [index, url] of images.entries()) {
			const file = path.join(folder, `${coverTaskId}-cover_${index + 1}.png`);
			ok(fs.existsSync(file), `${file} was not written (the item's image did not survive)`);
			const served = await emulator.image(url);
			ok(fs.readFileSync(file).equals(served), `${file} differs from the image at ${url}`);
			written.push(file);
		}
	}
	equal(nodeOutput(ex, WRITE)?.length, written.length, `${WRITE}: items (one per image)`);
	return written.length;
}

function assertSucceeded(ex) {
	ok(
		ex.status === 'success',
		`execution ${ex.id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
	);
}

module.exports = async function callbackBinary({ stack, check, defer }) {
	const { n8n, emulator } = stack;

	if (process.env.E2E_SKIP_SLOW !== '1') {
		// No callback for the `never...` track: the deadline resumes the run with the parked items.
		let deadline;
		const started = await check(
			'callback-binary deadline: parked with a finished duplicate (images downloaded) and a cover never called back',
			async () => {
				const parked = await parkThreeTracks(stack, {
					webhookPath: 'e2e-callback-binary-deadline',
					timeoutSeconds: 10,
					middle: 'never',
				});
				deadline = { ...parked, t0: Date.now() };
			},
		);
		if (started) {
			defer(
				'callback-binary deadline: the finished cover leaves with its images, one item per input item',
				async () => {
					const ex = await waitForDeadlineEnd(n8n, deadline);
					assertSucceeded(ex);
					const out = expectOnePerInput(ex, ['success', 'pending', 'error'], 'at the deadline');
					equal(out[0].json.coverTaskId, deadline.existing, 'item 0: the existing cover');
					ok(!out[1].binary, 'item 1 (no callback) carries no binary', out[1].binary);
					const files = await expectImagesWritten(emulator, ex, deadline.folder, out);
					return `ended ${((Date.now() - deadline.t0) / 1000).toFixed(0)} s after parking; ${files} files written`;
				},
			);
		}
	}

	await check(
		'callback-binary: a callback resumes the run; the cover finished before the park and the called-back one both leave with their images, one item per input item',
		async () => {
			await emulator.configure({ readyAfterMs: 4000 });
			try {
				const { id, existing, folder } = await parkThreeTracks(stack, {
					webhookPath: 'e2e-callback-binary',
					timeoutSeconds: 600,
					middle: 'music-cb',
				});
				const ex = await n8n.waitForEnd(id, { timeoutMs: 90000 });
				assertSucceeded(ex);
				const out = expectOnePerInput(ex, ['success', 'success', 'error'], 'after the resume');
				equal(out[0].json.coverTaskId, existing, 'item 0: the existing cover');
				const called = (await emulator.callbacks()).filter(
					(c) => c.coverTaskId === out[1].json.coverTaskId && c.status === 200,
				);
				ok(called.length > 0, "the second cover's callback was not answered 200");
				const files = await expectImagesWritten(emulator, ex, folder, out);
				return `${files} files written (the pre-park cover's and the called-back one's)`;
			} finally {
				await emulator.configure({ readyAfterMs: 1500 });
			}
		},
	);
};
