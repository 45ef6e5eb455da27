'use strict';
// examples/trigger-dedupe.json: Music Cover Trigger -> Remove Duplicates ("Remove Items Processed in
// Previous Executions", keyed on the cover task id) -> No Op. kie.ai may call back more than once
// for the same cover (its cover callback page; PROVIDERS.md): the emulator delivers the same cover's
// callback twice, signed afresh each time (another timestamp, so the trigger's own replay memory
// does not catch it): both start a run, and the second one's Remove Duplicates passes nothing on.
// Another cover still passes.
const { ok, equal } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');
const { finishedKieCover } = require('../lib/kieCover');

const TRIGGER = 'Cover callback';
const DEDUPE = 'Each cover once';
const NEXT = 'New cover';

module.exports = async function triggerDedupe({ stack, check }) {
	const { n8n, emulator, creds } = stack;
	let workflowId;
	let url;

	const template = wfs.loadExample('trigger-dedupe');
	await check('trigger-dedupe: Remove Duplicates keyed on the cover task id', async () => {
		equal(
			wfs.node(template, DEDUPE).parameters,
			{
				operation: 'removeItemsSeenInPreviousExecutions',
				dedupeValue: '={{ $json.coverTaskId }}',
				options: {},
			},
			`${DEDUPE}: parameters in the example`,
		);
	});

	const imported = await check(
		'trigger-dedupe: import and activate (production webhook registered)',
		async () => {
			const created = await n8n.createWorkflow(
				wfs.bind(template, { creds, name: 'e2e trigger-dedupe' }),
			);
			await n8n.activateWorkflow(created.id);
			workflowId = created.id;
			url = `${n8n.baseUrl}/webhook/${wfs.node(created, TRIGGER).webhookId}/callback`;
			return url;
		},
	);
	if (!imported) return;

	/** Delivers the cover's callback (signed `offsetSec` off now); resolves the run it started. */
	async function deliver(coverTaskId, offsetSec) {
		const before = await n8n.executionIds(workflowId);
		let answer;
		// The production webhook can lag activation by a moment: retry a 404.
		for (let i = 0; i < 20; i++) {
			answer = await emulator.sendKieCallback({ coverTaskId, url, timestampOffsetSec: offsetSec });
			if (answer.status !== 404) break;
			await proc.sleep(500);
		}
		equal(answer.status, 200, `HTTP status n8n answered the callback of ${coverTaskId}`);
		const ex = await n8n.waitForEnd(await n8n.waitForNewExecution(workflowId, before));
		ok(ex.status === 'success', `run ${ex.id} ended "${ex.status}": ${executionError(ex) ?? ''}`);
		equal(
			nodeOutput(ex, TRIGGER)?.map((item) => item.json.coverTaskId),
			[coverTaskId],
			`${TRIGGER}: the cover of run ${ex.id}`,
		);
		return ex;
	}
	const passed = (ex) => (nodeOutput(ex, DEDUPE) ?? []).map((item) => item.json.coverTaskId);

	await check(
		'trigger-dedupe: the same cover called back twice -> 2 runs, the second passes 0 items on; another cover passes',
		async () => {
			const first = await finishedKieCover(emulator, `music-dedupe-a-${Date.now()}`);
			const other = await finishedKieCover(emulator, `music-dedupe-b-${Date.now()}`);
			const once = await deliver(first.coverTaskId, 0);
			equal(passed(once), [first.coverTaskId], `${DEDUPE}: run 1 (first delivery)`);
			equal(nodeOutput(once, NEXT)?.length, 1, `${NEXT}: items of run 1`);
			const again = await deliver(first.coverTaskId, -3);
			equal(passed(again), [], `${DEDUPE}: run 2 (the same cover again)`);
			equal(nodeOutput(again, NEXT)?.length ?? 0, 0, `${NEXT}: items of run 2`);
			const next = await deliver(other.coverTaskId, 0);
			equal(passed(next), [other.coverTaskId], `${DEDUPE}: run 3 (another cover)`);
			return `runs ${once.id}, ${again.id}, ${next.id}`;
		},
	);
};
