'use strict';
// examples/music-to-upload.json as users build it: n8n's HTTP Request node asks kie.ai (the
// emulator) for music with a Header Auth credential, checks kie.ai's music record until SUCCESS
// (Wait + HTTP Request + IF, a capped loop), then Music Cover (Poll Until Done, One Item per Image)
// takes the music task id by `{{ $json.data.taskId }}` and the images go to a file-writing step
// (upload-shaped: it reads binary `data`) with no Code node anywhere. Checked against the emulator's
// request log and image bytes; and, without the wait, kie.ai refusing the cover of unfinished music
// (assumed answer, test/emulator/kieMusic.js) makes the node say to wait for the music.
const fs = require('node:fs');
const path = require('node:path');
const { ok, equal, match } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const wfs = require('../../../stack/examples');

const MUSIC = 'Generate music';
const COVER = 'Generate cover';
const UPLOAD = 'Upload cover images';
const HEADER_AUTH = 'httpHeaderAuth';

/** Music ready 3 s after its generate: the example's loop checks its record every second. */
const MUSIC_READY_AFTER_MS = 3000;

/** The nodes of `wf` that a run passes from `from` to `to` (by the connections, any branch). */
function nodesBetween(wf, from, to) {
	const seen = new Set();
	const walk = (name, trail) => {
		if (name === to) return trail;
		if (seen.has(name)) return null;
		seen.add(name);
		for (const outputs of wf.connections[name]?.main ?? [])
			for (const { node } of outputs ?? []) {
				const found = walk(node, [...trail, node]);
				if (found) return found;
			}
		return null;
	};
	return walk(from, []) ?? [];
}

