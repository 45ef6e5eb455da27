'use strict';
// Where a benchmark run's table goes: bench/results.md (with how each number is measured) and, for
// a full run at n8n's defaults, the README's Benchmarks section between its two markers.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const proc = require('../stack/proc');
const { VERSIONS } = require('../stack');
const { markdownTable } = require('./table');

const REPO = path.resolve(__dirname, '..');
const README_START = '<!-- bench-table:start (written by npm run bench) -->';
const README_END = '<!-- bench-table:end -->';

/** The commit measured: taken before the run writes its results into the tree. */
async function gitDescribe() {
	const res = await proc.run('git', ['-C', REPO, 'describe', '--always', '--dirty=+changes'], {
		timeoutMs: 10000,
	});
	return res.code === 0 ? res.stdout.trim() : 'unknown (not a git checkout)';
}

function runLine({ commit, startedAt, totalSeconds }) {
	const settings = process.env.BENCH_N8N_ENV ? `, n8n settings ${process.env.BENCH_N8N_ENV}` : '';
	return `Latest full run: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}, n8n ${VERSIONS[2]} (regular mode, SQLite${settings}), ${os.cpus().length} CPUs, ${Math.round(totalSeconds)} s.`;
}

/** The repository's lint checks every Markdown file's formatting. */
async function prettier(file) {
	await proc.run(path.join(REPO, 'node_modules', '.bin', 'prettier'), ['--write', file], {
		timeoutMs: 60000,
	});
}

/** Writes bench/results.md: the run, the table, and `methods` (each workload's measuring notes). */
async function writeResults({ rows, commit, startedAt, totalSeconds, only, methods }) {
	const md = `# Benchmark results

${runLine({ commit, startedAt, totalSeconds })} Workloads: ${[...only].join(', ')}.
Reproduce: \`npm run bench\` (see the README's Benchmarks section).

${markdownTable(rows)}

How it was measured (one n8n, one run, against the provider emulator \`test/emulator\`):

- Theirs: n8n's own nodes doing the same job in the same n8n. The loop is HTTP Request generate ->
  Wait 5 s -> HTTP Request status -> IF successFlag = 1, false branch back to the Wait. For the
  callback rows the reference is the same run's loop.
${methods.join('\n')}
`;
	const file = path.join(REPO, 'bench', 'results.md');
	fs.writeFileSync(file, md);
	await prettier(file);
}

/** Puts a full run's table in the README's Benchmarks section, between its two markers. */
async function updateReadme({ rows, commit, startedAt, totalSeconds }, log) {
	const file = path.join(REPO, 'README.md');
	const text = fs.readFileSync(file, 'utf8');
	const start = text.indexOf(README_START);
	const end = text.indexOf(README_END);
	if (start < 0 || end < start) {
		log(`  (README.md has no ${README_START} ... ${README_END} markers: table not copied)`);
		return;
	}
	const block = `${README_START}\n\n${runLine({ commit, startedAt, totalSeconds })}\n\n${markdownTable(rows)}\n\n`;
	fs.writeFileSync(file, text.slice(0, start) + block + text.slice(end));
	await prettier(file);
}

module.exports = { gitDescribe, writeResults, updateReadme };
