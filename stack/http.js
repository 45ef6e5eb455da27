'use strict';
// Minimal JSON-over-HTTP helper on Node's global fetch (Node >= 20), used by the stack and its drivers.

class HttpError extends Error {
	constructor(method, url, status, body) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		super(`${method} ${url} -> HTTP ${status}: ${String(text).slice(0, 600)}`);
		this.status = status;
		this.body = body;
	}
}

/**
 * request(method, url, { json, headers, expect, timeoutMs, raw })
 * Resolves { status, headers, body } (body parsed as JSON when it is JSON, a Buffer with raw: true).
 * With `expect` (a status or an array of them) any other status throws an HttpError.
 */
async function request(
	method,
	url,
	{ json, body, headers = {}, expect, timeoutMs = 30000, raw = false } = {},
) {
	const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeoutMs) };
	if (json !== undefined) {
		init.body = JSON.stringify(json);
		init.headers['content-type'] = 'application/json';
	} else if (body !== undefined) {
		init.body = body;
	}
	const res = await fetch(url, init);
	let parsed;
	if (raw) {
		parsed = Buffer.from(await res.arrayBuffer());
	} else {
		const text = await res.text();
		try {
			parsed = text === '' ? '' : JSON.parse(text);
		} catch {
			parsed = text;
		}
	}
	const out = { status: res.status, headers: res.headers, body: parsed };
	if (expect !== undefined) {
		const ok = Array.isArray(expect) ? expect.includes(res.status) : res.status === expect;
		if (!ok) throw new HttpError(method, url, res.status, parsed);
	}
	return out;
}

module.exports = { request, HttpError };
