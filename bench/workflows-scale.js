'use strict';
// The workflows of the downloads, thousand and fleet workloads (the building blocks are
// workflows.js's): n8n's HTTP Request chain that downloads covers' images, the HTTP Request node
// with the key in a header parameter, Generate with Poll Until Done and Download Images.
const crypto = require('node:crypto');
const {
	webhook,
	itemsFromBody,
	noOp,
	musicCover,
	httpRequest,
	straight,
	position,
	KIE_STATUS,
} = require('./workflows');

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
 * What users chain with n8n's own nodes to download finished covers' images: HTTP Request status
 * read (Header Auth credential) -> Split Out data.response.images -> HTTP Request (file) of each
 * image. Body: { covers: [coverTaskId] }.
 */
function httpChainDownload(path, { kieBaseUrl, headerAuth }) {
	const file = {
		id: crypto.randomUUID(),
		name: 'Download (HTTP Request)',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: position(),
		parameters: {
			url: '={{ $json.imageUrl }}',
			options: { response: { response: { responseFormat: 'file' } } },
		},
	};
	return straight(`bench ${path}`, [
		webhook(path),
		itemsFromBody('covers', 'coverTaskId'),
		httpRequest(
			'Read',
			{
				method: 'GET',
				url: `${kieBaseUrl}${KIE_STATUS}`,
				query: [{ name: 'taskId', value: '={{ $json.coverTaskId }}' }],
			},
			headerAuth,
		),
		splitOut('Images', 'data.response.images', 'imageUrl'),
		file,
		noOp('Done'),
	]);
}

/** Get Status with Download Images on each cover. Body: { covers }. */
function getStatusDownload(path, { creds }) {
	return straight(`bench ${path}`, [
		webhook(path),
		itemsFromBody('covers', 'coverTaskId'),
		musicCover(
			'Read',
			{
				operation: 'getStatus',
				coverTaskId: '={{ $json.coverTaskId }}',
				options: { download: true },
			},
			creds,
		),
		noOp('Done'),
	]);
}

/**
 * n8n's HTTP Request node in its fastest form: the key in a header parameter, no credential to
 * decrypt. Body: { covers }.
 */
function httpStatusReadHeaderKey(path, { kieBaseUrl, kieKey }) {
	return straight(`bench ${path}`, [
		webhook(path),
		itemsFromBody('covers', 'coverTaskId'),
		{
			id: crypto.randomUUID(),
			name: 'Read',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: position(),
			parameters: {
				url: `${kieBaseUrl}${KIE_STATUS}`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'taskId', value: '={{ $json.coverTaskId }}' }] },
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'Authorization', value: `Bearer ${kieKey}` },
						{ name: 'User-Agent', value: 'n8n-hand-built-loop' },
					],
				},
				options: {},
			},
		},
		noOp('Done'),
	]);
}

/** Generate with Poll Until Done and Download Images, a timeout of 1 h. Body: { tracks }. */
function generatePollDownload(path, { creds }) {
	return straight(`bench ${path}`, [
		webhook(path),
		itemsFromBody('tracks', 'musicTaskId'),
		musicCover(
			'Generate',
			{
				operation: 'generate',
				musicTaskId: '={{ $json.musicTaskId }}',
				waitMode: 'poll',
				options: { download: true, timeout: 3600 },
			},
			creds,
		),
		noOp('Covers ready'),
	]);
}

module.exports = {
	httpChainDownload,
	getStatusDownload,
	httpStatusReadHeaderKey,
	generatePollDownload,
};
