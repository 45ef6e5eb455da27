'use strict';
// examples/trigger-signed-callback.json: Music Cover Trigger 1.2 (kie.ai credential with a webhook
// HMAC key; Confirm Status on by default) -> No Op. kie.ai's callbacks are sent by the emulator to
// the trigger's production URL: a correctly signed one starts an execution with the cover; forged or
// unsigned ones get 401 and start nothing; a music task's callback is answered 200 and starts
// nothing; a callback ahead of kie.ai's record (assumed lag) still starts one run with success; a
// replayed delivery starts no second run (n8n keeps the trigger's memory in the workflow's static
// data across webhook calls).
const { ok, equal, match } = require('../lib/check');
const { LAGGING_RECORD, expectConfirmedByRereads } = require('../lib/recordLag');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');
const { finishedKieCover } = require('../lib/kieCover');

const TRIGGER = 'Cover callback';
const NEXT = 'Cover ready';

/** New executions of the workflow since `before`, after giving n8n a moment to start any. */
async function newExecutions(n8n, workflowId, before, settleMs = 2500) {
	await proc.sleep(settleMs);
	return (await n8n.executionIds(workflowId)).filter((id) => !before.includes(id));
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

	await check(
		"trigger-signed-callback: a kie.ai music task's signed callback -> 200 with the reason, no execution",
		async () => {
			const before = await n8n.executionIds(workflowId);
			const answers = [];
			for (const callbackType of ['complete', 'error']) {
				const answer = await emulator.sendKieMusicCallback({
					url,
					musicTaskId: `music-task-${Date.now()}`,
					callbackType,
				});
				equal(answer.status, 200, `HTTP status n8n answered the music callback (${callbackType})`);
				match(
					answer.body,
					/not a cover callback/,
					`answer to the music callback (${callbackType})`,
				);
				answers.push(answer.body);
			}
			equal(
				await newExecutions(n8n, workflowId, before),
				[],
				'new executions after music callbacks',
			);
			return answers[0];
		},
	);

	await check(
		"trigger-signed-callback: callback ahead of kie.ai's record (assumed 2 s lag), Confirm Status -> re-read, one execution with success",
		async () => {
			return await emulator.withOptions({ ...LAGGING_RECORD, readyAfterMs: 1000 }, async () => {
				const before = await n8n.executionIds(workflowId);
				// The emulator calls the trigger's production URL itself when the cover is ready.
				const coverTaskId = await emulator.kieGenerate(`music-lag-${Date.now()}`, url);
				const id = await n8n.waitForNewExecution(workflowId, before);
				const ex = await n8n.waitForEnd(id);
				ok(ex.status === 'success', `execution ${id} ended "${ex.status}": ${executionError(ex)}`);
				const cover = nodeOutput(ex, TRIGGER)?.[0]?.json;
				equal(cover?.coverTaskId, coverTaskId, `${TRIGGER}: coverTaskId`);
				equal(
					cover?.status,
					'success',
					`${TRIGGER}: status (confirmed after the record caught up)`,
				);
				equal(cover?.images?.length, 2, `${TRIGGER}: number of image URLs`);
				equal(await newExecutions(n8n, workflowId, [...before, id], 500), [], 'a second execution');
				return await expectConfirmedByRereads(emulator, coverTaskId);
			});
		},
	);

	// n8n 1.x saves the trigger's memory (workflow static data) when it answers the accepted delivery;
	// n8n 2.x drops it when the call starts a run (see the README), so there the replay starts a second
	// run, which Confirm Status fills from kie.ai's record, not from the replayed body.
	const remembers = stack.line === '1';
	await check(
		`trigger-signed-callback: replay of an accepted delivery (same task id and timestamp, other images) -> ${remembers ? 'no second execution' : "n8n 2.x keeps no memory: a second execution, with kie.ai's record, not the replayed images"}`,
		async () => {
			const { coverTaskId, images } = await finishedKieCover(
				emulator,
				`music-replay-${Date.now()}`,
			);
			// Signed with the same unix time twice: the second is the first again, with other images.
			const delivery = { coverTaskId, url, timestamp: Math.floor(Date.now() / 1000) };
			const before = await n8n.executionIds(workflowId);
			const first = await emulator.sendKieCallback(delivery);
			equal(first.status, 200, 'HTTP status of the first delivery');
			const id = await n8n.waitForNewExecution(workflowId, before);
			const replay = await emulator.sendKieCallback({
				...delivery,
				images: ['https://attacker.example/fake.png'],
			});
			equal(replay.status, 200, 'HTTP status of the replay');
			const started = await newExecutions(n8n, workflowId, [...before, id]);
			const runs = [id, ...started];
			if (remembers) {
				match(replay.body, /"started":false/, 'answer to the replay');
				equal(started, [], 'executions started by the replay');
			} else {
				equal(started.length, 1, 'executions started by the replay on n8n 2.x');
			}
			for (const run of runs) {
				const ex = await n8n.waitForEnd(run);
				const cover = nodeOutput(ex, TRIGGER)?.[0]?.json;
				equal(cover?.status, 'success', `${TRIGGER}: status of run ${run}`);
				equal(cover?.images, images, `${TRIGGER}: images of run ${run} (kie.ai's record)`);
			}
			return replay.body;
		},
	);
};
