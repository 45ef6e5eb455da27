'use strict';
// examples/callback-wait.json: Generate (kie.ai) with Wait Mode "callback" parks the execution;
// kie.ai's callback to $execution.resumeUrl resumes it. In queue mode the resumed part must run on
// the worker. A forged callback must neither resume nor break the parked execution.
const { ok, equal, match } = require('../lib/check');
const { LAGGING_RECORD, expectConfirmedByRereads } = require('../lib/recordLag');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const { request } = require('../../../stack/http');
const proc = require('../../../stack/proc');
const {
	GENERATE,
	NEXT,
	seenWaiting,
	resumeUrlOf,
	variant,
	waitForDeadlineEnd,
} = require('../lib/callbackWait');

const WEBHOOK_PATH = 'e2e-callback-wait';

/** Starts the workflow; resolves { id, answer } where answer is the webhook's (pending) HTTP answer. */
async function start(n8n, workflowId, musicTaskId) {
	const before = await n8n.executionIds(workflowId);
	const answer = n8n.callWebhook(WEBHOOK_PATH, { musicTaskId }, { timeoutMs: 120000 });
	answer.catch(() => {});
	const id = await n8n.waitForNewExecution(workflowId, before);
	return { id, answer };
}

/**
 * Starts a run for a `never…` music task (pending until the control API completes it) and waits
 * until it parked; resolves { id, musicTaskId, resumeUrl, task (the emulator's cover task) }.
 */
async function startParked({ n8n, emulator }, workflowId, prefix) {
	const musicTaskId = `${prefix}-${Date.now()}`;
	const { id } = await start(n8n, workflowId, musicTaskId);
	ok(await seenWaiting(n8n, id), `execution ${id} was never seen "waiting"`);
	const resumeUrl = await resumeUrlOf(emulator, musicTaskId);
	ok(resumeUrl, 'no kie.ai generate request carried a callBackUrl');
	const task = await emulator.findCoverTask('kieAi', musicTaskId);
	ok(task, `the emulator has no kie.ai task for ${musicTaskId}`);
	return { id, musicTaskId, resumeUrl, task };
}

function workerStarts(n8n, id) {
	return (n8n.logText('worker').match(new RegExp(`Worker started execution ${id} `, 'g')) ?? [])
		.length;
}

