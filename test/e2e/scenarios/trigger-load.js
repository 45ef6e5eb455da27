'use strict';
// Trigger under load: kie.ai delivers 500 validly signed cover callbacks from 50 concurrent
// senders, with 50 forged ones (wrong key) interleaved, to one active Music Cover Trigger
// (examples/trigger-signed-callback.json). Every valid one must be answered 2xx well inside kie.ai's
// 15 s, exactly 500 executions must follow (one per delivery: none lost, none doubled) and the forged
// ones must start nothing. The emulator sends each callback and times out after 15 s, as kie.ai does.
// Env: E2E_LOAD_VALID (500), E2E_LOAD_FORGED (50), E2E_LOAD_SENDERS (50); E2E_LOAD_BASELINE=1 also
// times the same burst against n8n's own Webhook node, for comparison.
const crypto = require('node:crypto');
const os = require('node:os');
const { ok, equal, fmt } = require('../lib/check');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');

const TRIGGER = 'Cover callback';
const VALID = Number(process.env.E2E_LOAD_VALID || 500);
const FORGED = Number(process.env.E2E_LOAD_FORGED || 50);
const SENDERS = Number(process.env.E2E_LOAD_SENDERS || 50);
/**
 * "Well inside" kie.ai's 15 s: 99 % of the valid answers within two thirds of it. Every one must
 * be 2xx before kie.ai gives up (the emulator times out at 15 s, as kie.ai does).
 */
const MAX_P99_MS = 10000;

const pct = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The highest execution id n8n knows (0 for none). */
async function lastExecutionId(n8n) {
	const { executions } = await n8n.allExecutions();
	return Math.max(0, ...executions.map((e) => Number(e.id)));
}

