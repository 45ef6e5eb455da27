'use strict';
// Graceful stop during a poll wait (examples/cover-to-files.json, kie.ai): while Wait for
// Completion polls a cover that never finishes, the process running it (main in regular mode, the
// worker in queue mode) gets SIGTERM, as on an upgrade or a redeploy. It must be gone within n8n's
// shutdown window (N8N_GRACEFUL_SHUTDOWN_TIMEOUT, default 30 s), the emulator's request log must
// show no status read of that cover after it is gone, and n8n must then report the run as stopped
// (canceled or crashed), not as succeeded, failed by the node, or still running.
const { ok } = require('../lib/check');
const { executionError } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');

const WEBHOOK_PATH = 'e2e-poll-stop';
const SHUTDOWN_WINDOW_S = 30;
const STOPPED = ['canceled', 'crashed'];

const coverOf = (r) => r.query?.taskId ?? r.query?.task_id;

module.exports = async function pollStop({ stack, check }) {
	const { n8n, emulator, creds, outDir } = stack;
	const role = n8n.queue ? 'worker' : 'main';

	await check(
		`poll-stop: SIGTERM on the ${role} during Wait for Completion -> gone within n8n's ${SHUTDOWN_WINDOW_S} s window, no status read after, run reported stopped`,
		async () => {
			const wf = wfs.coverToFilesVariant(wfs.loadExample('cover-to-files'), {
				provider: 'kieAi',
				creds,
				webhookPath: WEBHOOK_PATH,
			});
			wfs.node(wf, 'Wait for cover').parameters.options.pollInterval = 2;
			const workflowId = await n8n.deploy(wf);
			const musicTaskId = `never-poll-stop-${Date.now()}`;
			const before = await n8n.executionIds(workflowId);
			const answer = n8n.callWebhook(
				WEBHOOK_PATH,
				{ tracks: [{ musicTaskId, outputFolder: outDir }] },
				{ timeoutMs: 120000 },
			);
			answer.catch(() => {});
			const id = await n8n.waitForNewExecution(workflowId, before);

			// Let the wait poll at least twice, so the SIGTERM lands in the middle of it.
			let coverTaskId;
			const reads = async () =>
				(await emulator.control('GET', 'requests?provider=kieAi&endpoint=status')).filter(
					(r) => coverTaskId && coverOf(r) === coverTaskId,
				);
			const pollDeadline = Date.now() + 60000;
			while (Date.now() < pollDeadline) {
				coverTaskId ??= (await emulator.findCoverTask('kieAi', musicTaskId))?.coverTaskId;
				if ((await reads()).length >= 2) break;
				await proc.sleep(500);
			}
			ok((await reads()).length >= 2, `Wait for Completion never polled cover ${coverTaskId}`);

			const sentAt = Date.now();
			let stopped;
			try {
				stopped = await n8n.signal(role, 'SIGTERM', { timeoutMs: (SHUTDOWN_WINDOW_S + 30) * 1000 });
			} finally {
				if (!stopped) await n8n.signal(role, 'SIGKILL');
				// Bring the process back for the scenarios that follow (and, in regular mode, the API).
				if (role === 'main') await n8n.startMain();
				else await n8n.startWorker();
			}
			const goneAt = sentAt + stopped.ms;
			const all = await reads();
			const during = all.filter((r) => r.at >= sentAt && r.at <= goneAt).length;
			const after = all.filter((r) => r.at > goneAt);
			ok(
				stopped.ms <= (SHUTDOWN_WINDOW_S + 5) * 1000,
				`the ${role} took ${stopped.ms} ms to exit after SIGTERM (window ${SHUTDOWN_WINDOW_S} s)`,
			);
			ok(
				after.length === 0,
				`${after.length} status read(s) of ${coverTaskId} after the ${role} was gone`,
				after.map((r) => new Date(r.at).toISOString()),
			);

			// What n8n reports for the run once the process is back (it recovers unfinished runs).
			let ex;
			const seenDeadline = Date.now() + 90000;
			while (Date.now() < seenDeadline) {
				ex = await n8n.getExecution(id, true);
				if (!['new', 'running', 'waiting'].includes(ex.status)) break;
				await proc.sleep(1000);
			}
			ok(
				STOPPED.includes(ex.status),
				`execution ${id} is "${ex.status}" (expected one of ${STOPPED.join(', ')}): ${executionError(ex) ?? 'no error recorded'}`,
			);
			return `${role} exited (${stopped.exitCode}) ${stopped.ms} ms after SIGTERM; ${during} status read(s) during shutdown, 0 after; n8n shows the run "${ex.status}"${executionError(ex) ? ` (${executionError(ex).slice(0, 160)})` : ''}`;
		},
	);
};
