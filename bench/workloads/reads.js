'use strict';
// c) n8n's HTTP Request node (with a Header Auth credential, and in its fastest form: the key in a
// header parameter) vs Get Status on the same finished covers.
const m = require('../measure');
const wf = require('../workflows');
const { httpStatusReadHeaderKey } = require('../workflows-scale');
const { nodeOutputOfAllRuns } = require('../../stack/n8n');
const { fmt, ratio, rowList } = require('../table');

const STATUS_ITEMS = 1000;

const workflows = {
	httpRead: wf.httpStatusRead,
	httpReadHeaderKey: httpStatusReadHeaderKey,
	getStatus: wf.getStatusRead,
};

async function run(bench) {
	const { emulator } = bench;
	await emulator.reset();
	await emulator.configure({ kieRateLimit: { max: 100 * STATUS_ITEMS } });
	const tag = Date.now().toString(36);
	const covers = await bench.createCovers(
		Array.from({ length: STATUS_ITEMS }, (_, i) => `bench-${tag}-read-${i}-ready0ms`),
	);
	const once = async (key) => {
		const ex = await bench.run(key, { covers }, 120000);
		const items = nodeOutputOfAllRuns(ex, 'Read');
		const done = items.filter(
			(i) => i.json.status === 'success' || i.json.data?.successFlag === 1,
		).length;
		if (ex.status !== 'success' || done !== STATUS_ITEMS)
			throw new Error(
				`${key}: execution ${ex.status}, ${done}/${STATUS_ITEMS} covers read as done`,
			);
		return m.nodeTime(ex, 'Read') / STATUS_ITEMS;
	};
	await once('httpRead');
	await once('httpReadHeaderKey');
	await once('getStatus');
	const http = [];
	const httpHeaderKey = [];
	const ours = [];
	for (let round = 0; round < 3; round++) {
		http.push(await once('httpRead'));
		httpHeaderKey.push(await once('httpReadHeaderKey'));
		ours.push(await once('getStatus'));
	}
	const result = {
		http,
		httpHeaderKey,
		ours,
		httpMedian: m.median(http),
		httpHeaderKeyMedian: m.median(httpHeaderKey),
		oursMedian: m.median(ours),
	};
	const ms = (values) => values.map((v) => v.toFixed(2)).join(' / ');
	bench.log(
		`  reads: HTTP Request ${ms(http)} ms per item, with the key in a header parameter ` +
			`${ms(httpHeaderKey)}, Get Status ${ms(ours)}`,
	);
	return result;
}

function rows(results) {
	const { rows, row } = rowList();
	const r = results.reads;
	if (!r) return rows;
	row(
		`Get Status vs HTTP Request, ${STATUS_ITEMS} items`,
		'ms per item (median of 3 after a warm-up)',
		fmt(r.httpMedian, 3),
		fmt(r.oursMedian, 3),
		ratio(r.oursMedian, r.httpMedian),
	);
	if (r.httpHeaderKeyMedian !== undefined)
		row(
			`Get Status vs HTTP Request with the key in a header parameter, ${STATUS_ITEMS} items`,
			'ms per item (median of 3 after a warm-up)',
			fmt(r.httpHeaderKeyMedian, 3),
			fmt(r.oursMedian, 3),
			ratio(r.oursMedian, r.httpHeaderKeyMedian),
		);
	return rows;
}

const method = `- Get Status: node execution time / ${STATUS_ITEMS}, median of 3 alternating runs after one warm-up each;
  theirs is the HTTP Request node with a Header Auth credential, and (second row) with the key in a
  header parameter, no credential to decrypt (its fastest form).`;

module.exports = { name: 'reads', workflows, run, rows, method };