module.exports = async function triggerLoad({ stack, check, target }) {
	const { n8n, emulator, creds } = stack;
	let workflowId;
	let url;

	const imported = await check('trigger-load: import and activate the trigger', async () => {
		const wf = wfs.bind(wfs.loadExample('trigger-signed-callback'), {
			creds,
			name: 'e2e trigger-load',
		});
		// Its own webhook path: the example's fixed webhookId is taken by trigger-signed-callback.
		wfs.node(wf, TRIGGER).webhookId = crypto.randomUUID();
		// The load is n8n's webhook path and the signature check, for covers kie.ai's record does not
		// hold (made-up ids): Confirm Status (on by default from trigger version 1.2) would read the
		// record for each and refuse them all, so it is off here, as it was before version 1.2.
		wfs.node(wf, TRIGGER).parameters.options = {
			...wfs.node(wf, TRIGGER).parameters.options,
			confirmStatus: false,
		};
		const created = await n8n.createWorkflow(wf);
		await n8n.activateWorkflow(created.id);
		workflowId = created.id;
		url = `${n8n.baseUrl}/webhook/${created.nodes.find((n) => n.name === TRIGGER).webhookId}/callback`;
		// Wait until the production webhook answers (registration lags activation by a moment).
		for (let i = 0; i < 30; i++) {
			const probe = await emulator.sendKieCallback({ coverTaskId: 'probe', url, key: 'forged' });
			if (probe.status === 401) break;
			await proc.sleep(500);
		}
		// One signed callback through to its execution first: a production n8n is warm when kie.ai calls.
		const afterId = await lastExecutionId(n8n);
		const warm = await emulator.sendKieCallback({ coverTaskId: `warm-up-${Date.now()}`, url });
		equal(warm.status, 200, 'answer to the warm-up callback');
		const deadline = Date.now() + 60000;
		while (
			!(await n8n.allExecutions({ workflowId, afterId })).executions.some((e) => e.stoppedAt)
		) {
			ok(Date.now() < deadline, 'the warm-up callback started no execution within 60 s');
			await proc.sleep(500);
		}
	});
	if (!imported) return;

	await check(
		`trigger-load: ${VALID} signed callbacks + ${FORGED} forged from ${SENDERS} concurrent senders -> every signed one 2xx before kie.ai gives up (15 s), p99 within ${MAX_P99_MS / 1000} s, ${VALID} executions, none forged, none doubled`,
		async () => {
			const run = `load${Date.now()}`;
			// Forged deliveries spread evenly through the valid ones.
			const deliveries = [];
			const every = Math.max(1, Math.floor(VALID / Math.max(1, FORGED)));
			for (let i = 0, f = 0; i < VALID; i++) {
				deliveries.push({ coverTaskId: `${run}-valid-${i}`, forged: false });
				if ((i + 1) % every === 0 && f < FORGED)
					deliveries.push({ coverTaskId: `${run}-forged-${f++}`, forged: true });
			}
			equal(deliveries.filter((d) => d.forged).length, FORGED, 'forged deliveries planned');

			// This burst's executions: those with an id above every execution n8n knows now.
			const afterId = await lastExecutionId(n8n);
			let next = 0;
			const t0 = Date.now();
			const sender = async () => {
				while (next < deliveries.length) {
					const d = deliveries[next++];
					const sent = Date.now();
					try {
						const answer = await emulator.sendKieCallback({
							coverTaskId: d.coverTaskId,
							url,
							...(d.forged ? { key: 'not-the-webhook-hmac-key' } : {}),
						});
						d.status = answer.status;
					} catch (e) {
						// The emulator gives up after 15 s (kie.ai's limit) and reports it as an error.
						d.status = `error: ${e.message.slice(0, 200)}`;
					}
					d.ms = Date.now() - sent;
				}
			};
			await Promise.all(Array.from({ length: SENDERS }, sender));
			const sendSecs = (Date.now() - t0) / 1000;

			const valid = deliveries.filter((d) => !d.forged);
			const forged = deliveries.filter((d) => d.forged);
			const times = valid.map((d) => d.ms).sort((a, b) => a - b);
			const [p50, p99, max] = [pct(times, 50), pct(times, 99), times.at(-1)];
			const stats = `p50 ${p50} ms, p99 ${p99} ms, max ${max} ms (${deliveries.length} deliveries in ${sendSecs.toFixed(1)} s, load average ${os.loadavg()[0].toFixed(1)})`;
			// Every property is checked before failing, so one run shows all that went wrong.
			const problems = [];
			const notOk = valid.filter((d) => !(d.status >= 200 && d.status < 300));
			if (notOk.length)
				problems.push(
					`${notOk.length} of ${VALID} signed callbacks not answered 2xx, e.g. ${fmt(notOk[0])}`,
				);
			const wrongForged = forged.filter((d) => d.status !== 401);
			if (wrongForged.length)
				problems.push(
					`${wrongForged.length} of ${FORGED} forged callbacks not answered 401, e.g. ${fmt(wrongForged[0])}`,
				);
			if (p99 > MAX_P99_MS)
				problems.push(`p99 of the signed callbacks' answers ${p99} ms; limit ${MAX_P99_MS} ms`);

			// Executions run after the answer (on the worker in queue mode): wait until VALID have
			// finished (or more), then a few seconds more for stragglers that would be duplicates. A busy
			// worker may need minutes for the backlog: wait as long as executions keep finishing.
			const known = new Map();
			const finishedCount = async () =>
				(await n8n.allExecutions({ workflowId, afterId, known })).executions.filter(
					(e) => e.stoppedAt,
				).length;
			let count = 0;
			let progressAt = Date.now();
			const cap = Date.now() + 900000;
			while (Date.now() < cap && Date.now() - progressAt < 60000) {
				const now = await finishedCount();
				if (now > count) progressAt = Date.now();
				count = now;
				if (count >= VALID) break;
				await proc.sleep(2000);
			}
			await proc.sleep(5000);
			const ranSecs = ((Date.now() - t0) / 1000).toFixed(0);
			const { executions, unlisted } = await n8n.allExecutions({
				workflowId,
				afterId,
				includeData: true,
			});
			const ids = executions.map((e) =>
				String(
					e.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0]?.[0]?.json?.coverTaskId,
				),
			);
			const notRun = executions.filter((e, i) => !ids[i].startsWith(run));
			if (notRun.length)
				problems.push(
					`${notRun.length} executions not started by a callback of this burst, e.g. ${notRun[0].id}`,
				);
			const failed = executions.filter((e) => e.status !== 'success');
			if (failed.length)
				problems.push(
					`${failed.length} executions did not end "success", e.g. ${failed[0].id}: ${failed[0].status}`,
				);
			// Finished executions main still tracks as active (see N8n.allExecutions): n8n 1.x in queue
			// mode has no setting against it (reported); elsewhere none may be left.
			const stuck = unlisted.filter((e) => e.stoppedAt);
			const stuckAllowed = target.queue && target.line === '1';
			if (stuck.length && !stuckAllowed)
				problems.push(
					`${stuck.length} finished executions that main still tracks as active (left out of n8n's execution list), e.g. ${stuck[0].id}`,
				);
			const forgedRan = ids.filter((id) => id.includes('-forged-'));
			if (forgedRan.length)
				problems.push(`${forgedRan.length} executions started by forged callbacks`);
			const seen = new Map();
			for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
			const doubled = [...seen].filter(([, n]) => n > 1);
			if (doubled.length)
				problems.push(
					`${doubled.length} cover task ids with more than one execution, e.g. ${doubled[0][0]}`,
				);
			const missing = valid.filter((d) => !seen.has(d.coverTaskId));
			if (missing.length)
				problems.push(
					`${missing.length} signed callbacks without an execution after ${ranSecs} s (answered: ${missing.filter((d) => d.status >= 200 && d.status < 300).length}), e.g. ${missing[0].coverTaskId}`,
				);
			ok(problems.length === 0, `${problems.join('\n')}\nanswer times ${stats}`);
			return `answers ${stats}; ${executions.length} executions within ${ranSecs} s, all success${stuck.length ? ` (${stuck.length} of them finished but still tracked as active by main, left out of n8n's execution list: n8n 1.x queue mode)` : ''}, ${FORGED} forged -> 401, 0 doubled`;
		},
	);

	if (process.env.E2E_LOAD_BASELINE === '1') {
		// For comparison only: the same burst against n8n's own Webhook node (answer on receipt), to
		// tell n8n's cost per webhook execution from the trigger's.
		await check(
			`trigger-load baseline: the same burst to an n8n Webhook node -> NoOp`,
			async () => {
				const path = `e2e-load-baseline-${Date.now()}`;
				await n8n.deploy({
					name: 'e2e trigger-load baseline',
					nodes: [
						{
							name: 'Webhook',
							type: 'n8n-nodes-base.webhook',
							typeVersion: 2,
							position: [0, 0],
							webhookId: crypto.randomUUID(),
							parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
						},
						{
							name: 'Done',
							type: 'n8n-nodes-base.noOp',
							typeVersion: 1,
							position: [200, 0],
							parameters: {},
						},
					],
					connections: { Webhook: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
				});
				const target = `${n8n.baseUrl}/webhook/${path}`;
				await n8n.callWebhook(path, {}, { expect: 200 });
				const times = [];
				let next = 0;
				let failed = 0;
				const total = VALID + FORGED;
				const t0 = Date.now();
				await Promise.all(
					Array.from({ length: SENDERS }, async () => {
						while (next < total) {
							const i = next++;
							const sent = Date.now();
							try {
								const a = await emulator.sendKieCallback({
									coverTaskId: `baseline-${i}`,
									url: target,
								});
								if (a.status !== 200) failed++;
							} catch {
								failed++;
							}
							times.push(Date.now() - sent);
						}
					}),
				);
				times.sort((a, b) => a - b);
				return `${total} requests in ${((Date.now() - t0) / 1000).toFixed(1)} s: p50 ${pct(times, 50)} ms, p99 ${pct(times, 99)} ms, max ${times.at(-1)} ms, ${failed} not 200 (load average ${os.loadavg()[0].toFixed(1)})`;
			},
		);
	}
};
