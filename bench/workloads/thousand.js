'use strict';
// g) A thousand kie.ai tracks through one Generate with Poll Until Done and Download Images, under
// kie.ai's 20 creates per 10 s, in regular mode (the bench's n8n, binary data on disk) and in
// queue mode (main + 1 worker on PostgreSQL, n8n 2.x's default binary mode there: the database):
// items lost, wall time vs the minimum the limit imposes, memory before and after.
const m = require('../measure');
const proc = require('../../stack/proc');
const { generatePollDownload } = require('../workflows-scale');
const { openQueueBench } = require('../bench');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { fmt, overMinimum, rowList } = require('../table');

const TRACKS = Number(process.env.BENCH_THOUSAND_TRACKS || 1000);
const MODES = (process.env.BENCH_THOUSAND_MODES || 'regular,queue').split(',');
// Each cover's generation time (the emulator's ready<N>ms), and the image host's latency.
const READY_MS = 30000;
const IMAGE_DELAY_MS = 40;
// kie.ai: 20 creates per 10 s; the last window opens (ceil(n / 20) - 1) x 10 s after the first,
// and its covers are ready READY_MS later.
const MINIMUM_SECONDS = (Math.ceil(TRACKS / 20) - 1) * 10 + READY_MS / 1000;

const workflows = { thousand: generatePollDownload };

/** Memory of main (and in queue mode of the worker) after a full GC. */
async function memoryOf(bench, queue) {
	const out = { main: await bench.memory('main') };
	if (queue) out.worker = await bench.memory('worker');
	return out;
}

async function runMode(bench, queue) {
	const { emulator } = bench;
	await emulator.reset();
	await emulator.configure({ imageDelayMs: IMAGE_DELAY_MS });
	await proc.sleep(2000);
	const before = await memoryOf(bench, queue);
	const tag = Date.now().toString(36);
	const tracks = Array.from({ length: TRACKS }, (_, i) => `bench-${tag}-k-${i}-ready${READY_MS}ms`);
	const ex = await bench.run('thousand', { tracks }, (MINIMUM_SECONDS * 3 + 300) * 1000);
	const items = nodeOutputOfAllRuns(ex, 'Generate');
	const complete = items.filter(
		(i) => i.json.status === 'success' && Object.keys(i.binary ?? {}).length === 2,
	).length;
	const generates = await emulator.control('GET', 'requests?provider=kieAi&endpoint=generate');
	const tasks = await emulator.control('GET', 'tasks?provider=kieAi');
	await emulator.control('DELETE', 'requests');
	await proc.sleep(3000);
	const after = await memoryOf(bench, queue);
	const result = {
		status: ex.status,
		items: items.length,
		lost: TRACKS - complete,
		created: tasks.length,
		refused: generates.filter((r) => r.answer?.code === 429).length,
		wallSeconds: m.wallMs(ex) / 1000,
		before,
		after,
	};
	const mem = (role) =>
		`${role} heap ${before[role].heapAfterGcMb.toFixed(0)} -> ${after[role].heapAfterGcMb.toFixed(0)} MB, ` +
		`RSS ${before[role].rssAfterGcMb.toFixed(0)} -> ${after[role].rssAfterGcMb.toFixed(0)} MB`;
	bench.log(
		`  thousand (${queue ? 'queue' : 'regular'}): ${complete}/${TRACKS} covers with both images, ` +
			`${result.refused} creates refused, wall ${result.wallSeconds.toFixed(1)} s ` +
			`(minimum ${MINIMUM_SECONDS} s); ${mem('main')}${queue ? `; ${mem('worker')}` : ''}`,
	);
	return result;
}

async function run(bench, opts) {
	const result = {};
	if (MODES.includes('regular')) result.regular = await runMode(bench, false);
	if (MODES.includes('queue')) {
		const queueBench = await openQueueBench(opts, 'thousand-queue', workflows, { workers: 1 });
		try {
			result.queue = await runMode(queueBench, true);
		} finally {
			await queueBench.stack.stop();
		}
	}
	return result;
}

function rows(results) {
	const { rows, row } = rowList();
	for (const [mode, r] of Object.entries(results.thousand ?? {})) {
		const label = `${TRACKS} kie.ai tracks, Poll Until Done + Download, ${mode} mode`;
		row(label, `items lost (of ${TRACKS})`, '', String(r.lost));
		row(label, 'creates refused (429)', '', String(r.refused));
		const [metric, ...cells] = overMinimum(MINIMUM_SECONDS, r.wallSeconds);
		row(label, `wall ${metric}`, ...cells);
		for (const role of Object.keys(r.before)) {
			const growth = (key) => ((r.after[role][key] - r.before[role][key]) * 1000) / TRACKS;
			row(
				label,
				`${role}: heap after a full GC before / after (MB); growth per 1,000 items`,
				'',
				`${fmt(r.before[role].heapAfterGcMb, 1)} / ${fmt(r.after[role].heapAfterGcMb, 1)}; ${fmt(growth('heapAfterGcMb'), 1)}`,
			);
			row(
				label,
				`${role}: RSS before / after (MB); growth per 1,000 items`,
				'',
				`${fmt(r.before[role].rssAfterGcMb, 0)} / ${fmt(r.after[role].rssAfterGcMb, 0)}; ${fmt(growth('rssAfterGcMb'), 0)}`,
			);
		}
	}
	return rows;
}

const method = `- Thousand: ${TRACKS} kie.ai tracks in one Generate (Poll Until Done, Download Images, timeout 1 h),
  each cover ready ${READY_MS / 1000} s after its create, images served ${IMAGE_DELAY_MS} ms after the request;
  minimum = (ceil(${TRACKS} / 20) - 1) x 10 s + ${READY_MS / 1000} s = ${MINIMUM_SECONDS} s; lost = tracks without a
  successful item carrying both images; memory = heap used and RSS after a forced full GC (inspector)
  before the run and 3 s after it, of main (regular mode) and of main and the worker (queue mode: main +
  1 worker on PostgreSQL and Redis).`;

module.exports = { name: 'thousand', workflows, run, rows, method };
