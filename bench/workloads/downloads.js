'use strict';
// f) Get Status with Download Images vs what users chain with n8n's own nodes (HTTP Request status
// -> Split Out images -> HTTP Request file) on the same finished covers, the image host answering
// after a delay: wall time, images in flight at once, n8n main's heap after a full GC per round.
const m = require('../measure');
const wfs = require('../workflows-scale');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { fmt, ratio, rowList } = require('../table');

const COVERS = Number(process.env.BENCH_DOWNLOAD_COVERS || 200);
const IMAGE_DELAY_MS = 40;
const ROUNDS = Number(process.env.BENCH_DOWNLOAD_ROUNDS || 3);

const workflows = { httpChain: wfs.httpChainDownload, getStatusDownload: wfs.getStatusDownload };

/** The binary files an execution's last downloading node handed on. */
function filesOut(execution, nodeName) {
	return nodeOutputOfAllRuns(execution, nodeName).reduce(
		(n, item) => n + Object.keys(item.binary ?? {}).length,
		0,
	);
}

async function run(bench) {
	const { emulator } = bench;
	await emulator.reset();
	await emulator.configure({ kieRateLimit: { max: 100 * COVERS }, imageDelayMs: IMAGE_DELAY_MS });
	const tag = Date.now().toString(36);
	const covers = await bench.createCovers(
		Array.from({ length: COVERS }, (_, i) => `bench-${tag}-dl-${i}-ready0ms`),
	);
	const once = async (key, lastNode) => {
		await emulator.control('DELETE', 'requests');
		const ex = await bench.run(key, { covers }, 300000);
		const files = filesOut(ex, lastNode);
		if (ex.status !== 'success' || files !== 2 * COVERS)
			throw new Error(`${key}: execution ${ex.status}, ${files}/${2 * COVERS} images`);
		const images = await emulator.control('GET', 'requests?provider=images');
		return { wallMs: m.wallMs(ex), inFlight: m.maxInFlight(images) };
	};
	await once('httpChain', 'Download (HTTP Request)');
	await once('getStatusDownload', 'Read');
	const theirs = [];
	const ours = [];
	const heap = [(await bench.memory()).heapAfterGcMb];
	for (let round = 0; round < ROUNDS; round++) {
		theirs.push(await once('httpChain', 'Download (HTTP Request)'));
		ours.push(await once('getStatusDownload', 'Read'));
		heap.push((await bench.memory()).heapAfterGcMb);
	}
	const result = {
		theirsWallMedian: m.median(theirs.map((r) => r.wallMs)) / 1000,
		oursWallMedian: m.median(ours.map((r) => r.wallMs)) / 1000,
		theirsInFlight: m.max(theirs.map((r) => r.inFlight)),
		oursInFlight: m.max(ours.map((r) => r.inFlight)),
		heap,
		heapSlopeMb: m.slope(heap.slice(1)),
		theirs,
		ours,
	};
	bench.log(
		`  downloads: HTTP Request chain ${theirs.map((r) => (r.wallMs / 1000).toFixed(2)).join(' / ')} s ` +
			`(${result.theirsInFlight} images in flight), Get Status + Download ` +
			`${ours.map((r) => (r.wallMs / 1000).toFixed(2)).join(' / ')} s (${result.oursInFlight}); ` +
			`heap after GC ${heap.map((v) => v.toFixed(0)).join(' -> ')} MB`,
	);
	return result;
}

function rows(results) {
	const { rows, row } = rowList();
	const d = results.downloads;
	if (!d) return rows;
	const label = `download images of ${COVERS} covers (host ${IMAGE_DELAY_MS} ms)`;
	row(
		label,
		`wall time (s, median of ${ROUNDS} after a warm-up)`,
		fmt(d.theirsWallMedian),
		fmt(d.oursWallMedian),
		ratio(d.oursWallMedian, d.theirsWallMedian),
	);
	row(label, 'most images in flight at once', String(d.theirsInFlight), String(d.oursInFlight));
	row(
		label,
		`n8n heap after a full GC, before and after each round (MB)`,
		'',
		d.heap.map((v) => fmt(v, 1)).join(' / '),
	);
	row(label, 'heap trend (MB per round)', '', fmt(d.heapSlopeMb, 2));
	return rows;
}

const method = `- Downloads: ${COVERS} finished kie.ai covers (2 images each), the emulator's image host answering
  ${IMAGE_DELAY_MS} ms after each request (\`imageDelayMs\`). Theirs: HTTP Request status read (Header Auth
  credential) -> Split Out \`data.response.images\` -> HTTP Request (response format File). Ours: Get Status
  with Download Images. The emulator keeps the images it drew (a file host serves stored files).
  Wall time = the execution's start to end, median of ${ROUNDS} alternating rounds after
  one warm-up each; in flight = the most image requests open at once in the emulator's log (arrival to
  answer); heap = n8n main's heap used after a forced full GC before the rounds and after each.`;

module.exports = { name: 'downloads', workflows, run, rows, method };
