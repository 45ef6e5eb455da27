'use strict';
// examples/callback-wait.json as the callback scenarios run it (callback-wait, restart-parked):
// its node names, the variant started over HTTP, and how they see a run parked and its callback URL.
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');

const GENERATE = 'Generate cover and wait for callback';
const NEXT = 'Cover ready';

/** Polls until the execution is parked; resolves false when it ended (or never parked) first. */
async function seenWaiting(n8n, id, timeoutMs = 20000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			const ex = await n8n.getExecution(id, false);
			if (ex.status === 'waiting' || ex.waitTill) return true;
			if (ex.stoppedAt && !['running', 'new'].includes(ex.status)) return false;
		} catch (e) {
			if (e.status !== 404) throw e;
		}
		await proc.sleep(150);
	}
	return false;
}

async function resumeUrlOf(emulator, musicTaskId) {
	const gens = await emulator.requests();
	const gen = gens.find(
		(r) => r.provider === 'kieAi' && r.endpoint === 'generate' && r.body?.taskId === musicTaskId,
	);
	return gen?.body?.callBackUrl;
}

function variant(creds, webhookPath, timeoutSeconds) {
	const wf = wfs.bind(wfs.loadExample('callback-wait'), { creds, name: `e2e ${webhookPath}` });
	wfs.webhookStart(wf, { webhookPath });
	wfs.setField(wf, 'Track', 'musicTaskId', '={{ $json.body.musicTaskId }}');
	if (timeoutSeconds) wfs.node(wf, GENERATE).parameters.options.timeout = timeoutSeconds;
	return wf;
}

/**
 * The end of a run parked at `t0` with a 10 s deadline and no callback: n8n's wait tracker looks
 * for due executions once a minute, so allow 10 s + 60 s + margin (100 s from the park).
 */
async function waitForDeadlineEnd(n8n, { id, t0 }) {
	return await n8n.waitForEnd(id, { timeoutMs: Math.max(5000, 100000 - (Date.now() - t0)) });
}

module.exports = { GENERATE, NEXT, seenWaiting, resumeUrlOf, variant, waitForDeadlineEnd };
