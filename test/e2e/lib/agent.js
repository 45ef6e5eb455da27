'use strict';
// The AI Agent scenario's helpers (scenarios/agent-cover.js): its workflows (examples/agent-cover-tool.json
// and examples/agent-cover-subworkflow.json) deployed and started, and readers of what the emulator's
// chat model (test/emulator/openai.js) and kie.ai's generate endpoint were sent.
const { ok } = require('./check');
const { nodeOutput, executionError } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');

const AGENT = 'AI Agent';
const MODEL = 'OpenAI Chat Model';
const TOOL = 'Generate cover';
const TOOL_NAME = 'Generate_cover';
const STATUS_TOOL_NAME = 'Get_cover_status';
const GENERATE = 'Generate cover and wait for callback';
/** What n8n's Call n8n Workflow Tool answers while its sub-workflow is parked (n8n 2.x). */
const PLACEHOLDER = /Sub-workflow is paused/;

/** The sub-workflow, published; with `timeoutSeconds` its callback deadline. Resolves its id. */
async function deploySubWorkflow(n8n, creds, name, timeoutSeconds) {
	const wf = wfs.bind(wfs.loadExample('agent-cover-subworkflow'), { creds, name });
	if (timeoutSeconds) wfs.node(wf, GENERATE).parameters.options.timeout = timeoutSeconds;
	return await n8n.deploy(wf);
}

/** The agent workflow started by POST /webhook/<webhookPath> { chatInput }, its tool on `subId`. */
async function deployAgent(n8n, creds, { webhookPath, subId, agentVersion, parallelToolCalls }) {
	const wf = wfs.bind(wfs.loadExample('agent-cover-tool'), { creds, name: `e2e ${webhookPath}` });
	wfs.webhookStart(wf, { webhookPath, responseMode: 'onReceived' });
	wfs.setField(wf, 'Request', 'chatInput', '={{ $json.body.chatInput }}');
	wfs.node(wf, TOOL).parameters.workflowId.value = subId;
	if (agentVersion) wfs.node(wf, AGENT).typeVersion = agentVersion;
	// The example turns the model's parallel tool calls off (Extra Body); this puts them back on.
	if (parallelToolCalls) delete wfs.node(wf, MODEL).parameters.options.extraBody;
	return await n8n.deploy(wf);
}

/** Starts one agent run; resolves its execution id. */
async function ask(n8n, workflowId, webhookPath, chatInput) {
	const before = await n8n.executionIds(workflowId);
	await n8n.callWebhook(webhookPath, { chatInput }, { expect: 200 });
	return await n8n.waitForNewExecution(workflowId, before);
}

/** Polls until the execution is parked; false when it ended first or never parked. */
async function seenWaiting(n8n, id, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const ex = await n8n.getExecution(id, false).catch((e) => {
			if (e.status !== 404) throw e;
			return null;
		});
		if (ex?.status === 'waiting') return true;
		if (ex?.stoppedAt && !['running', 'new', 'waiting'].includes(ex.status)) return false;
		await proc.sleep(200);
	}
	return false;
}

/** kie.ai generate requests for these music task ids, in arrival order. */
async function generatesFor(emulator, musicTaskIds) {
	return (await emulator.requests()).filter(
		(r) =>
			r.provider === 'kieAi' && r.endpoint === 'generate' && musicTaskIds.includes(r.body?.taskId),
	);
}

/** The sub-execution id a generate request belongs to (its callBackUrl is that execution's resume URL). */
function subExecutionOf(generate, n8n) {
	const m = new RegExp(`^${n8n.baseUrl}/webhook-waiting/(\\d+)`).exec(
		generate?.body?.callBackUrl ?? '',
	);
	return m?.[1];
}

/** The chat requests of one conversation (its user message names `marker`). */
async function conversation(emulator, marker) {
	const text = (m) =>
		typeof m?.content === 'string'
			? m.content
			: Array.isArray(m?.content)
				? m.content.map((p) => p?.text ?? '').join('')
				: '';
	return (await emulator.chatRequests()).filter((r) =>
		r.body.messages.some((m) => m.role === 'user' && text(m).includes(marker)),
	);
}

/** The tool results a chat request carried to the model, parsed as JSON when they are. */
function toolResults(request) {
	return request.body.messages
		.filter((m) => m.role === 'tool')
		.map((m) => {
			const content = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
			try {
				return { content, json: JSON.parse(content) };
			} catch {
				return { content, json: undefined };
			}
		});
}

/** The cover items of one tool result (Call n8n Workflow Tool v2.2 answers with every item). */
const itemsOf = (result) => (Array.isArray(result.json) ? result.json : [result.json]);

/** The agent's final answer text (its output field). */
const answerOf = (ex) => nodeOutput(ex, AGENT, { run: -1 })?.[0]?.json?.output;

function workerLines(n8n, verb, id) {
	return (n8n.logText('worker').match(new RegExp(`Worker ${verb} execution ${id} `, 'g')) ?? [])
		.length;
}

async function endedSuccess(n8n, id, timeoutMs) {
	const ex = await n8n.waitForEnd(id, { timeoutMs });
	ok(
		ex.status === 'success',
		`execution ${id} ended "${ex.status}": ${executionError(ex) ?? 'no error recorded'}`,
	);
	return ex;
}

module.exports = {
	TOOL_NAME,
	STATUS_TOOL_NAME,
	GENERATE,
	PLACEHOLDER,
	deploySubWorkflow,
	deployAgent,
	ask,
	seenWaiting,
	generatesFor,
	subExecutionOf,
	conversation,
	toolResults,
	itemsOf,
	answerOf,
	workerLines,
	endedSuccess,
};
