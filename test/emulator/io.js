// @ts-check
'use strict';

/**
 * HTTP plumbing the other modules share: timers that can be cancelled as a group, reading and
 * answering requests, and POSTing JSON out (callbacks). Nothing here knows a provider.
 *
 * @typedef {import('./types').SendKieCallbackResult} SendKieCallbackResult
 */

const http = require('node:http');
const https = require('node:https');

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const MAX_BODY_BYTES = 1024 * 1024;

/** Timers that can be cancelled as a group (so stop() and reset() leave nothing running). */
class TimerGroup {
	constructor() {
		/** @type {Set<NodeJS.Timeout>} */
		this.timers = new Set();
	}
	/** @param {number} ms @param {() => void} fn */
	later(ms, fn) {
		const timer = setTimeout(
			() => {
				this.timers.delete(timer);
				fn();
			},
			Math.max(0, ms),
		);
		this.timers.add(timer);
		return timer;
	}
	/** Resolves after ms unless the group is cleared first (then it never resolves). @param {number} ms */
	sleep(ms) {
		return new Promise((resolve) => this.later(ms, () => resolve(undefined)));
	}
	/** @param {NodeJS.Timeout | undefined} timer */
	cancel(timer) {
		if (!timer) return;
		clearTimeout(timer);
		this.timers.delete(timer);
	}
	clear() {
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}
}

/** @param {string} url */
function isLocalUrl(url) {
	try {
		const parsed = new URL(url);
		return (
			(parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
			LOCAL_HOSTS.has(parsed.hostname)
		);
	} catch {
		return false;
	}
}

/** @param {string | undefined} header @returns {string | null} */
function bearerKey(header) {
	const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1] : null;
}

/** @param {http.IncomingHttpHeaders} headers @returns {Record<string, string>} */
function redactHeaders(headers) {
	/** @type {Record<string, string>} */
	const out = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		out[name] =
			name === 'authorization' ? 'Bearer ***' : Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** @param {string} raw @returns {{ value: unknown, valid: boolean }} */
function parseBody(raw) {
	if (raw.trim() === '') return { value: null, valid: true };
	try {
		return { value: JSON.parse(raw), valid: true };
	} catch {
		return { value: raw, valid: false };
	}
}

/** @param {unknown} body @param {string[]} fields @returns {string | null} */
function pickString(body, fields) {
	if (typeof body !== 'object' || body === null) return null;
	for (const field of fields) {
		const value = /** @type {Record<string, unknown>} */ (body)[field];
		if (typeof value === 'string' && value.trim() !== '') return value.trim();
	}
	return null;
}

/**
 * @param {http.ServerResponse} res
 * @param {number} status
 * @param {unknown} body object -> JSON; string -> text/html unless contentType says otherwise
 * @param {Record<string, string>} [headers]
 * @param {string} [contentType]
 */
function send(res, status, body, headers = {}, contentType) {
	const isText = typeof body === 'string' || Buffer.isBuffer(body);
	const payload = Buffer.isBuffer(body)
		? body
		: Buffer.from(isText ? String(body) : JSON.stringify(body));
	res.writeHead(status, {
		'Content-Type':
			contentType ?? (isText ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8'),
		'Content-Length': String(payload.length),
		...headers,
	});
	res.end(res.req?.method === 'HEAD' ? undefined : payload);
}

/**
 * POSTs JSON with node:http(s) (no pooled sockets, so nothing keeps the process alive).
 * @param {string} target
 * @param {unknown} payload
 * @param {Record<string, string>} headers
 * @param {number} timeoutMs
 * @param {TimerGroup} timers
 * @param {Set<http.ClientRequest>} inFlight
 * @returns {Promise<SendKieCallbackResult>}
 */
function postJson(target, payload, headers, timeoutMs, timers, inFlight) {
	return new Promise((resolve, reject) => {
		const url = new URL(target);
		const data = Buffer.from(JSON.stringify(payload));
		const client = url.protocol === 'https:' ? https : http;
		const req = client.request(
			url,
			{
				method: 'POST',
				agent: false,
				headers: { ...headers, 'Content-Length': String(data.length), Connection: 'close' },
			},
			(res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					finish();
					resolve({
						status: res.statusCode ?? 0,
						body: Buffer.concat(chunks).toString('utf8'),
						headers: res.headers,
					});
				});
				res.on('error', (err) => {
					finish();
					reject(err);
				});
			},
		);
		const timer = timers.later(timeoutMs, () =>
			req.destroy(new Error(`callback timed out after ${timeoutMs} ms`)),
		);
		const finish = () => {
			timers.cancel(timer);
			inFlight.delete(req);
		};
		inFlight.add(req);
		req.on('error', (err) => {
			finish();
			reject(err);
		});
		req.end(data);
	});
}

module.exports = {
	TimerGroup,
	isLocalUrl,
	bearerKey,
	redactHeaders,
	readBody,
	parseBody,
	pickString,
	send,
	postJson,
};
