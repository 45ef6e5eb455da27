'use strict';
// examples/trigger-signed-callback.json: Music Cover Trigger (kie.ai credential with a webhook HMAC
// key) -> No Op. kie.ai's callbacks are sent by the emulator to the trigger's production URL:
// a correctly signed one starts an execution with the cover; forged or unsigned ones get 401 and
// start nothing.
const { ok, equal } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');

const TRIGGER = 'Cover callback';
const NEXT = 'Cover ready';

/** A finished kie.ai cover task, made through the provider API (no automatic callback). */
async function finishedKieCover(emulator, musicTaskId) {
	const coverTaskId = await emulator.kieGenerate(
		musicTaskId,
		'https://callbacks.example.invalid/kie',
	);
	const deadline = Date.now() + 30000;
	while (Date.now() < deadline) {
		const rec = await emulator.kieRecord(coverTaskId);
		if (rec?.successFlag === 1 || rec?.status === 'SUCCESS')
			return { coverTaskId, images: rec.response.images };
		await proc.sleep(300);
	}
	throw new Error(`emulator cover ${coverTaskId} did not finish`);
}

module.exports = async function triggerSignedCallback({ stack, check }) {
	const { n8n, emulator, creds } = stack;
	let workflowId;
	let url;

	const imported = await check(
		'trigger-signed-callback: import and activate (production webhook registered)',
		async () => {
			const wf = wfs.bind(wfs.loadExample('trigger-signed-callback'), {
				creds,
				name: 'e2e trigger-signed-callback',
			});
			const created = await n8n.createWorkflow(wf);
			await n8n.activateWorkflow(created.id);
			workflowId = created.id;
			const webhookId = created.nodes.find((n) => n.name === TRIGGER)?.webhookId;
			ok(webhookId, 'the trigger node has no webhookId after import', created.nodes);
			url = `${n8n.baseUrl}/webhook/${webhookId}/callback`;
			return url;
		},
	);
	if (!imported) return;

	await check(
		'trigger-signed-callback: signed callback -> 200 and an execution with the cover',
		async () => {
			const { coverTaskId, images } = await finishedKieCover(
				emulator,
				`music-trigger-${Date.now()}`,
			);
			const before = await n8n.executionIds(workflowId);
			let answer;
			// The production webhook can lag activation by a moment: retry a 404.
			for (let i = 0; i < 20; i++) {
				answer = await emulator.sendKieCallback({ coverTaskId, url });
				if (answer.status !== 404) break;
				await proc.sleep(500);
			}
			equal(
				answer.status,
				200,
				`HTTP status n8n answered the signed callback (body ${JSON.stringify(answer.body).slice(0, 300)})`,
			);
			const id = await n8n.waitForNewExecution(workflowId, before);
			const ex = await n8n.waitForEnd(id);
			ok(
				ex.status === 'success',
				`execution ${id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
			);
			const out = nodeOutput(ex, TRIGGER);
			equal(out?.length, 1, `${TRIGGER}: number of items`);
			const cover = out[0].json;
			equal(cover.provider, 'kieAi', `${TRIGGER}: provider`);
			equal(cover.coverTaskId, coverTaskId, `${TRIGGER}: coverTaskId`);
			equal(cover.status, 'success', `${TRIGGER}: status`);
			equal(cover.images, images, `${TRIGGER}: images (the emulator's URLs)`);
			equal(nodeOutput(ex, NEXT)?.length, 1, `${NEXT}: number of items`);
		},
	);

	await check(
		'trigger-signed-callback: forged signature (wrong key) -> 401 and no execution',
		async () => {
			const { coverTaskId } = await finishedKieCover(emulator, `music-forged-${Date.now()}`);
			const before = await n8n.executionIds(workflowId);
			const answer = await emulator.sendKieCallback({
				coverTaskId,
				url,
				key: 'not-the-webhook-hmac-key',
			});
			equal(answer.status, 401, 'HTTP status n8n answered the forged callback');
			await proc.sleep(2500);
			const after = await n8n.executionIds(workflowId);
			equal(
				after.filter((id) => !before.includes(id)),
				[],
				'new executions after the forged callback',
			);
		},
	);

	await check('trigger-signed-callback: unsigned callback -> 4xx and no execution', async () => {
		const { coverTaskId } = await finishedKieCover(emulator, `music-unsigned-${Date.now()}`);
		const before = await n8n.executionIds(workflowId);
		const answer = await emulator.sendKieCallback({ coverTaskId, url, sign: false });
		ok(
			answer.status >= 400 && answer.status < 500,
			`unsigned callback answered HTTP ${answer.status}, expected a 4xx`,
		);
		await proc.sleep(1500);
		const after = await n8n.executionIds(workflowId);
		equal(
			after.filter((id) => !before.includes(id)),
			[],
			'new executions after the unsigned callback',
		);
	});
};
