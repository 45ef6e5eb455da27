'use strict';
// Proves the harness and the set-up before the package's own workflows run: the package's node
// types are loaded from ~/.n8n/nodes, a production webhook runs a workflow (on the worker in queue
// mode) and its execution can be read back through the public API.
const { ok, equal } = require('../lib/check');
const { nodeOutput } = require('../../../stack/n8n');
const { MUSIC_COVER, MUSIC_COVER_TRIGGER } = require('../../../stack/examples');
const { PROVIDERS } = require('../../../stack/providers');

module.exports = async function smoke({ stack, check }) {
	const { n8n } = stack;

	await check('community package loaded (musicCover + musicCoverTrigger node types)', async () => {
		const names = await n8n.nodeTypeNames();
		ok(names.includes(MUSIC_COVER), `${MUSIC_COVER} is not among n8n's ${names.length} node types`);
		ok(names.includes(MUSIC_COVER_TRIGGER), `${MUSIC_COVER_TRIGGER} is not among n8n's node types`);
	});

	await check(
		'each credential test in n8n accepts the valid key and rejects a bad one',
		async () => {
			const em = stack.emulator;
			ok(em, 'the credential tests need the emulator');
			for (const { credentialType: type, id } of PROVIDERS) {
				const stored = stack.creds[type];
				ok(stored, `no ${type} credential was created`);
				const data = { apiKey: em.keys[id], baseUrl: em.baseUrls[id] };
				const test = async (apiKey) =>
					await n8n.rest('POST', '/credentials/test', {
						credentials: { id: stored.id, name: stored.name, type, data: { ...data, apiKey } },
					});
				const accepted = await test(data.apiKey);
				equal(accepted.status, 'OK', `${type} test with the valid key (${accepted.message})`);
				const refused = await test('not-a-valid-key');
				equal(refused.status, 'Error', `${type} test with a bad key`);
			}
			return `tested: ${PROVIDERS.map((p) => p.credentialType).join(', ')}`;
		},
	);

	await check(
		"webhook -> Code workflow of n8n's own nodes runs and is readable via the public API",
		async () => {
			const wf = await n8n.createWorkflow({
				name: 'e2e smoke',
				nodes: [
					{
						parameters: {
							httpMethod: 'POST',
							path: 'e2e-smoke',
							responseMode: 'lastNode',
							responseData: 'allEntries',
							options: {},
						},
						id: '00000000-0000-4000-8000-000000000001',
						name: 'Start',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						position: [0, 0],
						webhookId: '00000000-0000-4000-8000-0000000000aa',
					},
					{
						parameters: { jsCode: 'return [{ json: { echo: $json.body.value } }];' },
						id: '00000000-0000-4000-8000-000000000002',
						name: 'Echo',
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						position: [220, 0],
					},
				],
				connections: { Start: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } },
			});
			await n8n.activateWorkflow(wf.id);
			const res = await n8n.callWebhook('e2e-smoke', { value: 42 }, { expect: 200 });
			equal(res.body, [{ echo: 42 }], 'webhook answer (last node, all entries)');
			const id = await n8n.waitForNewExecution(wf.id, []);
			const ex = await n8n.waitForEnd(id);
			equal(ex.status, 'success', 'execution status');
			equal(
				nodeOutput(ex, 'Echo')?.[0]?.json,
				{ echo: 42 },
				'Echo node output in the saved execution',
			);
			if (n8n.queue) {
				ok(
					new RegExp(`Worker started execution ${id} `).test(n8n.logText('worker')),
					`worker log shows no "Worker started execution ${id}"`,
				);
			}
		},
	);
};
