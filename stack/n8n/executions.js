'use strict';
// n8n's executions through its APIs: started over a production webhook, listed (as the public API
// and as the editor list them), read one by one, waited for.
const proc = require('../proc');
const { N8nApi, isTransient } = require('./api');

const RUNNING = ['new', 'running', 'waiting', 'queued'];
/** An execution that has ended (success, error, crashed, canceled). */
const hasEnded = (e) => !RUNNING.includes(e.status) && Boolean(e.stoppedAt);

/** An n8n under test: its processes (N8nProcess), its APIs (N8nApi) and its executions. */
class N8n extends N8nApi {
	/**
	 * POSTs `body` to a workflow's production webhook and waits for the execution it started to end.
	 * Returns the execution (with data) plus `webhookStatus` / `webhookBody` of the HTTP answer.
	 */
	async runViaWebhook(workflowId, webhookPath, body, { timeoutMs = 120000 } = {}) {
		const before = await this.executionIds(workflowId);
		const res = await this.callWebhook(webhookPath, body, { timeoutMs });
		const id = await this.waitForNewExecution(workflowId, before);
		const ex = await this.waitForEnd(id, { timeoutMs });
		ex.webhookStatus = res.status;
		ex.webhookBody = res.body;
		return ex;
	}

	/**
	 * POSTs `body` to a workflow's production webhook (one that answers on receipt) and resolves the
	 * id of the execution it started. A POST that failed transiently (503, connection lost) may
	 * still have started a run, so it is sent again only while transientRetryMs allows and only
	 * when no new execution of the workflow has shown up within `settleMs` of the failure: one
	 * call never starts two runs.
	 */
	async startViaWebhook(
		workflowId,
		webhookPath,
		body,
		{ settleMs = 15000, timeoutMs = 60000 } = {},
	) {
		const before = await this.executionIds(workflowId);
		const deadline = Date.now() + this.transientRetryMs;
		for (;;) {
			try {
				await this.callWebhook(webhookPath, body, { expect: 200 });
				break;
			} catch (e) {
				if (!isTransient(e) || Date.now() >= deadline) throw e;
				const started = await this.newExecution(workflowId, before, settleMs);
				if (started) return started;
			}
		}
		return await this.waitForNewExecution(workflowId, before, { timeoutMs });
	}

	async getExecution(id, includeData = true) {
		return await this.api('GET', `/executions/${id}?includeData=${includeData}`);
	}

	/** Executions of a workflow, newest first. (n8n 1.x leaves out waiting ones here.) */
	async listExecutions(workflowId, { status, includeData = false, limit = 50 } = {}) {
		const q = new URLSearchParams({
			workflowId: String(workflowId),
			includeData: String(includeData),
			limit: String(limit),
		});
		if (status) q.set('status', status);
		const body = await this.api('GET', `/executions?${q}`);
		return body.data;
	}

	/**
	 * Every execution (of one workflow, or of every workflow) with an id above `afterId`, as n8n
	 * stores it. n8n's public list leaves out the executions main tracks as active, and in queue mode
	 * main can go on tracking executions the worker has finished: Bull's job.finished(), which main
	 * awaits, never settles for a job the worker completed and Bull removed before main asked
	 * (OptimalBits/bull#2504). n8n 1.x removes each finished job at once; n8n 2.x keeps the last
	 * N8N_EXECUTIONS_QUEUE_KEEP_LAST_COMPLETED (set in env()). So the ids the list skips, and those
	 * after its last one until n8n knows no more, are read one by one (`known`: a Map of id ->
	 * finished execution read before, not read again). Resolves { executions, unlisted } (unlisted:
	 * those only found by id, finished or not).
	 */
	async allExecutions({ workflowId, includeData = false, afterId = 0, known = new Map() } = {}) {
		const listed = [];
		let cursor;
		do {
			const q = new URLSearchParams({ includeData: String(includeData), limit: '250' });
			if (workflowId !== undefined) q.set('workflowId', String(workflowId));
			if (cursor) q.set('cursor', cursor);
			const page = await this.api('GET', `/executions?${q}`);
			listed.push(...page.data.filter((e) => Number(e.id) > afterId));
			cursor = page.nextCursor;
		} while (cursor);
		const ids = new Set(listed.map((e) => Number(e.id)));
		const last = Math.max(afterId, ...ids);
		const unlisted = [];
		// A database sequence may skip a value (an insert rolled back): stop after 20 unknown ids.
		for (let id = afterId + 1, unknown = 0; unknown < 20; id++) {
			if (ids.has(id)) continue;
			let e = known.get(id);
			if (!e) {
				try {
					e = await this.getExecution(id, includeData);
				} catch (err) {
					if (err.status !== 404) throw err;
					if (id > last) unknown++;
					continue;
				}
				unknown = 0;
				if (e.stoppedAt) known.set(id, e);
			}
			if (workflowId === undefined || String(e.workflowId) === String(workflowId)) unlisted.push(e);
		}
		return { executions: [...listed, ...unlisted], unlisted };
	}

	/**
	 * Executions of a workflow as the editor lists them (internal REST API: waiting and running
	 * ones included on both lines), newest first: [{ id, status, finished, ... }].
	 */
	async listExecutionsRest(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: String(workflowId) }));
		const data = await this.rest('GET', `/executions?filter=${filter}&limit=50`);
		return (data.results ?? data).map((e) => ({ ...e, id: String(e.id) }));
	}

	/** Ids of a workflow's executions (waiting and running ones included). */
	async executionIds(workflowId) {
		return (await this.listExecutionsRest(workflowId)).map((e) => e.id);
	}

	/** Waits for an execution of the workflow whose id is not in `knownIds`; returns its id. */
	async waitForNewExecution(workflowId, knownIds = [], { timeoutMs = 30000 } = {}) {
		const id = await this.newExecution(workflowId, knownIds, timeoutMs);
		if (id === undefined)
			throw new Error(`no new execution of workflow ${workflowId} within ${timeoutMs} ms`);
		return id;
	}

	/** The id of an execution of the workflow not in `knownIds`, or undefined after `timeoutMs`. */
	async newExecution(workflowId, knownIds, timeoutMs) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const fresh = (await this.executionIds(workflowId)).filter((id) => !knownIds.includes(id));
			if (fresh.length) return fresh.sort((a, b) => Number(a) - Number(b))[0];
			if (Date.now() >= deadline) return undefined;
			await proc.sleep(300);
		}
	}

	/** Polls (without data) until the execution has ended; returns it with data. */
	async waitForEnd(id, { timeoutMs = 120000 } = {}) {
		await this.waitForExecution(id, hasEnded, { timeoutMs, includeData: false });
		return await this.getExecution(id, true);
	}

	/** Polls an execution until `predicate(execution)` holds; returns the last one read. */
	async waitForExecution(
		id,
		predicate,
		{ timeoutMs = 60000, intervalMs = 500, includeData = true } = {},
	) {
		const deadline = Date.now() + timeoutMs;
		let last;
		while (Date.now() < deadline) {
			try {
				last = await this.getExecution(id, includeData);
				if (predicate(last)) return last;
			} catch (e) {
				if (e.status !== 404) throw e;
			}
			await proc.sleep(intervalMs);
		}
		const err = new Error(
			`execution ${id} did not reach the expected state in ${timeoutMs} ms (last status: ${last?.status}, finished: ${last?.finished})`,
		);
		err.execution = last;
		throw err;
	}
}

module.exports = { N8n, hasEnded };
