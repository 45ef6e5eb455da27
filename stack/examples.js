'use strict';
// Turns the user-facing example workflows (examples/*.json) into the variants the end-to-end suite
// and the demo import: credentials bound, the provider chosen, and (for unattended runs) the Manual
// Trigger swapped for a production Webhook so a run can be started over HTTP in every mode.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const providers = require('./providers');

const EXAMPLES = path.resolve(__dirname, '..', 'examples');
const MUSIC_COVER = 'n8n-nodes-music-cover.musicCover';
const MUSIC_COVER_TRIGGER = 'n8n-nodes-music-cover.musicCoverTrigger';
const HTTP_REQUEST = 'n8n-nodes-base.httpRequest';
const CODE = 'n8n-nodes-base.code';

function loadExample(name) {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${name}.json`), 'utf8'));
}

const clone = (o) => JSON.parse(JSON.stringify(o));

function node(wf, name) {
	const n = wf.nodes.find((x) => x.name === name);
	if (!n) throw new Error(`workflow "${wf.name}" has no node "${name}"`);
	return n;
}

/**
 * Points every node's credentials at real ones. creds: { kieAiApi: { id, name }, ... }.
 * With `provider`, Music Cover nodes are switched to that provider and its credential type.
 */
function bind(template, { creds, provider, name }) {
	const wf = clone(template);
	if (name) wf.name = name;
	for (const n of wf.nodes) {
		if (provider && n.type === MUSIC_COVER) {
			n.parameters.provider = provider;
			n.credentials = { [providers.provider(provider).credentialType]: {} };
		}
		for (const type of Object.keys(n.credentials || {})) {
			const c = creds[type];
			if (!c) throw new Error(`no credential of type ${type} for node "${n.name}"`);
			n.credentials[type] = { id: String(c.id), name: c.name };
		}
	}
	return wf;
}

/**
 * Replaces the node `startName` (a Manual Trigger) by a Webhook node with the same name answering
 * with the last node's items, so `POST /webhook/<webhookPath>` runs the workflow.
 */
function webhookStart(wf, { startName = 'Start', webhookPath, responseMode = 'lastNode' }) {
	const start = node(wf, startName);
	Object.assign(start, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'allEntries' } : {}),
			options: {},
		},
	});
	return wf;
}

/** Inserts node `newNode` between `from` and every node `from` fed. */
function insertAfter(wf, from, newNode) {
	wf.nodes.push(newNode);
	const outs = wf.connections[from] ?? { main: [[]] };
	wf.connections[newNode.name] = outs;
	wf.connections[from] = { main: [[{ node: newNode.name, type: 'main', index: 0 }]] };
	return wf;
}

/** Sets a Set-node (v3.3+) field to a value or expression. */
function setField(wf, nodeName, field, value) {
	const n = node(wf, nodeName);
	const a = n.parameters.assignments.assignments.find((x) => x.name === field);
	if (!a) throw new Error(`node "${nodeName}" sets no field "${field}"`);
	a.value = value;
	return wf;
}

const COVER_TO_FILES_NODES = ['Generate cover', 'Wait for cover', 'Write cover files'];

/** The request's `body.<field>` (an array) as one item per element, with n8n's Split Out node. */
function splitRequestField(wf, field, name) {
	return insertAfter(wf, 'Start', {
		parameters: { fieldToSplitOut: `body.${field}`, options: {} },
		id: crypto.randomUUID(),
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [110, 200],
	});
}

/**
 * examples/cover-to-files.json made runnable over HTTP: started by POST /webhook/<webhookPath> with
 * { tracks: [{ musicTaskId, outputFolder }] } (one item per track) instead of the Manual Trigger.
 */
function coverToFilesVariant(template, { provider, creds, webhookPath, continueOnFail = false }) {
	const wf = bind(template, { creds, provider, name: `${webhookPath} (started over HTTP)` });
	webhookStart(wf, { webhookPath });
	splitRequestField(wf, 'tracks', 'Tracks from the request');
	setField(wf, 'Track', 'musicTaskId', '={{ $json.musicTaskId }}');
	setField(wf, 'Track', 'outputFolder', '={{ $json.outputFolder }}');
	if (continueOnFail)
		for (const name of COVER_TO_FILES_NODES) node(wf, name).onError = 'continueRegularOutput';
	return wf;
}

/** kie.ai's public API, which the examples' HTTP Request nodes call (its music generation). */
const KIE_API = 'https://api.kie.ai';

/** Points the HTTP Request nodes that call kie.ai at `kieBaseUrl` (the emulator's kie.ai). */
function kieRequestsTo(wf, kieBaseUrl) {
	for (const n of wf.nodes)
		if (n.type === HTTP_REQUEST && String(n.parameters.url).startsWith(KIE_API))
			n.parameters.url = `${kieBaseUrl}${n.parameters.url.slice(KIE_API.length)}`;
	return wf;
}

/**
 * examples/music-to-upload.json made runnable over HTTP: POST /webhook/<webhookPath> with
 * { prompt, outputFolder }; kie.ai's music API at `kieBaseUrl`; the music checked every
 * `waitSeconds` instead of 20 s. creds must hold the Header Auth credential (httpHeaderAuth).
 */
function musicToUploadVariant(template, { creds, kieBaseUrl, webhookPath, waitSeconds = 1 }) {
	const wf = bind(template, { creds, name: `${webhookPath} (started over HTTP)` });
	webhookStart(wf, { webhookPath });
	setField(wf, 'Song', 'prompt', '={{ $json.body.prompt }}');
	setField(wf, 'Song', 'outputFolder', '={{ $json.body.outputFolder }}');
	node(wf, 'Wait for music').parameters.amount = waitSeconds;
	return kieRequestsTo(wf, kieBaseUrl);
}

/**
 * examples/credits-before-batch.json made runnable over HTTP: POST /webhook/<webhookPath> with
 * { musicTaskIds: [...] } as the batch.
 */
function creditsBeforeBatchVariant(template, { creds, webhookPath }) {
	const wf = bind(template, { creds, name: `${webhookPath} (started over HTTP)` });
	webhookStart(wf, { webhookPath });
	setField(wf, 'Batch', 'musicTaskIds', "={{ $('Start').first().json.body.musicTaskIds }}");
	return wf;
}

module.exports = {
	coverToFilesVariant,
	musicToUploadVariant,
	creditsBeforeBatchVariant,
	kieRequestsTo,
	CODE,
	EXAMPLES,
	MUSIC_COVER,
	MUSIC_COVER_TRIGGER,
	loadExample,
	clone,
	node,
	bind,
	webhookStart,
	insertAfter,
	setField,
};
