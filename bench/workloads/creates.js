'use strict';
// d) Many kie.ai creates in one Generate under kie.ai's 20 per 10 s.
const wf = require('../workflows');
const m = require('../measure');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { overMinimum, rowList } = require('../table');

const CREATES = 200;
// kie.ai: 20 creates per 10 s; 200 creates need 10 windows, the last opening 90 s after the first.
const CREATE_MINIMUM_SECONDS = 90;

const workflows = { creates: wf.generateMany };

async function run(bench) {
	const { emulator } = bench;
	await emulator.reset();
	const tag = Date.now().toString(36);
	const tracks = Array.from({ length: CREATES }, (_, i) => `bench-${tag}-create-${i}`);
	const ex = await bench.run('creates', { tracks }, 400000);
	const items = nodeOutputOfAllRuns(ex, 'Generate');
	const generates = await emulator.control('GET', 'requests?provider=kieAi&endpoint=generate');
	const tasks = await emulator.control('GET', 'tasks?provider=kieAi');
	const result = {
		status: ex.status,
		items: items.length,
		errorItems: items.filter((i) => i.json.error !== undefined || !i.json.coverTaskId).length,
		rejected: generates.filter((r) => r.answer?.code === 429).length,
		requests: generates.length,
		created: tasks.length,
		seconds: m.nodeTime(ex, 'Generate') / 1000,
	};
	result.overMinimum = result.seconds / CREATE_MINIMUM_SECONDS;
	bench.log(
		`  creates: ${result.created} covers created, ${result.rejected} creates refused (429), ` +
			`${result.errorItems} error items, Generate took ${result.seconds.toFixed(1)} s`,
	);
	return result;
}

function rows(results) {
	const { rows, row } = rowList();
	const c = results.creates;
	if (!c) return rows;
	const label = `${CREATES} kie.ai creates (20 per 10 s)`;
	row(label, 'creates refused (429)', '', String(c.rejected));
	row(label, 'error items', '', String(c.errorItems));
	row(label, 'covers created', '', String(c.created));
	const [metric, ...cells] = overMinimum(CREATE_MINIMUM_SECONDS, c.seconds);
	row(label, `Generate ${metric}`, ...cells);
	return rows;
}

const method = `- Creates: one Generate (Don't Wait, Continue On Fail) with ${CREATES} items, kie.ai's 20 per 10 s enforced;
  refused = 429s the emulator answered; minimum = ${CREATE_MINIMUM_SECONDS} s (the 10th window opens then).`;

module.exports = { name: 'creates', workflows, run, rows, method };
