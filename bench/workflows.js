'use strict';
// The workflows the benchmark imports: n8n's own nodes (the hand-built loop, a plain HTTP Request
// status read) and the Music Cover node doing the same jobs. Each starts with a production Webhook
// (answering at once), so a run is started over HTTP and several can run side by side.
const crypto = require('node:crypto');

const MUSIC_COVER = 'n8n-nodes-music-cover.musicCover';
const KIE_GENERATE = '/api/v1/suno/cover/generate';
const KIE_STATUS = '/api/v1/suno/cover/record-info';
// kie.ai requires a callBackUrl on every create; the loop and noWait runs do not listen to it.
const UNUSED_CALLBACK = 'https://example.invalid/no-callback';

let x = 0;
const position = () => [(x += 220), 0];

function webhook(path) {
	return {
		id: crypto.randomUUID(),
		name: 'Start',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		position: position(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

/** Split Out of a list field of each item into one item per entry, as `{ [as]: entry }`. */
function splitOut(name, field, as) {
	return {
		id: crypto.randomUUID(),
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: position(),
		parameters: {
			fieldToSplitOut: field,
			include: 'noOtherFields',
			options: { destinationFieldName: as },
		},
	};
}

/**
 * One item per entry of the request body's `field` list, as `{ [as]: entry }`. Split Out runs in
 * n8n's process (a Code node would go through the task runner, which a loaded machine slows).
 */
const itemsFromBody = (field, as) => splitOut('Items', `body.${field}`, as);

function noOp(name) {
	return {
		id: crypto.randomUUID(),
		name,
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: position(),
		parameters: {},
	};
}

function musicCover(name, parameters, creds, extra = {}) {
	return {
		id: crypto.randomUUID(),
		name,
		type: MUSIC_COVER,
		typeVersion: 1.1,
		position: position(),
		parameters: { provider: 'kieAi', options: {}, ...parameters },
		credentials: { kieAiApi: creds.kieAiApi },
		...extra,
	};
}

/** An HTTP Request node (v4.2) with the kie.ai key as a Header Auth credential. */
function httpRequest(name, { method, url, query, jsonBody }, headerAuth) {
	const parameters = {
		method,
		url,
		authentication: 'genericCredentialType',
		genericAuthType: 'httpHeaderAuth',
		sendHeaders: true,
		// kie.ai's Cloudflare front refuses requests without a User-Agent.
		headerParameters: { parameters: [{ name: 'User-Agent', value: 'n8n-hand-built-loop' }] },
		options: {},
	};
	if (query) {
		parameters.sendQuery = true;
		parameters.queryParameters = { parameters: query };
	}
	if (jsonBody) Object.assign(parameters, { sendBody: true, specifyBody: 'json', jsonBody });
	return {
		id: crypto.randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: position(),
		parameters,
		credentials: { httpHeaderAuth: headerAuth },
	};
}

const link = (node) => ({ node, type: 'main', index: 0 });

function straight(name, nodes) {
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++)
		connections[nodes[i].name] = { main: [[link(nodes[i + 1].name)]] };
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/**
 * The loop users build by hand: HTTP Request generate -> Wait 5 s -> HTTP Request status -> IF
 * successFlag is 1; the false branch goes back to the Wait. Body: { tracks: [musicTaskId] }.
 */
function handBuiltLoop(path, { kieBaseUrl, headerAuth }) {
	const nodes = [
		webhook(path),
		itemsFromBody('tracks', 'musicTaskId'),
		httpRequest(
			'Generate (HTTP Request)',
			{
				method: 'POST',
				url: `${kieBaseUrl}${KIE_GENERATE}`,
				jsonBody: `={{ JSON.stringify({ taskId: $json.musicTaskId, callBackUrl: '${UNUSED_CALLBACK}' }) }}`,
			},
			headerAuth,
		),
		{
			id: crypto.randomUUID(),
			name: 'Wait 5 s',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: position(),
			webhookId: crypto.randomUUID(),
			parameters: { resume: 'timeInterval', amount: 5, unit: 'seconds' },
		},
		// The generate answer and the status answer both carry the cover id in data.taskId.
		httpStatusNode({ kieBaseUrl, headerAuth }, 'Status (HTTP Request)', '={{ $json.data.taskId }}'),
		{
			id: crypto.randomUUID(),
			name: 'Done?',
			type: 'n8n-nodes-base.if',
			typeVersion: 2.2,
			position: position(),
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
					conditions: [
						{
							id: crypto.randomUUID(),
							leftValue: '={{ $json.data.successFlag }}',
							rightValue: 1,
							operator: { type: 'number', operation: 'equals' },
						},
					],
					combinator: 'and',
				},
				looseTypeValidation: true,
				options: {},
			},
		},
		noOp('Covers ready'),
	];
	const wf = straight(`bench ${path}`, nodes.slice(0, 6));
	wf.nodes.push(nodes[6]);
	wf.connections['Done?'] = { main: [[link('Covers ready')], [link('Wait 5 s')]] };
	return wf;
}

/** Generate (Don't Wait) -> Wait for Completion at default options. Body: { tracks }. */
function generateThenWait(path, { creds }) {
	return pipeline(
		path,
		'tracks',
		[
			generateNode(creds, 'noWait'),
			musicCover(
				'Wait for Completion',
				{ operation: 'waitForCompletion', coverTaskId: '={{ $json.coverTaskId }}' },
				creds,
			),
		],
		'Covers ready',
	);
}

/**
 * Webhook -> one item per entry of the body's `covers` (as coverTaskId) or `tracks` (as
 * musicTaskId) -> `nodes` -> No Op `last`.
 */
function pipeline(path, list, nodes, last = 'Done') {
	const as = list === 'covers' ? 'coverTaskId' : 'musicTaskId';
	return straight(`bench ${path}`, [webhook(path), itemsFromBody(list, as), ...nodes, noOp(last)]);
}

/** Music Cover Generate of each item's musicTaskId in `waitMode`. */
const generateNode = (creds, waitMode, options = {}, extra = {}) =>
	musicCover(
		'Generate',
		{ operation: 'generate', musicTaskId: '={{ $json.musicTaskId }}', waitMode, options },
		creds,
		extra,
	);

/** n8n's HTTP Request node reading kie.ai's status of the cover `taskId` (default the item's coverTaskId). */
function httpStatusNode(
	{ kieBaseUrl, headerAuth },
	name = 'Read',
	taskId = '={{ $json.coverTaskId }}',
) {
	const query = [{ name: 'taskId', value: taskId }];
	return httpRequest(name, { method: 'GET', url: `${kieBaseUrl}${KIE_STATUS}`, query }, headerAuth);
}

/** Generate with Wait for Callback at default options. Body: { tracks }. */
function generateWithCallback(path, { creds }) {
	return pipeline(
		path,
		'tracks',
		[generateNode(creds, 'callback', {}, { webhookId: crypto.randomUUID() })],
		'Covers ready',
	);
}

/** n8n's HTTP Request node reading kie.ai's status of each cover. Body: { covers: [coverTaskId] }. */
function httpStatusRead(path, ctx) {
	return pipeline(path, 'covers', [httpStatusNode(ctx)]);
}

/** Music Cover Get Status (with `options`) on each cover. Body: { covers }. */
function getStatusRead(path, { creds }, options = {}) {
	return pipeline(path, 'covers', [
		musicCover(
			'Read',
			{ operation: 'getStatus', coverTaskId: '={{ $json.coverTaskId }}', options },
			creds,
		),
	]);
}

/** Generate (Don't Wait) with Continue On Fail: every create's outcome is an item. Body: { tracks }. */
function generateMany(path, { creds }) {
	return pipeline(path, 'tracks', [
		generateNode(creds, 'noWait', {}, { onError: 'continueRegularOutput' }),
	]);
}

/** Wait for Completion with Download Images on finished covers. Body: { covers }. */
function downloadImages(path, { creds }) {
	return pipeline(path, 'covers', [
		musicCover(
			'Download',
			{
				operation: 'waitForCompletion',
				coverTaskId: '={{ $json.coverTaskId }}',
				options: { download: true },
			},
			creds,
		),
	]);
}

module.exports = {
	// The building blocks, for bench/workflows-scale.js.
	pipeline,
	splitOut,
	generateNode,
	httpStatusNode,
	position,
	KIE_STATUS,
	handBuiltLoop,
	generateThenWait,
	generateWithCallback,
	httpStatusRead,
	getStatusRead,
	generateMany,
	downloadImages,
};
