// @ts-check
'use strict';

/**
 * The emulator's options: their defaults and the checks that merge a partial set into a full one
 * (unknown names and bad values throw). What each option plays: ./types.d.ts, ./README.md.
 *
 * @typedef {import('./types').EmulatorOptions} EmulatorOptions
 */

const { perProvider } = require('./providers');

/** @returns {EmulatorOptions} */
function defaultOptions() {
	return {
		readyAfterMs: 1500,
		responseDelayMs: 0,
		imageDelayMs: 0,
		keys: perProvider((profile) => profile.defaultKey),
		kieStatusStyle: 'successFlag',
		kieDuplicateCode: 400,
		kieRateLimit: { max: 20, windowMs: 10_000, code: 429 },
		kieRequireUserAgent: true,
		kieWebhookHmacKey: null,
		kieCallbackIdField: 'taskId',
		kieRecordLagMs: 0,
		kieMusicReadyAfterMs: 3000,
		callbackDeliveries: 1,
		// ASSUMED: no kie.ai page says it delivers again after a non-2xx answer (PROVIDERS.md, "What
		// no page says"); its cover page says only that a task may be called back more than once.
		callbackRetries: 3,
		callbackRetryDelayMs: 1000,
		callbackTimeoutMs: 15_000,
		apiinPendingStatus: 'IN_PROGRESS',
		apiinTaskIdField: 'task_id',
		kieCredits: 100,
		udioCredits: { credits: 195, used_credits: 5 },
		drift: { dataFields: {}, runningStatus: null },
	};
}

/** @param {string} name @param {string} expected @param {unknown} value */
const badOption = (name, expected, value) =>
	new TypeError(`emulator option ${name} must be ${expected}, got ${JSON.stringify(value)}`);

/** @param {number} min @returns {(name: string, v: unknown) => number} */
const intAtLeast = (min) => (name, v) => {
	if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
		throw badOption(name, `an integer >= ${min}`, v);
	return v;
};
/** @param {unknown[]} allowed @returns {(name: string, v: unknown) => any} */
const oneOf = (allowed) => (name, v) => {
	if (!allowed.includes(v)) throw badOption(name, `one of ${JSON.stringify(allowed)}`, v);
	return v;
};
/** @param {string} name @param {unknown} v */
const nonEmptyString = (name, v) => {
	if (typeof v !== 'string' || v === '') throw badOption(name, 'a non-empty string', v);
	return v;
};
/** @param {string} name @param {unknown} v */
const boolean = (name, v) => {
	if (typeof v !== 'boolean') throw badOption(name, 'a boolean', v);
	return v;
};
/** @param {string} name @param {unknown} v */
const finiteNumber = (name, v) => {
	if (typeof v !== 'number' || !Number.isFinite(v)) throw badOption(name, 'a number', v);
	return v;
};
/** An empty string clears the key (handy for env vars). @param {string} name @param {unknown} v */
const optionalString = (name, v) => {
	if (v === null || v === undefined || v === '') return null;
	if (typeof v !== 'string') throw badOption(name, 'a string or null', v);
	return v;
};
/** @param {string} name @param {unknown} v */
const plainObject = (name, v) => {
	if (typeof v !== 'object' || v === null || Array.isArray(v))
		throw badOption(name, 'an object', v);
	return v;
};
/** @param {string} name @param {unknown} v */
const statusWordOrNull = (name, v) => {
	if (v === null || (typeof v === 'string' && v !== '') || Number.isInteger(v)) return v;
	throw badOption(name, 'a non-empty string, an integer or null', v);
};
/**
 * Merges a partial object option field by field.
 * @param {Record<string, (name: string, v: unknown) => unknown>} fields
 * @returns {(name: string, v: unknown, current: any) => any}
 */
const record = (fields) => (name, v, current) => {
	if (typeof v !== 'object' || v === null || Array.isArray(v))
		throw badOption(name, 'an object', v);
	const merged = { ...current };
	for (const [key, value] of Object.entries(v)) {
		const check = fields[key];
		if (!check) throw new TypeError(`unknown emulator option ${name}.${key}`);
		merged[key] = check(`${name}.${key}`, value);
	}
	return merged;
};

/** @type {Record<keyof EmulatorOptions, (name: string, v: unknown, current: any) => unknown>} */
const OPTION_CHECKS = {
	readyAfterMs: intAtLeast(0),
	responseDelayMs: intAtLeast(0),
	imageDelayMs: intAtLeast(0),
	keys: record(perProvider(() => nonEmptyString)),
	kieStatusStyle: oneOf(['successFlag', 'status']),
	kieDuplicateCode: oneOf([400, 409]),
	kieRateLimit: record({ max: intAtLeast(0), windowMs: intAtLeast(1), code: oneOf([429, 430]) }),
	kieRequireUserAgent: boolean,
	kieWebhookHmacKey: optionalString,
	kieCallbackIdField: oneOf(['taskId', 'task_id']),
	kieRecordLagMs: intAtLeast(0),
	kieMusicReadyAfterMs: intAtLeast(0),
	callbackDeliveries: intAtLeast(0),
	callbackRetries: intAtLeast(0),
	callbackRetryDelayMs: intAtLeast(0),
	callbackTimeoutMs: intAtLeast(1),
	apiinPendingStatus: nonEmptyString,
	apiinTaskIdField: oneOf(['task_id', 'taskId']),
	kieCredits: finiteNumber,
	udioCredits: record({ credits: finiteNumber, used_credits: finiteNumber }),
	drift: record({ dataFields: plainObject, runningStatus: statusWordOrNull }),
};

/**
 * @param {EmulatorOptions} base
 * @param {unknown} partial
 * @returns {EmulatorOptions}
 */
function mergeOptions(base, partial) {
	/** @type {any} */
	const merged = structuredClone(base);
	if (partial === undefined || partial === null) return merged;
	if (typeof partial !== 'object' || Array.isArray(partial))
		throw badOption('(options)', 'an object', partial);
	for (const [name, value] of Object.entries(partial)) {
		if (value === undefined) continue;
		const check =
			/** @type {Record<string, (name: string, v: unknown, current: any) => unknown>} */ (
				OPTION_CHECKS
			)[name];
		if (!check) throw new TypeError(`unknown emulator option ${name}`);
		merged[name] = check(name, value, merged[name]);
	}
	return merged;
}

module.exports = { defaultOptions, mergeOptions };
