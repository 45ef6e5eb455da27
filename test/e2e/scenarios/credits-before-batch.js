'use strict';
// examples/credits-before-batch.json: Music Cover Get Credits -> Set (the batch and its price) ->
// IF enough credits -> Split Out -> Generate (with Check Credits First); otherwise Stop and Error.
// With fewer credits than covers no cover is created (the emulator's request log shows none) and
// the run stops with both numbers; with enough, one create per track.
const { ok, equal, match } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const wfs = require('../../../stack/examples');

const GENERATE = 'Generate covers';
const CANNOT_PAY = 'Cannot pay';
const DEFAULT_CREDITS = 100;

module.exports = async function creditsBeforeBatch({ stack, check }) {
	const { n8n, emulator, creds } = stack;
	const template = wfs.loadExample('credits-before-batch');
	const webhookPath = 'e2e-credits-before-batch';
	let workflowId;

	/** Runs the batch with `credits` on the account; resolves the run and the kie.ai requests it made. */
	async function runBatch(credits, musicTaskIds) {
		await emulator.configure({ kieCredits: credits });
		try {
			workflowId ??= await n8n.deploy(
				wfs.creditsBeforeBatchVariant(template, { creds, webhookPath }),
			);
			const before = (await emulator.requests()).length;
			const ex = await n8n.runViaWebhook(workflowId, webhookPath, { musicTaskIds });
			const log = (await emulator.requests()).slice(before).filter((r) => r.provider === 'kieAi');
			return {
				ex,
				creates: log.filter((r) => r.endpoint === 'generate'),
				creditReads: log.filter((r) => r.endpoint === 'credits').length,
			};
		} finally {
			await emulator.configure({ kieCredits: DEFAULT_CREDITS });
		}
	}

	const tracks = (tag) => [1, 2, 3].map((n) => `music-batch-${tag}-${Date.now()}-${n}`);

	await check(
		'credits-before-batch: 2 credits for 3 covers -> no cover created, the run stops at "Cannot pay" with both numbers',
		async () => {
			const { ex, creates, creditReads } = await runBatch(2, tracks('short'));
			equal(creates.length, 0, 'cover generate requests in the emulator log');
			equal(creditReads, 1, 'credit reads (Get credits only)');
			equal(ex.status, 'error', 'execution status');
			match(
				executionError(ex),
				new RegExp(`^\\[${CANNOT_PAY}\\] Not started: 2 credits left, 3 needed for 3 covers`),
				'the execution error',
			);
			equal(nodeOutput(ex, GENERATE), undefined, `${GENERATE} ran`);
			return executionError(ex);
		},
	);

	await check(
		'credits-before-batch: 3 credits for 3 covers -> one cover created per track',
		async () => {
			const musicTaskIds = tracks('enough');
			const { ex, creates, creditReads } = await runBatch(3, musicTaskIds);
			equal(ex.status, 'success', `execution status (${executionError(ex) ?? ''})`);
			equal(
				creates.map((r) => [r.body?.taskId, r.answer?.code]),
				musicTaskIds.map((id) => [id, 200]),
				'cover generate requests (music task id, answer code)',
			);
			// Get credits, then Generate's own Check Credits First: one read each.
			equal(creditReads, 2, 'credit reads');
			const out = nodeOutput(ex, GENERATE) ?? [];
			equal(
				out.map((item) => item.json.musicTaskId),
				musicTaskIds,
				`${GENERATE}: musicTaskId of each item`,
			);
			ok(
				out.every((item) => typeof item.json.coverTaskId === 'string'),
				`${GENERATE}: an item without coverTaskId`,
				out.map((item) => item.json),
			);
			equal(nodeOutput(ex, CANNOT_PAY), undefined, `${CANNOT_PAY} ran`);
		},
	);
};
