'use strict';
// Secrets: after every other check of the target, no provider API key and no kie.ai signing key
// in any execution's data (public API with includeData, every workflow of the target), any answer
// of a production webhook or of a kie.ai callback, the logs of n8n main, the worker, PostgreSQL and
// Redis, or the suite's console output so far (every earlier target included). Register it last.
const fs = require('node:fs');
const path = require('node:path');
const { ok } = require('../lib/check');
const { capturedOutput, findSecrets } = require('../lib/secrets');
const { PROVIDERS, TRIGGER_PROVIDER } = require('../../../stack/providers');

/** Every item of a paged public-API list. */
async function pages(n8n, pathname, params) {
	const out = [];
	let cursor;
	do {
		const q = new URLSearchParams({ ...params, limit: '100' });
		if (cursor) q.set('cursor', cursor);
		const page = await n8n.api('GET', `${pathname}?${q}`);
		out.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return out;
}

module.exports = async function secrets({ stack, defer }) {
	const { n8n, emulator } = stack;
	defer(
		'secrets: no API key or signing key in execution data, webhook answers, n8n/worker/database logs or the e2e output',
		async () => {
			const keys = Object.fromEntries(
				PROVIDERS.map((p) => [`${p.displayName} API key`, emulator.keys[p.id]]),
			);
			// The emulator signs the callbacks the trigger receives with one key.
			keys[`${TRIGGER_PROVIDER.displayName} webhook signing key`] = emulator.hmacKey;
			const unknown = Object.keys(keys).filter((label) => !keys[label]);
			ok(unknown.length === 0, 'keys the scan cannot look for (the emulator has none)', unknown);
			// The scan itself must see a key where there is one.
			const planted = emulator.keys[PROVIDERS[0].id];
			const control = findSecrets([{ name: 'planted', text: `x Bearer ${planted} y` }], keys);
			ok(control.length === 1, 'the scanner does not find a planted key', control);

			const places = [];
			let executions = 0;
			const names = new Map(
				(await pages(n8n, '/workflows', {})).map((wf) => [String(wf.id), wf.name]),
			);
			// Running ones and those main still tracks as active included (see N8n.allExecutions).
			for (const ex of (await n8n.allExecutions({ includeData: true })).executions) {
				executions++;
				places.push({
					name: `execution ${ex.id} (${names.get(String(ex.workflowId))})`,
					text: JSON.stringify(ex),
				});
			}
			ok(executions > 0, 'no executions to scan');
			const answers = [...n8n.webhookAnswers, ...emulator.callbackAnswers];
			for (const [i, a] of answers.entries())
				places.push({ name: `answer ${i} from ${a.url}`, text: JSON.stringify(a) });
			// The emulator's own log is the provider side (it prints its keys at start): not scanned.
			const logs = fs.readdirSync(stack.logDir).filter((f) => f !== 'emulator.log');
			for (const f of logs)
				places.push({ name: f, text: fs.readFileSync(path.join(stack.logDir, f), 'utf8') });
			places.push({ name: 'e2e output', text: capturedOutput() });

			const found = findSecrets(places, keys);
			ok(
				found.length === 0,
				`${found.length} leak(s)`,
				found.slice(0, 10).map((f) => `${f.secret} in ${f.place} at offset ${f.at}`),
			);
			return `${Object.keys(keys).join(', ')} looked for in ${places.length} places: ${executions} executions with data, ${answers.length} webhook/callback answers, ${logs.length} logs (${logs.join(', ')}), the e2e output (${capturedOutput().length} chars)`;
		},
	);
};
