'use strict';
// e) n8n's heap after each of several rounds of covers downloaded as binary data.
const wf = require('../workflows');
const m = require('../measure');
const proc = require('../../stack/proc');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { fmt, rowList } = require('../table');

const HEAP_ROUNDS = 5;
const HEAP_ITEMS = 500;

const workflows = { download: wf.downloadImages };

async function run(bench) {
	const { emulator } = bench;
	await emulator.reset();
	await emulator.configure({ kieRateLimit: { max: 100 * HEAP_ITEMS } });
	await proc.sleep(2000);
	const rounds = [{ round: 0, ...(await bench.memory()) }];
	for (let round = 1; round <= HEAP_ROUNDS; round++) {
		const tag = Date.now().toString(36);
		const covers = await bench.createCovers(
			Array.from({ length: HEAP_ITEMS }, (_, i) => `bench-${tag}-heap-${i}-ready0ms`),
		);
		const ex = await bench.run('download', { covers }, 180000);
		const images = nodeOutputOfAllRuns(ex, 'Download').reduce(
			(n, item) => n + Object.keys(item.binary ?? {}).length,
			0,
		);
		if (ex.status !== 'success' || images !== 2 * HEAP_ITEMS)
			throw new Error(`download round ${round}: ${ex.status}, ${images} images`);
		// Emulator logs are the bench's, not n8n's; keep the emulator small between rounds.
		await emulator.control('DELETE', 'requests');
		await proc.sleep(3000);
		rounds.push({ round, ...(await bench.memory()) });
	}
	// The trend is taken over the rounds (not round 0): the first round also loads code and caches.
	const after = rounds.slice(1);
	const result = {
		rounds,
		heapAfterGcSlopeMb: m.slope(after.map((r) => r.heapAfterGcMb)),
		heapSlopeMb: m.slope(after.map((r) => r.heapMb)),
		rssSlopeMb: m.slope(after.map((r) => r.rssMb)),
	};
	bench.log(
		`  heap after a full GC: ${rounds.map((r) => r.heapAfterGcMb.toFixed(0)).join(' -> ')} MB, ` +
			`trend ${result.heapAfterGcSlopeMb.toFixed(1)} MB per round`,
	);
	return result;
}

function rows(results) {
	const { rows, row } = rowList();
	const h = results.heap;
	if (!h) return rows;
	const label = `heap, ${HEAP_ROUNDS} rounds of ${HEAP_ITEMS} downloads`;
	const series = (key, digits = 0) => h.rounds.map((r) => fmt(r[key], digits)).join(' / ');
	row(label, 'heap used after a full GC, rounds 0-5 (MB)', '', series('heapAfterGcMb', 1));
	row(label, 'trend after a full GC (MB per round, rounds 1-5)', '', fmt(h.heapAfterGcSlopeMb, 2));
	row(label, 'heap used as /metrics shows it, no GC (MB)', '', series('heapMb'));
	row(label, 'RSS (MB)', '', series('rssMb'));
	return rows;
}

const method = `- Heap: n8n main's heap used after a forced full garbage collection (through its inspector on
  127.0.0.1), 3 s after each round of Wait for Completion with Download Images on ${HEAP_ITEMS} finished
  covers (2 images each); round 0 is before the first; the trend is the least-squares slope over
  rounds 1-5. \`/metrics\` (N8N_METRICS=true) values are shown for reference.`;

module.exports = { name: 'heap', workflows, run, rows, method };
