'use strict';
// n8n's HTTP side: the internal REST API with the owner's session (owner set-up, API key, the
// editor's lists), the public API with the key (credentials, workflows), production webhooks.
const { request } = require('../http');
const proc = require('../proc');
const { N8nProcess } = require('./process');

const OWNER = {
	email: 'owner@music-cover.example',
	firstName: 'Music',
	lastName: 'Cover',
	password: 'MusicCover-Demo-1',
};
const BROWSER_ID = 'music-cover-e2e-browser';

/** A failure of a request that n8n may answer on a second try: 503 (database not ready), no connection. */
function isTransient(e) {
	return e.status === 503 || /503|fetch failed|ECONNRESET|timeout/i.test(`${e.name} ${e.message}`);
}

class N8nApi extends N8nProcess {
	constructor(opts) {
		super(opts);
		this.apiKey = null;
		this.cookie = null;
		// Every answer of a production webhook, for the secrets scan.
		this.webhookAnswers = [];
		// How long a call is repeated while n8n answers 503 or the connection fails: 0 (the end-to-end
		// suite) lets the first failure through; the benchmark, on a loaded machine where n8n's SQLite
		// ping times out now and then ("Database is not ready"), waits it out. Only reads (GET) are
		// repeated as they are; a POST that starts an execution only as startViaWebhook checks.
		this.transientRetryMs = opts.transientRetryMs ?? 0;
	}

	/** Sends a request; a GET is repeated on transient failures for up to transientRetryMs. */
	async send(method, url, init) {
		const deadline = Date.now() + (method === 'GET' ? this.transientRetryMs : 0);
		for (;;) {
			try {
				return await request(method, url, init);
			} catch (e) {
				if (!isTransient(e) || Date.now() >= deadline) throw e;
				await proc.sleep(1000);
			}
		}
	}

	/** Internal REST API with the owner's session cookie. */
	async rest(method, pathname, json, expect = 200) {
		const headers = { 'browser-id': BROWSER_ID };
		if (this.cookie) headers.cookie = this.cookie;
		const res = await this.send(method, `${this.baseUrl}/rest${pathname}`, {
			json,
			headers,
			expect,
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		return res.body?.data ?? res.body;
	}

	/** Creates the instance owner (fresh database) and a public API key with every scope offered. */
	async setupOwner(owner = OWNER) {
		await this.rest('POST', '/owner/setup', owner);
		if (!this.cookie) throw new Error('owner setup returned no n8n-auth cookie');
		let scopes;
		try {
			scopes = await this.rest('GET', '/api-keys/scopes');
		} catch {
			scopes = undefined;
		}
		const body = { label: 'music-cover-e2e', expiresAt: null };
		if (Array.isArray(scopes) && scopes.length) body.scopes = scopes;
		const key = await this.rest('POST', '/api-keys', body);
		this.apiKey = key.rawApiKey ?? key.apiKey;
		if (!this.apiKey) throw new Error(`no API key in ${JSON.stringify(key)}`);
		this.owner = owner;
		return owner;
	}

	/** Names of the node types the editor offers (`/types/nodes.json`, owner session). */
	async nodeTypeNames() {
		const res = await request('GET', `${this.baseUrl}/types/nodes.json`, {
			headers: { 'browser-id': BROWSER_ID, cookie: this.cookie },
			expect: 200,
		});
		return res.body.map((t) => t.name);
	}

	/** Public API (X-N8N-API-KEY). */
	async api(method, pathname, json, expect = 200) {
		const res = await this.send(method, `${this.baseUrl}/api/v1${pathname}`, {
			json,
			headers: { 'X-N8N-API-KEY': this.apiKey },
			expect,
		});
		return res.body;
	}

	/**
	 * Creates a credential through the public API. n8n 1.x requires `allowedHttpRequestDomains`
	 * for credentials with an `authenticate` block, n8n 2.x may reject it as unknown: try both.
	 */
	async createCredential(type, name, data) {
		const attempts = [{ ...data, allowedHttpRequestDomains: 'all' }, data];
		let lastErr;
		for (const attempt of attempts) {
			try {
				return await this.api('POST', '/credentials', { name, type, data: attempt });
			} catch (e) {
				lastErr = e;
				if (e.status !== 400) throw e;
			}
		}
		throw lastErr;
	}

	/** Creates a workflow from exported JSON (read-only fields dropped) and returns it. */
	async createWorkflow(wf) {
		const body = {
			name: wf.name,
			nodes: wf.nodes,
			connections: wf.connections,
			settings: { executionOrder: 'v1', ...(wf.settings || {}) },
		};
		if (wf.staticData) body.staticData = wf.staticData;
		return await this.api('POST', '/workflows', body);
	}

	/** Creates and activates a workflow; returns its id. */
	async deploy(wf) {
		const created = await this.createWorkflow(wf);
		await this.activateWorkflow(created.id);
		return created.id;
	}

	async activateWorkflow(id) {
		return await this.api('POST', `/workflows/${id}/activate`, undefined);
	}

	/**
	 * POSTs to a production webhook; repeats it on 404 for a few seconds (registration lags
	 * readiness; a 404 started nothing).
	 */
	async callWebhook(pathname, json, { timeoutMs = 120000, expect } = {}) {
		const url = `${this.baseUrl}/webhook/${pathname.replace(/^\//, '')}`;
		const deadline = Date.now() + 15000;
		for (;;) {
			const res = await request('POST', url, { json, timeoutMs });
			this.webhookAnswers.push({ url, status: res.status, body: res.body });
			if (res.status === 404 && Date.now() < deadline) {
				await proc.sleep(500);
				continue;
			}
			if (expect !== undefined && res.status !== expect) {
				throw new Error(
					`POST ${url} -> HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 800)}`,
				);
			}
			return res;
		}
	}
}

module.exports = { N8nApi, OWNER, isTransient };
