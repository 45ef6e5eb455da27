'use strict';
// Tiny assertion kit for the end-to-end suite: every failure says what was compared, what was
// expected and what n8n actually produced.
const util = require('node:util');

class CheckFailure extends Error {}

const fmt = (v) =>
	util.inspect(v, { depth: 6, breakLength: 140, maxStringLength: 400, maxArrayLength: 20 });

function ok(condition, what, details) {
	if (!condition)
		throw new CheckFailure(details === undefined ? what : `${what}\n      got: ${fmt(details)}`);
}

function equal(actual, expected, what) {
	if (!util.isDeepStrictEqual(actual, expected)) {
		throw new CheckFailure(`${what}: expected ${fmt(expected)}, got ${fmt(actual)}`);
	}
}

function match(actual, re, what) {
	if (typeof actual !== 'string' || !re.test(actual)) {
		throw new CheckFailure(`${what}: expected a string matching ${re}, got ${fmt(actual)}`);
	}
}

/** Collects named checks of one target; a failing check does not stop the next one. */
class Reporter {
	constructor(target) {
		this.target = target;
		this.results = [];
	}

	async check(name, fn) {
		const t0 = Date.now();
		try {
			const note = await fn();
			this.results.push({ name, ok: true, ms: Date.now() - t0 });
			console.log(
				`  ok    ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${note ? ` - ${note}` : ''}`,
			);
			return true;
		} catch (e) {
			const msg = e instanceof CheckFailure ? e.message : e.stack || String(e);
			this.results.push({ name, ok: false, ms: Date.now() - t0, message: msg });
			console.log(
				`  FAIL  ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n      ${msg.split('\n').join('\n      ')}`,
			);
			return false;
		}
	}

	fail(name, message) {
		this.results.push({ name, ok: false, ms: 0, message });
		console.log(`  FAIL  ${name}\n      ${String(message).split('\n').join('\n      ')}`);
	}

	get passed() {
		return this.results.filter((r) => r.ok).length;
	}

	get failed() {
		return this.results.filter((r) => !r.ok).length;
	}
}

module.exports = { ok, equal, match, fmt, Reporter, CheckFailure };
