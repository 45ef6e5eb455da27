'use strict';
// Get Credits (kie.ai, udioapi.pro), Generate's Check Credits First refusing a batch the account
// cannot pay for before any create (the emulator's request log shows none), and One Item per Image
// feeding a file-writing step (upload-shaped: it reads binary `data`) with no Code node between.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { ok, equal, match } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const { MUSIC_COVER } = require('../../../stack/examples');
const { provider: providerOf } = require('../../../stack/providers');

const START = 'Start';
const TRACKS = 'Tracks';

function credentialOf(creds, provider) {
	const type = providerOf(provider).credentialType;
	const c = creds[type];
	if (!c) throw new Error(`no ${type} credential`);
	return { [type]: { id: String(c.id), name: c.name } };
}

/** Webhook -> [Split Out body.tracks] -> the given nodes in a row; answers with the last node's items. */
function workflow(name, webhookPath, nodes, { splitTracks = true } = {}) {
	const start = {
		name: START,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		position: [0, 0],
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode: 'lastNode',
			responseData: 'allEntries',
			options: {},
		},
	};
	const split = {
		name: TRACKS,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [200, 0],
		parameters: { fieldToSplitOut: 'body.tracks', options: {} },
	};
	const chain = [start, ...(splitTracks ? [split] : []), ...nodes].map((n, i) => ({
		id: crypto.randomUUID(),
		position: [i * 200, 0],
		...n,
	}));
	const connections = {};
	for (let i = 0; i < chain.length - 1; i++)
		connections[chain[i].name] = { main: [[{ node: chain[i + 1].name, type: 'main', index: 0 }]] };
	return { name, nodes: chain, connections, settings: { executionOrder: 'v1' } };
}

function musicCover(name, provider, creds, parameters, extra = {}) {
	return {
		name,
		type: MUSIC_COVER,
		typeVersion: 1.1,
		parameters: { provider, ...parameters },
		credentials: credentialOf(creds, provider),
		...extra,
	};
}