module.exports = async function callbackWait({ stack, check, defer }) {
	const { n8n, emulator, creds } = stack;
	let workflowId;

	const imported = await check('callback-wait: import and activate', async () => {
		const created = await n8n.createWorkflow(variant(creds, WEBHOOK_PATH));
		await n8n.activateWorkflow(created.id);
		workflowId = created.id;
	});
	if (!imported) return;

	if (process.env.E2E_SKIP_SLOW !== '1') {
		// No callback ever comes (`never...` task): at the deadline n8n resumes the node with the items
		// it parked, without calling execute() again. They must be the cover items, not the raw input.
		let deadline;
		const started = await check(
			'callback-wait deadline: parked with a 10 s timeout and no callback',
			async () => {
				const created = await n8n.createWorkflow(variant(creds, 'e2e-callback-deadline', 10));
				await n8n.activateWorkflow(created.id);
				const musicTaskId = `never-deadline-${Date.now()}`;
				const before = await n8n.executionIds(created.id);
				const answer = n8n.callWebhook(
					'e2e-callback-deadline',
					{ musicTaskId },
					{ timeoutMs: 120000 },
				);
				answer.catch(() => {});
				const id = await n8n.waitForNewExecution(created.id, before);
				ok(await seenWaiting(n8n, id), `execution ${id} was never seen "waiting"`);
				deadline = { id, musicTaskId, t0: Date.now() };
			},
		);
		if (started) {
			defer(
				'callback-wait deadline: at the timeout the node outputs its pending cover items (not the raw input)',
				async () => {
					const ex = await waitForDeadlineEnd(n8n, deadline);
					ok(
						ex.status === 'success',
						`execution ${deadline.id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
					);
					const out = nodeOutput(ex, GENERATE, { run: -1 }) ?? [];
					equal(out.length, 1, `${GENERATE}: number of items at the deadline`);
					const item = out[0].json;
					ok(
						typeof item.coverTaskId === 'string' && item.coverTaskId.length > 0,
						`${GENERATE}: the deadline output has no coverTaskId (raw input passed through?)`,
						item,
					);
					equal(item.musicTaskId, deadline.musicTaskId, `${GENERATE}: musicTaskId at the deadline`);
					equal(item.status, 'pending', `${GENERATE}: status at the deadline`);
					equal(item.error?.code, 'NO_CALLBACK', `${GENERATE}: error.code at the deadline`);
					equal(
						nodeOutput(ex, NEXT)?.length,
						1,
						`${NEXT}: items (the workflow went on after the deadline)`,
					);
					return `ended ${((Date.now() - deadline.t0) / 1000).toFixed(0)} s after parking; providerStatus ${item.providerStatus}`;
				},
			);
		}
	}

	await check(
		`callback-wait: parks (waiting), kie.ai's signed callback resumes it, ends success with the images${n8n.queue ? ', resumed on the worker' : ''}`,
		async () => {
			await emulator.configure({ readyAfterMs: 4000 });
			try {
				const musicTaskId = `music-wait-${Date.now()}`;
				const { id, answer } = await start(n8n, workflowId, musicTaskId);
				ok(await seenWaiting(n8n, id), `execution ${id} was never seen "waiting" before it ended`);

				const resumeUrl = await resumeUrlOf(emulator, musicTaskId);
				match(
					resumeUrl,
					new RegExp(`^${n8n.baseUrl}/webhook-waiting/${id}([/?]|$)`),
					'callBackUrl sent to kie.ai (the resume URL)',
				);

				const ex = await n8n.waitForEnd(id, { timeoutMs: 90000 });
				ok(
					ex.status === 'success',
					`execution ${id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
				);
				const out = nodeOutput(ex, GENERATE);
				equal(out?.length, 1, `${GENERATE}: number of items after the resume`);
				const cover = out[0].json;
				equal(cover.status, 'success', `${GENERATE}: status after the resume`);
				equal(cover.images?.length, 2, `${GENERATE}: number of image URLs`);
				for (const url of cover.images)
					ok(url.startsWith(`${emulator.url}/images/`), `image URL not on the emulator: ${url}`);
				equal(
					nodeOutput(ex, NEXT)?.length,
					1,
					`${NEXT}: items (the workflow went on after the resume)`,
				);

				const delivered = (await emulator.callbacks()).filter(
					(c) => c.coverTaskId === cover.coverTaskId,
				);
				ok(
					delivered.some((c) => c.status === 200),
					"kie.ai's callback to the resume URL was not answered 200",
					delivered,
				);

				const webhookAnswer = await answer;
				const parked = Array.isArray(webhookAnswer.body)
					? webhookAnswer.body[0]
					: webhookAnswer.body;
				let note = `webhook (last node) answered ${webhookAnswer.status} with status=${parked?.status} providerStatus=${parked?.providerStatus}`;
				if (n8n.queue) {
					const starts = workerStarts(n8n, id);
					ok(
						starts >= 2,
						`worker log shows ${starts} "Worker started execution ${id}" line(s); expected 2 (first part + resumed part)`,
					);
					ok(!/Worker started execution/.test(n8n.logText('main')), 'main ran a job itself');
					note += `; worker ran execution ${id} ${starts} times (start + resume)`;
				}
				return note;
			} finally {
				await emulator.configure({ readyAfterMs: 1500 });
			}
		},
	);

	await check(
		'callback-wait: forged callback to the resume URL is refused, the execution stays parked; the real one resumes it',
		async () => {
			const { id, resumeUrl, task } = await startParked(stack, workflowId, 'never-wait');

			const forged = await emulator.sendKieCallback({
				coverTaskId: task.coverTaskId,
				url: resumeUrl,
				key: 'not-the-webhook-hmac-key',
				code: 200,
				images: ['https://evil.example/x.png'],
			});
			ok(
				forged.status >= 400 && forged.status < 500,
				`forged callback answered HTTP ${forged.status}, expected a 4xx`,
			);
			await proc.sleep(1500);
			const still = await n8n.getExecution(id, false);
			equal(still.status, 'waiting', `execution ${id} status after the forged callback`);

			let note = `forged callback answered ${forged.status}`;
			// A call to the bare resume URL without n8n's own token must not resume it either (2.x: 401).
			const bare = resumeUrl.split('?')[0];
			if (bare !== resumeUrl) {
				const res = await request('POST', bare, { json: {} });
				ok(
					res.status >= 400,
					`POST to the resume URL without its signature answered ${res.status}`,
				);
				note += `, resume URL without n8n's signature answered ${res.status}`;
			}

			await emulator.completeTask(task.coverTaskId, 'success');
			const ex = await n8n.waitForEnd(id, { timeoutMs: 60000 });
			ok(
				ex.status === 'success',
				`execution ${id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
			);
			const cover = nodeOutput(ex, GENERATE)?.[0]?.json;
			equal(cover?.status, 'success', `${GENERATE}: status after the real callback`);
			equal(
				cover?.images,
				task.images ?? (await emulator.kieRecord(task.coverTaskId)).response.images,
				`${GENERATE}: images (the emulator's, not the forged ones)`,
			);
			return note;
		},
	);

	await check(
		"callback-wait: a kie.ai music task's signed callback to the resume URL -> 200 with the reason, stays parked",
		async () => {
			const { id, musicTaskId, resumeUrl, task } = await startParked(
				stack,
				workflowId,
				'never-music',
			);
			const answer = await emulator.sendKieMusicCallback({
				url: resumeUrl,
				musicTaskId,
				callbackType: 'complete',
			});
			equal(answer.status, 200, 'HTTP status n8n answered the music callback');
			match(answer.body, /not a cover callback/, 'answer to the music callback');
			await proc.sleep(1500);
			equal(
				(await n8n.getExecution(id, false)).status,
				'waiting',
				`execution ${id} status after the music callback`,
			);
			// The cover's own callback still resumes it.
			await emulator.completeTask(task.coverTaskId, 'success');
			const ex = await n8n.waitForEnd(id, { timeoutMs: 60000 });
			equal(nodeOutput(ex, GENERATE)?.[0]?.json?.status, 'success', `${GENERATE}: status`);
			return answer.body;
		},
	);

	await check(
		"callback-wait: callback ahead of kie.ai's record (assumed 2 s lag) -> confirmed by re-reads, resumed by its first delivery",
		async () => {
			return await emulator.withOptions({ ...LAGGING_RECORD, readyAfterMs: 3000 }, async () => {
				const musicTaskId = `music-lag-${Date.now()}`;
				const { id } = await start(n8n, workflowId, musicTaskId);
				const ex = await n8n.waitForEnd(id, { timeoutMs: 60000 });
				ok(
					ex.status === 'success',
					`execution ${id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
				);
				const cover = nodeOutput(ex, GENERATE)?.[0]?.json;
				equal(cover?.status, 'success', `${GENERATE}: status after the resume`);
				return await expectConfirmedByRereads(emulator, cover.coverTaskId);
			});
		},
	);
};
