#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Runs the provider emulator as a process (for the end-to-end suite, a local n8n, or by hand).
 *
 *   node test/emulator/cli.js [--port N]
 *
 * Prints ONE JSON line on stdout once listening, then runs until SIGTERM/SIGINT:
 *   {"url":"http://127.0.0.1:PORT","baseUrls":{"<provider>":...} (one per profile),"keys":{...},
 *    "openAi":{"baseUrl","key"} (the OpenAI-compatible chat endpoint, openai.js)}
 * Drive it at runtime through `${url}/__control/...` (see README.md).
 *
 * Environment (all optional; anything unset keeps the emulator default):
 *   EMULATOR_PORT                      port when --port is absent (default 0 = any free port)
 *   EMULATOR_OPTIONS                   JSON object of options, applied first (any option of types.d.ts)
 *   EMULATOR_READY_AFTER_MS            readyAfterMs (1500)
 *   EMULATOR_RESPONSE_DELAY_MS         responseDelayMs (0)
 *   EMULATOR_KIE_HMAC_KEY              kieWebhookHmacKey (unset = callbacks not signed)
 *   EMULATOR_KIE_CALLBACK_ID_FIELD     kieCallbackIdField: taskId | task_id
 *   EMULATOR_KIE_STATUS_STYLE          kieStatusStyle: successFlag | status
 *   EMULATOR_KIE_DUPLICATE_CODE        kieDuplicateCode: 400 | 409
 *   EMULATOR_KIE_RATE_LIMIT_MAX        kieRateLimit.max (20)
 *   EMULATOR_KIE_RATE_LIMIT_WINDOW_MS  kieRateLimit.windowMs (10000)
 *   EMULATOR_KIE_RATE_LIMIT_CODE       kieRateLimit.code: 429 | 430 (429)
 *   EMULATOR_KIE_RECORD_LAG_MS         kieRecordLagMs (0; assumed: record-info lags the callback)
 *   EMULATOR_CALLBACK_DELIVERIES       callbackDeliveries (1)
 *   EMULATOR_CALLBACK_RETRY_DELAY_MS   callbackRetryDelayMs (1000)
 *   EMULATOR_APIIN_PENDING_STATUS      apiinPendingStatus (IN_PROGRESS)
 *   EMULATOR_APIIN_TASK_ID_FIELD       apiinTaskIdField: task_id | taskId (task_id)
 *   EMULATOR_KEY_KIE / EMULATOR_KEY_UDIO / EMULATOR_KEY_APIIN   valid API keys
 *   EMULATOR_VERBOSE=1                 log each provider request on stderr
 */

const { createEmulator, perProvider } = require('./index');

/** @param {string[]} argv */
function portFromArgs(argv) {
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--port') return argv[i + 1];
		if (arg.startsWith('--port=')) return arg.slice('--port='.length);
		if (arg === '--help' || arg === '-h') {
			process.stdout.write(
				'usage: node test/emulator/cli.js [--port N]   (options via EMULATOR_* env vars, see the header of this file)\n',
			);
			process.exit(0);
		}
	}
	return process.env.EMULATOR_PORT ?? '0';
}

/** @param {string} name @returns {number | undefined} */
function intEnv(name) {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value))
		throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
	return value;
}

/** @param {string} name */
const strEnv = (name) => (process.env[name] === '' ? undefined : process.env[name]);

/** @returns {import('./types').EmulatorOptionsInput} */
function optionsFromEnv() {
	/** @type {any} */
	const options = process.env.EMULATOR_OPTIONS ? JSON.parse(process.env.EMULATOR_OPTIONS) : {};
	/** @param {string} key @param {unknown} value */
	const set = (key, value) => {
		if (value !== undefined) options[key] = value;
	};
	set('readyAfterMs', intEnv('EMULATOR_READY_AFTER_MS'));
	set('responseDelayMs', intEnv('EMULATOR_RESPONSE_DELAY_MS'));
	set('kieWebhookHmacKey', strEnv('EMULATOR_KIE_HMAC_KEY'));
	set('kieCallbackIdField', strEnv('EMULATOR_KIE_CALLBACK_ID_FIELD'));
	set('kieStatusStyle', strEnv('EMULATOR_KIE_STATUS_STYLE'));
	set('kieDuplicateCode', intEnv('EMULATOR_KIE_DUPLICATE_CODE'));
	set('kieRecordLagMs', intEnv('EMULATOR_KIE_RECORD_LAG_MS'));
	set('callbackDeliveries', intEnv('EMULATOR_CALLBACK_DELIVERIES'));
	set('callbackRetryDelayMs', intEnv('EMULATOR_CALLBACK_RETRY_DELAY_MS'));
	set('apiinPendingStatus', strEnv('EMULATOR_APIIN_PENDING_STATUS'));
	set('apiinTaskIdField', strEnv('EMULATOR_APIIN_TASK_ID_FIELD'));
	const rateMax = intEnv('EMULATOR_KIE_RATE_LIMIT_MAX');
	const rateWindow = intEnv('EMULATOR_KIE_RATE_LIMIT_WINDOW_MS');
	const rateCode = intEnv('EMULATOR_KIE_RATE_LIMIT_CODE');
	if (rateMax !== undefined || rateWindow !== undefined || rateCode !== undefined) {
		options.kieRateLimit = {
			...options.kieRateLimit,
			...(rateMax !== undefined && { max: rateMax }),
			...(rateWindow !== undefined && { windowMs: rateWindow }),
			...(rateCode !== undefined && { code: rateCode }),
		};
	}
	const keys = perProvider((profile) => strEnv(profile.keyEnv));
	for (const [provider, key] of Object.entries(keys))
		if (key !== undefined) options.keys = { ...options.keys, [provider]: key };
	return options;
}

async function main() {
	const port = Number(portFromArgs(process.argv.slice(2)));
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error('--port must be an integer 0..65535');
	const emulator = createEmulator(optionsFromEnv());
	const url = await emulator.start(port);

	if (process.env.EMULATOR_VERBOSE === '1') {
		const log = emulator.requests;
		const push = log.push.bind(log);
		log.push = (...entries) => {
			for (const e of entries)
				process.stderr.write(
					`[emulator] ${e.method} ${e.path} -> ${e.provider}/${e.endpoint}${e.authorized ? '' : ' (unauthorized)'}\n`,
				);
			return push(...entries);
		};
	}

	let stopping = false;
	const shutdown = () => {
		if (stopping) return;
		stopping = true;
		emulator.stop().then(
			() => process.exit(0),
			(err) => {
				process.stderr.write(
					`emulator: stop failed: ${err instanceof Error ? err.stack : String(err)}\n`,
				);
				process.exit(1);
			},
		);
	};
	process.on('SIGTERM', shutdown);
	process.on('SIGINT', shutdown);

	process.stdout.write(
		`${JSON.stringify({ url, baseUrls: emulator.baseUrls, keys: emulator.keys, openAi: { baseUrl: emulator.openAi.baseUrl, key: emulator.openAi.key } })}\n`,
	);
}

main().catch((err) => {
	process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
	process.exit(1);
});
