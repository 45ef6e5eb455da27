'use strict';
// examples/mcp-tools.json: n8n's MCP Server Trigger exposing Generate, Get Status and Wait for
// Completion as three Music Cover Tool nodes, called by the official MCP TypeScript SDK client
// (@modelcontextprotocol/sdk) as any MCP client would: list the tools, call them against the
// emulator, a bad task id, and a cover that never finishes with the node's default settings.
// Targets 2 and 2q (run.js: n8n 2.41.1, regular and queue mode). n8n 1.123's MCP Server Trigger (v2) also serves Streamable HTTP and
// SSE on /mcp/<path>, and runs the tool calls in the process that receives them (2.x hands them to
// a worker in queue mode); this scenario passed unchanged on target 1 in a one-off run (61 s).
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { SSEClientTransport } = require('@modelcontextprotocol/sdk/client/sse.js');
const {
	StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { ok, equal, match, fmt } = require('../lib/check');
const wfs = require('../../../stack/examples');

/** The node's tool-call bound (TOOL_TIMEOUT_SECONDS) and what the MCP SDK client waits by default. */
const TOOL_BOUND_MS = 45_000;
const CLIENT_TIMEOUT_MS = 60_000;
const TOOLS = { generate: 'Generate_cover', status: 'Get_cover_status', wait: 'Wait_for_cover' };

/** Connects an MCP client; right after activation n8n may answer 404 for a moment, so retry that. */
async function connect(url, Transport = StreamableHTTPClientTransport) {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const client = new Client({ name: 'music-cover-e2e', version: '1.0.0' });
		try {
			await client.connect(new Transport(new URL(url)));
			return client;
		} catch (error) {
			if (!/\b404\b/.test(String(error)) || Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

/** One tool call: its answer text, whether MCP flagged it as an error, its time and size. */
async function call(client, name, args, calls) {
	const t0 = Date.now();
	const result = await client.callTool({ name, arguments: args }, undefined, {
		timeout: CLIENT_TIMEOUT_MS,
	});
	const text = result.content?.map((part) => part.text ?? '').join('') ?? '';
	const entry = {
		name,
		ms: Date.now() - t0,
		bytes: Buffer.byteLength(text),
		isError: result.isError === true,
		text,
	};
	calls.push(entry);
	return entry;
}

/** The single cover a successful tool answer holds (the JSON of the node's output items). */
function coverOf(answer, what) {
	ok(!answer.isError, `${what}: the tool answered with an error`, answer.text);
	const items = JSON.parse(answer.text);
	ok(Array.isArray(items) && items.length === 1, `${what}: expected one item`, items);
	return items[0];
}

const summary = (calls) =>
	calls.map((c) => `${c.name} ${(c.ms / 1000).toFixed(1)} s ${c.bytes} B`).join(', ');

module.exports = async function mcpTools({ stack, check }) {
	const { n8n, emulator, creds } = stack;
	const path = `music-cover-${Date.now()}`;
	const wf = wfs.bind(wfs.loadExample('mcp-tools'), { creds, name: 'mcp-tools (e2e)' });
	wfs.node(wf, 'MCP Server Trigger').parameters.path = path;
	const url = `${n8n.baseUrl}/mcp/${path}`;
	let client;

	await check(
		'mcp-tools: tools/list (Streamable HTTP and SSE): three tools, each its own description, the task ids in their input schemas',
		async () => {
			await n8n.deploy(wf);
			client = await connect(url);
			const { tools } = await client.listTools();
			const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
			equal(Object.keys(byName).sort(), Object.values(TOOLS).sort(), 'tool names');
			equal(new Set(tools.map((tool) => tool.description)).size, 3, 'distinct descriptions');
			match(byName[TOOLS.generate].description, /^Starts generating cover art/, 'Generate');
			match(byName[TOOLS.status].description, /^Reads the current state/, 'Get Status');
			match(byName[TOOLS.wait].description, /^Waits until one cover art task is done/, 'Wait');
			const inputs = (name) => byName[name].inputSchema;
			equal(inputs(TOOLS.generate).required, ['musicTaskId'], 'Generate: required inputs');
			equal(inputs(TOOLS.status).required, ['coverTaskId'], 'Get Status: required inputs');
			equal(inputs(TOOLS.wait).required, ['coverTaskId'], 'Wait: required inputs');
			match(
				inputs(TOOLS.wait).properties.coverTaskId.description,
				/coverTaskId that Generate cover returned/,
				'Wait: the id described',
			);
			const sse = await connect(url, SSEClientTransport);
			try {
				const overSse = await sse.listTools();
				equal(
					overSse.tools.map((tool) => tool.name).sort(),
					Object.values(TOOLS).sort(),
					'tool names over SSE',
				);
			} finally {
				await sse.close();
			}
			return `${tools.length} tools, description lengths ${tools.map((t) => t.description.length).join('/')}`;
		},
	);
	if (!client) return;

	await check(
		'mcp-tools: Generate, Get Status, Wait for Completion on the emulator: compact answers, the images as URLs',
		async () => {
			const calls = [];
			const musicTaskId = `music-mcp-${Date.now()}`;
			const generated = coverOf(
				await call(client, TOOLS.generate, { musicTaskId }, calls),
				'Generate',
			);
			equal(generated.status, 'pending', 'Generate: status (Don\u2019t Wait)');
			equal(generated.musicTaskId, musicTaskId, 'Generate: musicTaskId');
			match(generated.hint, /Call Wait for Completion with coverTaskId "/, 'Generate: hint');
			const { coverTaskId } = generated;
			const status = coverOf(
				await call(client, TOOLS.status, { coverTaskId }, calls),
				'Get Status',
			);
			equal(status.coverTaskId, coverTaskId, 'Get Status: coverTaskId');
			const done = coverOf(await call(client, TOOLS.wait, { coverTaskId }, calls), 'Wait');
			equal(done.status, 'success', 'Wait: status');
			equal(done.coverTaskId, coverTaskId, 'Wait: coverTaskId');
			equal(done.images?.length, 2, 'Wait: image URLs');
			for (const image of done.images)
				ok(image.startsWith(`${emulator.url}/images/`), `image URL not on the emulator: ${image}`);
			for (const c of calls) ok(c.bytes < 1000, `${c.name}: answer of ${c.bytes} bytes`, c.text);
			return summary(calls);
		},
	);

	// In queue mode n8n 2.41 runs the tool call on the worker (scaling/job-processor.js invokeTool),
	// which hands back only the error's message and name: the description (what to do) is lost.
	await check(
		`mcp-tools: a bad cover task id is a tool error saying so${n8n.queue ? ' (queue mode: run on the worker, message only)' : ''}`,
		async () => {
			const calls = [];
			for (const name of [TOOLS.status, TOOLS.wait]) {
				const answer = await call(client, name, { coverTaskId: 'no-such-cover-task' }, calls);
				ok(answer.isError, `${name}: expected isError`, answer.text);
				match(
					answer.text,
					n8n.queue
						? /"message":"kie.ai answered code 404: Task not found"/
						: /Task not found[\s\S]*check the task id/,
					`${name}: error text`,
				);
			}
			if (n8n.queue) {
				const onWorker = (n8n.logText('worker').match(/Tool call failed for MCP Trigger/g) ?? [])
					.length;
				ok(onWorker >= 2, `the worker logged ${onWorker} failed MCP tool calls, expected 2`);
			}
			return `${summary(calls)}; "${calls[0].text.split('\n')[0]}"`;
		},
	);

	await check(
		`mcp-tools: a cover that never finishes, default settings: Wait answers within ${TOOL_BOUND_MS / 1000} s, pending, with its id`,
		async () => {
			const calls = [];
			const generated = coverOf(
				await call(client, TOOLS.generate, { musicTaskId: `never-mcp-${Date.now()}` }, calls),
				'Generate',
			);
			const { coverTaskId } = generated;
			const answer = await call(client, TOOLS.wait, { coverTaskId }, calls);
			const pending = coverOf(answer, 'Wait');
			equal(pending.status, 'pending', 'Wait: status');
			equal(pending.coverTaskId, coverTaskId, 'Wait: coverTaskId');
			equal(
				pending.hint,
				`Not finished yet. Call Wait for Completion with coverTaskId "${coverTaskId}" to get the image URLs.`,
				'Wait: hint',
			);
			ok(
				answer.ms >= TOOL_BOUND_MS - 1000 && answer.ms <= TOOL_BOUND_MS + 5000,
				`Wait took ${answer.ms} ms: expected the ${TOOL_BOUND_MS} ms bound (the node's default timeout is 600 s)`,
			);
			return `${summary(calls)}; ${fmt(pending.hint)}`;
		},
	);

	await client.close();
};
