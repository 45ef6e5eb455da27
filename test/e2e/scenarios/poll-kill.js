'use strict';
// Worker killed during a poll wait (queue mode only; examples/cover-to-files.json with Continue On
// Fail, as a batch user would run it): two tracks per provider, each run's Wait for Completion
// polling, then the worker is SIGKILLed (a crash, an OOM kill) and a new one started. The scenario
// reports what n8n then shows for the killed runs, re-runs the same tracks, and proves that the
// re-run created no second cover task on any provider (each cover task is a charge in the
// emulator) and that every item ends with its cover or an error that names its track.
const { ok, equal } = require('../lib/check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');
const { PROVIDER_IDS } = require('../../../stack/providers');

const GENERATE = 'Generate cover';
const WAIT = 'Wait for cover';
const READY_AFTER_MS = 30000;

const coverOf = (r) => r.query?.taskId ?? r.query?.task_id;

module.exports = async function pollKill({ stack, check }) {
	const { n8n, emulator, creds, outDir } = stack;
	if (!n8n.queue) {
		console.log('  skip  poll-kill: queue mode only (a worker to kill)');
		return;
	}
	const stamp = Date.now();
	const runs = PROVIDER_IDS.map((provider) => ({
		provider,
		webhookPath: `e2e-poll-kill-${provider}`,
		tracks: ['a', 'b'].map((t) => ({
			musicTaskId: `poll-kill-${provider}-${t}-${stamp}`,
			outputFolder: outDir,
		})),
	}));
	let shown;

	const killed = await check(
		'poll-kill: worker SIGKILLed while Wait for Completion polls 2 tracks on each provider, a new worker started',
		async () => {
			await emulator.configure({ readyAfterMs: READY_AFTER_MS });
			try {
				for (const run of runs) {
					const wf = wfs.coverToFilesVariant(wfs.loadExample('cover-to-files'), {
						provider: run.provider,
						creds,
						webhookPath: run.webhookPath,
						continueOnFail: true,
					});
					wfs.node(wf, WAIT).parameters.options.pollInterval = 2;
					// kie.ai runs as imported; udioapi.pro and apiin.one, which do not tell an existing
					// cover's id on a re-run, with "Save execution progress" so a crashed run keeps it.
					run.saveProgress = run.provider !== 'kieAi';
					if (run.saveProgress) wf.settings = { ...wf.settings, saveExecutionProgress: true };
					run.workflowId = await n8n.deploy(wf);
					const before = await n8n.executionIds(run.workflowId);
					run.answer = n8n.callWebhook(
						run.webhookPath,
						{ tracks: run.tracks },
						{ timeoutMs: 300000 },
					);
					run.answer.catch(() => {});
					run.killedId = await n8n.waitForNewExecution(run.workflowId, before);
				}
				// Kill only once every cover is being polled.
				const deadline = Date.now() + 60000;
				let polled = 0;
				while (Date.now() < deadline) {
					const tasks = await emulator.control('GET', 'tasks');
					const reads = await emulator.control('GET', 'requests?endpoint=status');
					polled = 0;
					for (const run of runs)
						for (const track of run.tracks) {
							track.coverTaskId ??= tasks.find(
								(t) => t.provider === run.provider && t.musicTaskId === track.musicTaskId,
							)?.coverTaskId;
							if (track.coverTaskId && reads.some((r) => coverOf(r) === track.coverTaskId))
								polled++;
						}
					if (polled === 6) break;
					await proc.sleep(500);
				}
				equal(polled, 6, 'covers whose status was read before the kill');
			} finally {
				await emulator.configure({ readyAfterMs: 1500 });
			}
			const { ms } = await n8n.signal('worker', 'SIGKILL');
			await n8n.startWorker();
			return `worker gone ${ms} ms after SIGKILL; new worker ready`;
		},
	);
	if (!killed) return;

	await check('poll-kill: what n8n shows for the killed runs', async () => {
		// Give n8n (Bull's stalled-job check on the new worker, main's queue recovery) time to notice.
		const deadline = Date.now() + 120000;
		let executions = [];
		while (Date.now() < deadline) {
			executions = await Promise.all(runs.map((r) => n8n.getExecution(r.killedId, true)));
			if (executions.every((e) => !['new', 'running'].includes(e.status))) break;
			await proc.sleep(2000);
		}
		// Whether the crashed run still shows the cover task ids Generate got (the way to look them up).
		const kept = executions.map(
			(e, i) =>
				(nodeOutput(e, GENERATE) ?? []).filter((item) =>
					runs[i].tracks.some((t) => t.coverTaskId === item.json?.coverTaskId),
				).length,
		);
		shown = executions.map(
			(e, i) =>
				`${runs[i].provider}${runs[i].saveProgress ? ' (progress saved)' : ''} #${e.id}: ${e.status}${executionError(e) ? ` (${executionError(e).slice(0, 100)})` : ''}, ${kept[i]}/2 cover task ids in its ${GENERATE} output`,
		);
		for (const [i, run] of runs.entries())
			if (run.saveProgress)
				equal(
					kept[i],
					2,
					`[${run.provider}] cover task ids the crashed run (progress saved) shows`,
				);
		ok(
			executions.every((e) => e.status !== 'success'),
			'a killed run shows "success"',
			shown,
		);
		return shown.join('; ');
	});

	await check(
		'poll-kill: re-running the same tracks creates no second cover on any provider; each item ends with its cover or an error naming its track',
		async () => {
			const notes = [];
			for (const run of runs) {
				const ex = await n8n.runViaWebhook(
					run.workflowId,
					run.webhookPath,
					{ tracks: run.tracks },
					{ timeoutMs: 180000 },
				);
				ok(
					ex.status === 'success',
					`[${run.provider}] re-run ${ex.id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
				);
				const out = nodeOutput(ex, WAIT) ?? [];
				// The example's One Item per Image: a finished cover's images come as items of their
				// own, each paired with its track.
				const itemsOf = (i) => out.filter((item) => (item.pairedItem?.item ?? 0) === i);
				equal(
					run.tracks.map((_, i) => itemsOf(i).length),
					run.tracks.map((_, i) => (itemsOf(i)[0]?.json.status === 'success' ? 2 : 1)),
					`[${run.provider}] ${WAIT}: items of the re-run per track (2 images, or 1 item)`,
				);
				for (const [i, track] of run.tracks.entries()) {
					const item = itemsOf(i)[0].json;
					if (item.status === 'success') {
						equal(
							item.coverTaskId,
							track.coverTaskId,
							`[${run.provider}] ${track.musicTaskId}: the re-run's cover is the first run's`,
						);
						equal(item.images?.length, 2, `[${run.provider}] ${track.musicTaskId}: images`);
						notes.push(`${run.provider}: cover`);
					} else {
						// The item's outcome is decided at Generate (a refused duplicate); Wait for
						// Completion passes an error item on (paired with this track).
						const gen = nodeOutput(ex, GENERATE)?.[i]?.json ?? {};
						const text = `${gen.error ?? ''} ${gen.errorDescription ?? ''}`;
						ok(
							text.includes(track.musicTaskId) && /Get Status/.test(text),
							`[${run.provider}] item ${i} has neither its cover nor an error naming track ${track.musicTaskId} and what to do`,
							{ [GENERATE]: gen, [WAIT]: item },
						);
						ok(item.error, `[${run.provider}] item ${i}: ${WAIT} passed no error item on`, item);
						notes.push(
							`${run.provider}: "${gen.error}" at ${GENERATE}, "${item.error}" at ${WAIT}`,
						);
					}
				}
			}
			const tasks = await emulator.control('GET', 'tasks');
			for (const run of runs)
				for (const track of run.tracks) {
					const created = tasks.filter(
						(t) => t.provider === run.provider && t.musicTaskId === track.musicTaskId,
					);
					equal(
						created.length,
						1,
						`[${run.provider}] cover tasks (charges) for ${track.musicTaskId} after the re-run`,
					);
				}
			return [...new Set(notes)].join('; ');
		},
	);
};
