'use strict';
// Restart while parked (examples/callback-wait.json): two executions parked in Generate > Wait for
// Callback, one waiting for kie.ai's callback and one for a 20 s deadline. Then n8n main is stopped
// with SIGTERM (an upgrade, a redeploy) and started again on the same user folder and database;
// in queue mode also the worker is SIGKILLed (a crash, an OOM kill) and a new one started. The
// callback that arrives afterwards must resume its execution with the confirmed cover, and the
// deadline must still resume the other one with its pending cover item.
const { ok, equal } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const { GENERATE, NEXT, seenWaiting, resumeUrlOf, variant } = require('../lib/callbackWait');

/**
 * The deadline of the execution parked for each fault. Main's is set to pass after main is back
 * (its stop may take n8n's whole 30 s shutdown window, plus start-up): a deadline that passes
 * while main is down resumes the run at start-up, and n8n 1.x's queue recovery, also run at
 * start-up, may then mark that run crashed although the worker finished it (it reads unfinished
 * executions, then the queue, from which Bull has removed the finished job meanwhile). That race
 * is n8n's, not the node's; the README's Reliability section names it.
 */
const DEADLINE_S = { main: 60, worker: 20 };

async function park(n8n, emulator, workflowId, webhookPath, musicTaskId) {
	const before = await n8n.executionIds(workflowId);
	const answer = n8n.callWebhook(webhookPath, { musicTaskId }, { timeoutMs: 120000 });
	answer.catch(() => {});
	const id = await n8n.waitForNewExecution(workflowId, before);
	ok(await seenWaiting(n8n, id), `execution ${id} was never seen "waiting"`);
	ok(await resumeUrlOf(emulator, musicTaskId), `no callBackUrl sent to kie.ai for ${musicTaskId}`);
	const task = await emulator.findCoverTask('kieAi', musicTaskId);
	ok(task, `the emulator has no kie.ai task for ${musicTaskId}`);
	return { id, musicTaskId, coverTaskId: task.coverTaskId, t0: Date.now() };
}