module.exports = async function musicToUpload({ stack, check }) {
	const { n8n, emulator, creds, outDir } = stack;
	const template = wfs.loadExample('music-to-upload');

	await check(
		'music-to-upload: no Code node in the example, and only Filter between Music Cover and the upload step',
		async () => {
			const code = template.nodes.filter((n) => n.type === wfs.CODE).map((n) => n.name);
			equal(code, [], 'Code nodes in examples/music-to-upload.json');
			const between = nodesBetween(template, COVER, UPLOAD).slice(0, -1);
			const typeOf = (name) => wfs.node(template, name).type;
			equal(
				between.map(typeOf),
				['n8n-nodes-base.filter'],
				`node types between ${COVER} and ${UPLOAD}`,
			);
			equal(
				wfs.node(template, COVER).parameters.musicTaskId,
				'={{ $json.data.taskId }}',
				`${COVER}: Music Task ID expression`,
			);
		},
	);

	// n8n's HTTP Request node with a Header Auth credential: the kie.ai key as a bearer header.
	const header = await n8n.createCredential(HEADER_AUTH, 'kie.ai bearer header (e2e)', {
		name: 'Authorization',
		value: `Bearer ${emulator.keys.kieAi}`,
	});
	const allCreds = { ...creds, [HEADER_AUTH]: { id: String(header.id), name: header.name } };

	await check(
		"music-to-upload: kie.ai's music taskId flows into the cover, 2 image items written, bytes equal the emulator's",
		async () => {
			const webhookPath = 'e2e-music-to-upload';
			const stamp = Date.now();
			const folder = path.join(outDir, `music-to-upload-${stamp}`);
			fs.mkdirSync(folder, { recursive: true });
			const prompt = `A calm piano piece, e2e ${stamp}`;
			await emulator.configure({ kieMusicReadyAfterMs: MUSIC_READY_AFTER_MS });
			const before = (await emulator.requests()).length;
			const workflowId = await n8n.deploy(
				wfs.musicToUploadVariant(template, {
					creds: allCreds,
					kieBaseUrl: emulator.baseUrls.kieAi,
					webhookPath,
				}),
			);
			const ex = await n8n.runViaWebhook(workflowId, webhookPath, {
				prompt,
				outputFolder: folder,
			});
			equal(ex.status, 'success', `execution status (${executionError(ex) ?? ''})`);
			const log = (await emulator.requests()).slice(before).filter((r) => r.provider === 'kieAi');

			const musicCreates = log.filter((r) => r.endpoint === 'musicGenerate');
			equal(musicCreates.length, 1, 'music generate requests the emulator received');
			ok(musicCreates[0].authorized, 'the music generate did not carry the kie.ai key');
			equal(musicCreates[0].answer?.code, 200, 'code of the music generate answer');
			equal(
				[musicCreates[0].body.prompt, musicCreates[0].body.customMode],
				[prompt, false],
				'prompt and customMode of the music generate body',
			);
			const musicTaskId = nodeOutput(ex, MUSIC)?.[0]?.json?.data?.taskId;
			ok(/^[0-9a-f]{32}$/.test(musicTaskId ?? ''), `${MUSIC}: no taskId`, nodeOutput(ex, MUSIC));
			const reads = log.filter((r) => r.endpoint === 'musicStatus');
			ok(reads.length >= 2, `music record reads: ${reads.length} (the loop never waited)`);
			ok(
				reads.every((r) => r.taskId === musicTaskId),
				'a music record read asked for another task',
				reads.map((r) => r.taskId),
			);

			const coverCreates = log.filter((r) => r.endpoint === 'generate');
			equal(
				coverCreates.map((r) => [r.body?.taskId, r.answer?.code]),
				[[musicTaskId, 200]],
				'cover generate requests: music task id sent and answer code',
			);
			ok(
				coverCreates[0].at > reads[reads.length - 1].at,
				'the cover was asked for before the last music record read',
			);

			const images = nodeOutput(ex, COVER) ?? [];
			equal(images.length, 2, `${COVER}: items (one per image)`);
			const written = nodeOutput(ex, UPLOAD) ?? [];
			equal(written.length, 2, `${UPLOAD}: items`);
			for (const item of images) {
				equal(item.json.musicTaskId, musicTaskId, `${COVER}: musicTaskId of an image item`);
				equal(Object.keys(item.binary ?? {}), ['data'], `${COVER}: binary of an image item`);
				const file = path.join(folder, `${item.json.coverTaskId}-${item.json.imagePosition}.png`);
				ok(fs.existsSync(file), `no file ${file} (found: ${fs.readdirSync(folder).join(', ')})`);
				const served = await emulator.image(item.json.imageUrl);
				ok(fs.readFileSync(file).equals(served), `${file} differs from ${item.json.imageUrl}`);
			}
			return `music ${musicTaskId}, ${reads.length} record reads, ${written.length} files`;
		},
	);

	await check(
		"music-to-upload without the wait: kie.ai refuses the cover of unfinished music, the node's error says to wait",
		async () => {
			const webhookPath = 'e2e-music-no-wait';
			const wf = wfs.musicToUploadVariant(template, {
				creds: allCreds,
				kieBaseUrl: emulator.baseUrls.kieAi,
				webhookPath,
			});
			// The loop cut out: the music generate's answer straight into Music Cover.
			wf.connections[MUSIC] = { main: [[{ node: COVER, type: 'main', index: 0 }]] };
			await emulator.configure({ kieMusicReadyAfterMs: 60000 });
			const workflowId = await n8n.deploy(wf);
			const ex = await n8n.runViaWebhook(workflowId, webhookPath, {
				prompt: 'too early',
				outputFolder: outDir,
			});
			equal(ex.status, 'error', 'execution status');
			match(executionError(ex), new RegExp(`^\\[${COVER}\\] `), 'the node that failed');
			match(
				executionError(ex),
				/Wait until the music step reports it finished/,
				"the execution error (kie.ai's refusal, with what to do)",
			);
			return executionError(ex);
		},
	);
	await emulator.configure({ kieMusicReadyAfterMs: 3000 });
};