module.exports = async function creditsAndImages({ stack, check }) {
	const { n8n, emulator, creds, outDir } = stack;

	await check('Get Credits: kie.ai and udioapi.pro in one shape', async () => {
		await emulator.configure({ kieCredits: 42, udioCredits: { credits: 7, used_credits: 3 } });
		try {
			const id = await n8n.deploy(
				workflow(
					'e2e get credits',
					'e2e-credits',
					[
						musicCover('kie.ai credits', 'kieAi', creds, { operation: 'getCredits' }),
						musicCover('udioapi.pro credits', 'udioApiPro', creds, { operation: 'getCredits' }),
					],
					{ splitTracks: false },
				),
			);
			const ex = await n8n.runViaWebhook(id, 'e2e-credits', {});
			equal(ex.status, 'success', `execution status (${executionError(ex) ?? ''})`);
			equal(
				nodeOutput(ex, 'kie.ai credits')?.map((item) => item.json),
				[{ provider: 'kieAi', credits: 42 }],
				'kie.ai credits output',
			);
			equal(
				nodeOutput(ex, 'udioapi.pro credits')?.map((item) => item.json),
				[{ provider: 'udioApiPro', credits: 7, usedCredits: 3 }],
				'udioapi.pro credits output',
			);
		} finally {
			await emulator.configure({ kieCredits: 100, udioCredits: { credits: 195, used_credits: 5 } });
		}
	});

	for (const continueOnFail of [false, true]) {
		await check(
			`Check Credits First${continueOnFail ? ' with Continue On Fail' : ''}: 2 credits, 3 tracks -> refused before any create (request log: 0 creates)`,
			async () => {
				const stamp = `${continueOnFail ? 'cof' : 'stop'}-${Date.now()}`;
				const webhookPath = `e2e-credit-check-${continueOnFail ? 'cof' : 'stop'}`;
				await emulator.configure({ kieCredits: 2 });
				try {
					const id = await n8n.deploy(
						workflow(`e2e credit check ${stamp}`, webhookPath, [
							musicCover(
								'Generate cover',
								'kieAi',
								creds,
								{
									operation: 'generate',
									musicTaskId: '={{ $json.musicTaskId }}',
									waitMode: 'noWait',
									options: { checkCredits: true },
								},
								continueOnFail ? { onError: 'continueRegularOutput' } : {},
							),
						]),
					);
					const musicTaskIds = [1, 2, 3].map((n) => `music-${stamp}-${n}`);
					const before = (await emulator.requests()).length;
					const ex = await n8n.runViaWebhook(id, webhookPath, {
						tracks: musicTaskIds.map((musicTaskId) => ({ musicTaskId })),
					});
					const log = (await emulator.requests()).slice(before);
					const creates = log.filter((r) => r.endpoint === 'generate');
					equal(creates.length, 0, 'generate requests in the emulator log');
					equal(
						log.filter((r) => r.provider === 'kieAi' && r.endpoint === 'credits').length,
						1,
						'credit reads',
					);
					const numbers = /2 credits left, 3 needed for 3 covers at 1 each/;
					if (!continueOnFail) {
						equal(ex.status, 'error', 'execution status');
						match(executionError(ex), numbers, 'the execution error');
					} else {
						equal(ex.status, 'success', `execution status (${executionError(ex) ?? ''})`);
						const out = nodeOutput(ex, 'Generate cover') ?? [];
						equal(out.length, 3, 'one item per track');
						for (const [i, item] of out.entries()) {
							match(item.json.error, /^Not started: /, `item ${i}: error`);
							match(item.json.error, numbers, `item ${i}: both numbers`);
						}
					}
				} finally {
					await emulator.configure({ kieCredits: 100 });
				}
			},
		);
	}

	await check(
		"One Item per Image: 2 tracks -> 4 items, each image in binary 'data', written as it comes (no Code node)",
		async () => {
			const stamp = Date.now();
			const folder = path.join(outDir, `per-image-${stamp}`);
			fs.mkdirSync(folder, { recursive: true });
			const id = await n8n.deploy(
				workflow(`e2e one item per image ${stamp}`, 'e2e-per-image', [
					musicCover('Generate cover', 'kieAi', creds, {
						operation: 'generate',
						musicTaskId: '={{ $json.musicTaskId }}',
						waitMode: 'poll',
						options: { pollInterval: 1, oneItemPerImage: true },
					}),
					{
						name: 'Write cover files',
						type: 'n8n-nodes-base.readWriteFile',
						typeVersion: 1,
						parameters: {
							operation: 'write',
							fileName: `=${folder}/{{ $json.coverTaskId }}-{{ $json.imagePosition }}.png`,
							options: {},
						},
					},
				]),
			);
			const tracks = [`music-${stamp}-a`, `music-${stamp}-b`].map((musicTaskId) => ({
				musicTaskId,
			}));
			const ex = await n8n.runViaWebhook(id, 'e2e-per-image', { tracks });
			equal(ex.status, 'success', `execution status (${executionError(ex) ?? ''})`);
			const out = nodeOutput(ex, 'Generate cover') ?? [];
			equal(out.length, 4, 'Generate cover: items for 2 covers of 2 images');
			equal(
				out.map((item) => [item.json.musicTaskId, item.json.imagePosition, item.pairedItem?.item]),
				[
					[tracks[0].musicTaskId, 1, 0],
					[tracks[0].musicTaskId, 2, 0],
					[tracks[1].musicTaskId, 1, 1],
					[tracks[1].musicTaskId, 2, 1],
				],
				'musicTaskId, imagePosition and pairedItem of each item',
			);
			for (const item of out) {
				equal(Object.keys(item.binary ?? {}), ['data'], 'binary properties of an image item');
				equal(item.binary.data.mimeType, 'image/png', 'mimeType');
			}
			equal(nodeOutput(ex, 'Write cover files')?.length, 4, 'Write cover files: items');
			for (const item of out) {
				const file = path.join(folder, `${item.json.coverTaskId}-${item.json.imagePosition}.png`);
				ok(fs.existsSync(file), `no file ${file}`);
				const served = await emulator.image(item.json.imageUrl);
				ok(fs.readFileSync(file).equals(served), `${file} differs from ${item.json.imageUrl}`);
			}
			return `${out.length} image items, files byte-equal`;
		},
	);
};
