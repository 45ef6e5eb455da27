'use strict';
// The queue-mode targets run on PostgreSQL: n8n's executions must be rows in the target's own
// PostgreSQL (not in a SQLite file n8n fell back to). Regular targets stay on SQLite.
const fs = require('node:fs');
const path = require('node:path');
const { ok, equal } = require('../lib/check');
const proc = require('../../../stack/proc');
const { pgBinDir } = require('../../../stack/postgres');

module.exports = async function database({ stack, check }) {
	const { n8n } = stack;
	const sqliteFile = path.join(stack.home, '.n8n', 'database.sqlite');
	if (!stack.postgres) {
		await check('database: SQLite in the user folder', async () => {
			ok(fs.existsSync(sqliteFile), `no ${sqliteFile}`);
		});
		return;
	}
	await check(
		"database: n8n's workflows and executions are rows in the target's PostgreSQL, no SQLite file",
		async () => {
			const env = stack.postgres.env;
			const sql = async (query) => {
				const res = await proc.run(
					path.join(pgBinDir(), 'psql'),
					[
						'-h',
						env.DB_POSTGRESDB_HOST,
						'-p',
						env.DB_POSTGRESDB_PORT,
						'-U',
						env.DB_POSTGRESDB_USER,
						'-d',
						env.DB_POSTGRESDB_DATABASE,
						'-tAc',
						query,
					],
					{ env: { ...process.env, PGPASSWORD: env.DB_POSTGRESDB_PASSWORD } },
				);
				if (res.code !== 0) throw new Error(`psql: ${res.stderr}`);
				return res.stdout.trim();
			};
			const workflows = (await n8n.api('GET', '/workflows?limit=250')).data;
			ok(workflows.length > 0, 'no workflows to compare');
			const ids = (await sql('select id from workflow_entity order by id')).split('\n');
			equal(
				ids,
				workflows.map((w) => String(w.id)).sort(),
				'workflow ids in PostgreSQL vs the public API',
			);
			const executions = Number(await sql('select count(*) from execution_entity'));
			ok(!fs.existsSync(sqliteFile), `n8n also wrote ${sqliteFile}`);
			return `PostgreSQL ${(await sql('show server_version')).split(' ')[0]} on 127.0.0.1:${env.DB_POSTGRESDB_PORT}: ${ids.length} workflows, ${executions} executions`;
		},
	);
};
