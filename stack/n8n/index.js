'use strict';
// A real n8n under test, one concern a file: process.js (main and worker processes), api.js (REST
// and public API, webhooks), executions.js (starting, listing, waiting for executions; the N8n
// class), runData.js (reading an execution's node runs), install.js (n8n lines, the package).
const { N8n } = require('./executions');
const { OWNER } = require('./api');

module.exports = {
	N8n,
	OWNER,
	...require('./runData'),
	...require('./install'),
};
