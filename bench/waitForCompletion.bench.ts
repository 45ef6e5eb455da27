/**
 * Wait for Completion polls all items of a run in the same rounds. This compares, in one run on
 * one machine, waiting for N covers in one execution against N executions one after another
 * (what a Loop Over Items around a one-item wait does), and prints the ratio of wall time and
 * of status requests, plus the heap growth of downloading the images as binary data.
 */
import { createEmulator } from '../test/emulator';
import { runMusicCover } from '../test/harness/n8nRuntime';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 12);
const READY_AFTER_MS = 1500;

test(`wait for ${ITEMS} covers: one batched run vs ${ITEMS} sequential runs`, async () => {
	const emulator = createEmulator({ readyAfterMs: READY_AFTER_MS });
	await emulator.start();
	const credentials = {
		udioApiProApi: { apiKey: 'udio-test-key', baseUrl: emulator.baseUrls.udioApiPro },
	};
	const parameters = {
		provider: 'udioApiPro',
		operation: 'generate',
		musicTaskId: '={{ $json.musicTaskId }}',
		waitMode: 'poll',
		options: { pollInterval: 1 },
	};
	const statusReads = () =>
		emulator.requests.filter((request) => request.endpoint === 'status').length;
	try {
		let reads = statusReads();
		let started = process.hrtime.bigint();
		const batched = await runMusicCover({
			credentials,
			parameters,
			items: Array.from({ length: ITEMS }, (_, index) => ({
				json: { musicTaskId: `batched-${index}` },
			})),
		});
		const batchedMs = Number(process.hrtime.bigint() - started) / 1e6;
		const batchedReads = statusReads() - reads;

		reads = statusReads();
		started = process.hrtime.bigint();
		const sequential = [];
		for (let index = 0; index < ITEMS; index++) {
			sequential.push(
				await runMusicCover({
					credentials,
					parameters,
					items: [{ json: { musicTaskId: `sequential-${index}` } }],
				}),
			);
		}
		const sequentialMs = Number(process.hrtime.bigint() - started) / 1e6;
		const sequentialReads = statusReads() - reads;

		expect(batched.items.every((item) => item.json.status === 'success')).toBe(true);
		expect(sequential.every((run) => run.items[0].json.status === 'success')).toBe(true);

		global.gc?.();
		const heapBefore = process.memoryUsage().heapUsed;
		const downloaded = await runMusicCover({
			credentials,
			parameters: {
				...parameters,
				operation: 'waitForCompletion',
				coverTaskId: '={{ $json.coverTaskId }}',
				options: { download: true },
			},
			items: batched.items.map((item) => ({ json: item.json })),
		});
		const heapGrowthKb = (process.memoryUsage().heapUsed - heapBefore) / 1024;
		const binaries = downloaded.items.reduce(
			(count, item) => count + Object.keys(item.binary ?? {}).length,
			0,
		);

		console.log(
			[
				`covers: ${ITEMS}, each ready after ${READY_AFTER_MS} ms (emulator), first poll interval 1 s`,
				`batched (one run, all items polled together): ${batchedMs.toFixed(0)} ms, ${batchedReads} status reads`,
				`sequential (${ITEMS} runs of one item):        ${sequentialMs.toFixed(0)} ms, ${sequentialReads} status reads`,
				`ratio sequential/batched: time x${(sequentialMs / batchedMs).toFixed(1)}, requests x${(sequentialReads / batchedReads).toFixed(1)}`,
				`download of ${binaries} images as binary data: heap +${heapGrowthKb.toFixed(0)} KiB`,
			].join('\n'),
		);
	} finally {
		await emulator.stop();
	}
});
