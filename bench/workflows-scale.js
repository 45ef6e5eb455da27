'use strict';
// The workflows of the downloads, thousand and fleet workloads (the building blocks are
// workflows.js's): n8n's HTTP Request chain that downloads covers' images, the HTTP Request node
// with the key in a header parameter, Generate with Poll Until Done and Download Images.
const crypto = require('node:crypto');
const {
	pipeline,
	splitOut,
	generateNode,
	httpStatusNode,
	getStatusRead,
	position,
	KIE_STATUS,
} = require('./workflows');

/**
 * What users chain with n8n's own nodes to download finished covers' images: HTTP Request status
 * read (Header Auth credential) -> Split Out data.response.images -> HTTP Request (file) of each
 * image. Body: { covers: [coverTaskId] }.
 */
function httpChainDownload(path, ctx) {
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
	return pipeline(path, 'covers', [
		httpStatusNode(ctx),
		splitOut('Images', 'data.response.images', 'imageUrl'),
		file,
	]);
}

/** Get Status with Download Images on each cover. Body: { covers }. */
function getStatusDownload(path, ctx) {
	return getStatusRead(path, ctx, { download: true });
}

/**
 * n8n's HTTP Request node in its fastest form: the key in a header parameter, no credential to
 * decrypt. Body: { covers }.
 */
function httpStatusReadHeaderKey(path, { kieBaseUrl, kieKey }) {
	return pipeline(path, 'covers', [
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
	]);
}

/** Generate with Poll Until Done and Download Images, a timeout of 1 h. Body: { tracks }. */
function generatePollDownload(path, { creds }) {
	return pipeline(
		path,
		'tracks',
		[generateNode(creds, 'poll', { download: true, timeout: 3600 })],
		'Covers ready',
	);
}

module.exports = {
	httpChainDownload,
	getStatusDownload,
	httpStatusReadHeaderKey,
	generatePollDownload,
};