module.exports = async function restartParked({ stack, check, defer }) {
	const { n8n, emulator, creds } = stack;
	const slow = process.env.E2E_SKIP_SLOW !== '1';
	const wf = {};

	const imported = await check('restart-parked: import and activate', async () => {
		for (const [key, webhookPath, timeout] of [
			['callback', 'e2e-restart-callback'],
			['deadline-main', 'e2e-restart-deadline-main', DEADLINE_S.main],
			['deadline-worker', 'e2e-restart-deadline-worker', DEADLINE_S.worker],
		]) {
			const created = await n8n.createWorkflow(variant(creds, webhookPath, timeout));
			await n8n.activateWorkflow(created.id);
			wf[key] = { id: created.id, webhookPath };
		}
	});
	if (!imported) return;

	const fault = async (role, signal) => {
		const label = `restart-parked [${role} ${signal}]`;
		let byCallback;
		let byDeadline;
		let workerLogFrom = 0;
		const restarted = await check(
			`${label}: executions parked, ${role} ${signal === 'SIGKILL' ? 'killed' : 'stopped'} and ${role === 'worker' ? 'a new one' : 'it'} started; both still parked`,
			async () => {
				// `never...` music tasks stay pending until the control API completes them.
				const stamp = Date.now();
				byCallback = await park(
					n8n,
					emulator,
					wf.callback.id,
					wf.callback.webhookPath,
					`never-restart-cb-${role}-${stamp}`,
				);
				if (slow)
					byDeadline = await park(
						n8n,
						emulator,
						wf[`deadline-${role}`].id,
						wf[`deadline-${role}`].webhookPath,
						`never-restart-dl-${role}-${stamp}`,
					);
				const stopped = await n8n.signal(role, signal);
				const t0 = Date.now();
				if (role === 'main') await n8n.startMain();
				else {
					workerLogFrom = proc.fileSize(n8n.services.worker.logFile);
					await n8n.startWorker();
				}
				const startSecs = ((Date.now() - t0) / 1000).toFixed(1);
				const ex = await n8n.getExecution(byCallback.id, false);
				equal(ex.status, 'waiting', `execution ${byCallback.id} status after the restart`);
				// On a slow machine the deadline may pass during the restart: the deferred check then
				// shows n8n resuming it once it is back.
				const late = byDeadline && (Date.now() - byDeadline.t0) / 1000 > DEADLINE_S[role];
				return `${role} exited (${stopped.exitCode}) ${stopped.ms} ms after ${signal}, ready again ${startSecs} s later${late ? `; the ${DEADLINE_S[role]} s deadline passed during the restart` : ''}`;
			},
		);
		if (!restarted) return;

		await check(
			`${label}: kie.ai's callback after the restart resumes the parked execution with the confirmed cover`,
			async () => {
				const { id, coverTaskId } = byCallback;
				// Completing the task makes the emulator deliver the signed callback to the resume URL.
				await emulator.completeTask(coverTaskId, 'success');
				const ex = await n8n.waitForEnd(id, { timeoutMs: 60000 });
				ok(
					ex.status === 'success',
					`execution ${id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
				);
				const cover = nodeOutput(ex, GENERATE, { run: -1 })?.[0]?.json;
				equal(cover?.coverTaskId, coverTaskId, `${GENERATE}: coverTaskId after the resume`);
				equal(cover?.status, 'success', `${GENERATE}: status after the resume`);
				equal(
					cover?.images,
					(await emulator.kieRecord(coverTaskId)).response.images,
					`${GENERATE}: images (kie.ai's record)`,
				);
				equal(nodeOutput(ex, NEXT)?.length, 1, `${NEXT}: items (the workflow went on)`);
				const delivered = (await emulator.callbacks()).filter((c) => c.coverTaskId === coverTaskId);
				ok(
					delivered.some((c) => c.status === 200),
					'the callback to the resume URL was not answered 200',
					delivered,
				);
				if (role === 'worker') {
					const newLog = n8n.logText('worker').slice(workerLogFrom);
					ok(
						new RegExp(`Worker started execution ${id} `).test(newLog),
						`the new worker's log does not show it running execution ${id}`,
					);
				}
				return `callback answered ${delivered.map((c) => c.status).join(', ')}`;
			},
		);

		if (byDeadline) {
			// After the worker's restart the next step kills the worker again: a resumed run caught by
			// that kill would be marked crashed by n8n, a fault of the test's making. So that deadline
			// is awaited before going on; main's comes last and is checked at the end of the target.
			await (role === 'worker' ? check : defer)(
				`${label}: the ${DEADLINE_S[role]} s deadline after the restart resumes the other execution with its pending cover (NO_CALLBACK)`,
				async () => {
					const { id, musicTaskId, coverTaskId, t0 } = byDeadline;
					// n8n's wait tracker looks for due executions once a minute (n8n 2.x resumed a 60 s timeout
					// 124 s after parking): deadline + two of its rounds + margin.
					const ex = await n8n.waitForEnd(id, {
						timeoutMs: Math.max(5000, (DEADLINE_S[role] + 150) * 1000 - (Date.now() - t0)),
					});
					ok(
						ex.status === 'success',
						`execution ${id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
					);
					const item = nodeOutput(ex, GENERATE, { run: -1 })?.[0]?.json;
					equal(item?.coverTaskId, coverTaskId, `${GENERATE}: coverTaskId at the deadline`);
					equal(item?.musicTaskId, musicTaskId, `${GENERATE}: musicTaskId at the deadline`);
					equal(item?.status, 'pending', `${GENERATE}: status at the deadline`);
					equal(item?.error?.code, 'NO_CALLBACK', `${GENERATE}: error.code at the deadline`);
					equal(nodeOutput(ex, NEXT)?.length, 1, `${NEXT}: items (the workflow went on)`);
					return `ended ${((Date.now() - t0) / 1000).toFixed(0)} s after parking`;
				},
			);
		}
	};

	if (n8n.queue) {
		await fault('worker', 'SIGKILL');
		await noWorker();
	}
	await fault('main', 'SIGTERM');

	// The callback arrives while no worker runs (one died, the next is not up yet): main answers it
	// and queues the resumed part for the next worker. n8n 2.41.1's next worker may instead mark the
	// execution crashed at start-up (its event log shows the first part started and never finished)
	// and then skip the queued part; the cover must then still be recoverable from the crashed run.
	async function noWorker() {
		await check(
			'restart-parked [no worker]: a callback while no worker runs is answered 200; the next worker resumes the run, or n8n marks it crashed and re-running the track gets the cover at no charge',
			async () => {
				const parked = await park(
					n8n,
					emulator,
					wf.callback.id,
					wf.callback.webhookPath,
					`never-restart-noworker-${Date.now()}`,
				);
				await n8n.signal('worker', 'SIGKILL');
				const workerLogFrom = proc.fileSize(n8n.services.worker.logFile);
				let started = false;
				try {
					await emulator.completeTask(parked.coverTaskId, 'success');
					const deadline = Date.now() + 20000;
					let delivered = [];
					while (Date.now() < deadline) {
						delivered = (await emulator.callbacks()).filter(
							(c) => c.coverTaskId === parked.coverTaskId && c.status !== null,
						);
						if (delivered.length) break;
						await proc.sleep(300);
					}
					ok(
						delivered.some((c) => c.status === 200),
						'main did not answer the callback 200 while no worker ran',
						delivered,
					);
					await n8n.startWorker();
					started = true;
				} finally {
					if (!started) await n8n.startWorker();
				}
				const ex = await n8n.waitForEnd(parked.id, { timeoutMs: 60000 });
				if (ex.status === 'success') {
					const cover = nodeOutput(ex, GENERATE, { run: -1 })?.[0]?.json;
					equal(cover?.status, 'success', `${GENERATE}: status after the resume`);
					equal(
						cover?.coverTaskId,
						parked.coverTaskId,
						`${GENERATE}: coverTaskId after the resume`,
					);
					return 'resumed on the next worker';
				}
				const recovery = n8n
					.logText('worker')
					.slice(workerLogFrom)
					.split('\n')
					.filter((l) => /unfinished executions/i.test(l))
					.join(' | ');
				ok(
					ex.status === 'crashed',
					`execution ${parked.id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
				);
				// Where the crashed run still holds the cover task id (JSON paths), for Get Status.
				const paths = [];
				const walk = (v, at) => {
					if (v === parked.coverTaskId) paths.push(at);
					else if (v && typeof v === 'object')
						for (const [k, child] of Object.entries(v)) walk(child, `${at}.${k}`);
				};
				walk(ex.data, 'data');
				ok(
					paths.length > 0,
					`the crashed run ${parked.id} no longer holds cover task ${parked.coverTaskId}`,
				);
				// The recovery a user has: run the same track again; kie.ai hands back the finished cover.
				const again = await n8n.runViaWebhook(
					wf.callback.id,
					wf.callback.webhookPath,
					{ musicTaskId: parked.musicTaskId },
					{ timeoutMs: 60000 },
				);
				ok(
					again.status === 'success',
					`re-run ${again.id} ended "${again.status}": ${executionError(again) ?? 'no error recorded'}`,
				);
				const cover = nodeOutput(again, GENERATE, { run: -1 })?.[0]?.json;
				equal(cover?.coverTaskId, parked.coverTaskId, `${GENERATE}: the re-run's cover task`);
				equal(cover?.status, 'success', `${GENERATE}: the re-run's status`);
				const tasks = (await emulator.control('GET', 'tasks?provider=kieAi')).filter(
					(t) => t.musicTaskId === parked.musicTaskId,
				);
				equal(tasks.length, 1, `kie.ai cover tasks (charges) for ${parked.musicTaskId}`);
				return `n8n marked execution ${parked.id} crashed (new worker: "${recovery}"); the run holds cover task ${parked.coverTaskId} at ${paths[0]}; re-running the track gave that cover at once, no second charge`;
			},
		);
	}
};
