'use strict';
// The benchmark's table: rows of [workload, metric, theirs, ours, ours / theirs], the cells'
// number format, and the table as Markdown (results.md, README) and as text (the console).

const fmt = (value, digits = 2) =>
	value === undefined || Number.isNaN(value) ? 'n/a' : Number(value).toFixed(digits);
const ratio = (ours, theirs) =>
	Number.isFinite(ours) && Number.isFinite(theirs) && theirs !== 0
		? `x${(ours / theirs).toFixed(2)}`
		: 'n/a';

/** The cells of a row comparing a time (s) with the minimum a limit imposes. */
const overMinimum = (minimumSeconds, seconds) => [
	'time (s) vs limit-imposed minimum',
	String(minimumSeconds),
	fmt(seconds, 1),
	ratio(seconds, minimumSeconds),
];

/** A list of rows and the function that adds one. */
function rowList() {
	const rows = [];
	const row = (workload, metric, theirs, ours, oursOverTheirs = '') =>
		rows.push([workload, metric, theirs, ours, oursOverTheirs]);
	return { rows, row };
}

function markdownTable(rows) {
	const head = [
		'Workload',
		'Metric',
		"Theirs (n8n's nodes)",
		'Ours (Music Cover)',
		'Ours / theirs',
	];
	const line = (cells) => `| ${cells.join(' | ')} |`;
	return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

function textTable(rows) {
	const head = ['workload', 'metric', 'theirs', 'ours', 'ours/theirs'];
	const all = [head, ...rows];
	const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
	return all.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

module.exports = { fmt, ratio, overMinimum, rowList, markdownTable, textTable };
