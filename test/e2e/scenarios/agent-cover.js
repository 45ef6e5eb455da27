'use strict';
// examples/agent-cover-tool.json + examples/agent-cover-subworkflow.json: n8n's AI Agent with an
// OpenAI Chat Model (its credential's Base URL on the emulator's deterministic chat endpoint,
// test/emulator/openai.js) and a Call n8n Workflow Tool whose sub-workflow is Generate with Wait
// for Callback. On n8n 2.41 the agent (v3.x) hands the tool call to n8n's engine; the sub-workflow
// parks, so the agent's execution parks too (status waiting, no worker busy); kie.ai's callback
// resumes the sub-workflow, and n8n resumes the agent with its output, which the model then reads.
// Also: the deadline passing without a callback (NO_CALLBACK items reach the model), two covers in
// one agent turn, and Agent v2.2, whose model gets n8n's "sub-workflow is paused" placeholder.
const { ok, equal, match } = require('../lib/check');
const { nodeOutput } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const agent = require('../lib/agent');

const { TOOL_NAME, STATUS_TOOL_NAME, GENERATE, PLACEHOLDER } = agent;
const { deploySubWorkflow, deployAgent, ask, seenWaiting, workerLines, endedSuccess } = agent;
const { generatesFor, subExecutionOf, conversation, toolResults, itemsOf, answerOf } = agent;

module.exports = async function agentCover({ stack, check, defer }) {
	const { n8n, emulator } = stack;
	const stamp = Date.now();
	let creds;
	let subId;
	let agentId;

	const ready = await check(
		'agent-cover: OpenAI credential on the emulator, sub-workflow published, agent workflow active',
		async () => {
			const openAi = await n8n.createCredential('openAiApi', 'OpenAI (emulator)', {
				apiKey: emulator.openAi.key,
				url: emulator.openAi.baseUrl,
				header: false,
			});
			creds = { ...stack.creds, openAiApi: { id: String(openAi.id), name: openAi.name } };
			subId = await deploySubWorkflow(n8n, creds, 'e2e agent-cover sub-workflow');
			agentId = await deployAgent(n8n, creds, { webhookPath: 'e2e-agent-cover', subId });
		},
	);
	if (!ready) return;

	if (process.env.E2E_SKIP_SLOW !== '1') {
		// No callback comes (`never...` task): at the sub-workflow's 10 s deadline n8n's wait tracker
		// (once a minute) resumes it with the NO_CALLBACK items, then the agent with them.
		let deadline;
		const started = await check(
			'agent-cover deadline: agent run parked on a sub-workflow with a 10 s callback deadline',
			async () => {
				const shortSub = await deploySubWorkflow(n8n, creds, 'e2e agent-cover deadline sub', 10);
				const path = 'e2e-agent-cover-deadline';
				const wf = await deployAgent(n8n, creds, { webhookPath: path, subId: shortSub });
				const musicTaskId = `never-agent-${stamp}`;
				const id = await ask(n8n, wf, path, `Cover please, musicTaskId: ${musicTaskId}`);
				ok(await seenWaiting(n8n, id), `agent execution ${id} was never seen "waiting"`);
				deadline = { id, musicTaskId, t0: Date.now() };
			},
		);
		if (started)
			defer(
				'agent-cover deadline: the model gets the NO_CALLBACK cover (coverTaskId, Get Status hint) and a Get Status tool',
				async () => {
					const ex = await endedSuccess(
						n8n,
						deadline.id,
						Math.max(5000, 110000 - (Date.now() - deadline.t0)),
					);
					const chats = await conversation(emulator, deadline.musicTaskId);
					const last = chats.at(-1);
					ok(last, `no chat request names ${deadline.musicTaskId}`);
					const [result] = toolResults(last);
					ok(result, 'the last chat request carried no tool result', last.body.messages);
					const [item] = itemsOf(result);
					equal(item?.status, 'pending', 'status the model read');
					equal(item?.error?.code, 'NO_CALLBACK', 'error.code the model read');
					equal(item?.musicTaskId, deadline.musicTaskId, 'musicTaskId the model read');
					ok(item?.coverTaskId, 'the model read no coverTaskId', item);
					match(item?.error?.message, /check the cover with Get Status/, 'the way forward');
					const offered = last.body.tools.map((t) => t.function?.name);
					ok(offered.includes(STATUS_TOOL_NAME), `tools offered: ${offered}`);
					match(answerOf(ex), /NO_CALLBACK/, 'the agent answer');
					return `agent ended ${((Date.now() - deadline.t0) / 1000).toFixed(0)} s after parking; ${chats.length} chat requests`;
				},
			);
	}

	await check(
		`agent-cover: the agent run parks while the cover generates${n8n.queue ? ' (worker released)' : ''}, kie.ai's callback resumes the sub-workflow, the agent wakes and the model reads the cover's image URLs`,
		async () => {
			await emulator.configure({ readyAfterMs: 5000 });
			try {
				const musicTaskId = `music-agent-${stamp}`;
				const id = await ask(
					n8n,
					agentId,
					'e2e-agent-cover',
					`Make cover art for my track, musicTaskId: ${musicTaskId}`,
				);
				ok(await seenWaiting(n8n, id), `agent execution ${id} was never seen "waiting"`);
				const [generate] = await generatesFor(emulator, [musicTaskId]);
				ok(generate, `no kie.ai generate for ${musicTaskId}`);
				const subExecution = subExecutionOf(generate, n8n);
				ok(subExecution, 'callBackUrl is not a resume URL', generate.body);
				const sub = await n8n.getExecution(subExecution, false);
				equal(sub.status, 'waiting', `sub-execution ${subExecution} status while the cover runs`);
				const task = await emulator.findCoverTask('kieAi', musicTaskId);
				ok(task?.phase !== 'success', 'the cover was done before the agent was seen parked');
				let note = `agent ${id} and sub-execution ${subExecution} waiting`;
				if (n8n.queue) {
					ok(
						workerLines(n8n, 'finished', id) >= 1,
						`the worker did not finish (release) agent execution ${id} while it waits`,
					);
					note += '; worker released the agent job';
				}

				const ex = await endedSuccess(n8n, id, 90000);
				const delivered = (await emulator.callbacks()).filter(
					(c) => c.coverTaskId === task.coverTaskId,
				);
				ok(
					delivered.some((c) => c.status === 200),
					"kie.ai's callback was not answered 200",
					delivered,
				);
				const subDone = await n8n.getExecution(subExecution, true);
				equal(subDone.status, 'success', `sub-execution ${subExecution} status`);
				const cover = nodeOutput(subDone, GENERATE)?.[0]?.json;
				equal(cover?.status, 'success', 'cover status in the sub-workflow');

				const chats = await conversation(emulator, musicTaskId);
				equal(chats.length, 2, 'chat requests of the conversation (tool call, then answer)');
				const call = chats[0].answer.choices[0].message.tool_calls;
				equal(
					call?.map((c) => [c.function.name, JSON.parse(c.function.arguments)]),
					[[TOOL_NAME, { musicTaskId }]],
					'the model asked for',
				);
				const results = toolResults(chats[1]);
				equal(results.length, 1, 'tool results the model received');
				const [item] = itemsOf(results[0]);
				equal(item?.status, 'success', 'status the model read');
				equal(item?.images, cover.images, 'image URLs the model read');
				ok(!PLACEHOLDER.test(results[0].content), 'the model read the placeholder');
				for (const url of item.images)
					ok(answerOf(ex)?.includes(url), `the agent's answer lacks ${url}`, answerOf(ex));
				if (n8n.queue) {
					const starts = workerLines(n8n, 'started', id);
					ok(starts >= 2, `worker started agent execution ${id} ${starts} time(s), expected 2`);
					ok(!/Worker started execution/.test(n8n.logText('main')), 'main ran a job itself');
					note += `; worker ran the agent ${starts} times (start + resume)`;
				}
				const waited = (new Date(ex.stoppedAt) - new Date(ex.startedAt)) / 1000;
				return `${note}; agent run took ${waited.toFixed(1)} s`;
			} finally {
				await emulator.configure({ readyAfterMs: 1500 });
			}
		},
	);

	await check(
		'agent-cover: two covers asked for in one message, one tool call at a time (parallel_tool_calls false): the model reads both covers',
		async () => {
			const ids = [`music-agent-a-${stamp}`, `music-agent-b-${stamp}`];
			const id = await ask(
				n8n,
				agentId,
				'e2e-agent-cover',
				`Two tracks: musicTaskId: ${ids[0]} and musicTaskId: ${ids[1]}`,
			);
			const ex = await endedSuccess(n8n, id, 120000);
			const chats = await conversation(emulator, ids[0]);
			equal(
				chats.map((c) => c.body.parallel_tool_calls),
				[false, false, false],
				'parallel_tool_calls of the 3 chat requests (call a, call b, answer)',
			);
			const items = toolResults(chats.at(-1)).flatMap(itemsOf);
			equal(
				items.map((i) => [i.musicTaskId, i.status, i.images?.length]),
				ids.map((m) => [m, 'success', 2]),
				'covers the model read in its last request',
			);
			const generates = await generatesFor(emulator, ids);
			equal(generates.length, 2, 'kie.ai generates (one per track)');
			for (const m of ids) match(answerOf(ex), new RegExp(m), 'the agent answer');
			const gap = ((generates[1].at - generates[0].at) / 1000).toFixed(1);
			return `agent parked twice; second generate ${gap} s after the first`;
		},
	);

	await check(
		'agent-cover: n8n 2.41 runs only the first of two parallel calls of a parking tool; the second answers the model with its own input (no cover, no error)',
		async () => {
			const path = 'e2e-agent-cover-parallel';
			const wf = await deployAgent(n8n, creds, {
				webhookPath: path,
				subId,
				parallelToolCalls: true,
			});
			const ids = [`music-agent-pa-${stamp}`, `music-agent-pb-${stamp}`];
			const id = await ask(n8n, wf, path, `musicTaskId: ${ids[0]} and musicTaskId: ${ids[1]}`);
			await endedSuccess(n8n, id, 120000);
			const chats = await conversation(emulator, ids[0]);
			equal(chats[0]?.answer.choices[0].message.tool_calls?.length, 2, 'tool calls in one answer');
			const items = toolResults(chats.at(-1)).flatMap(itemsOf);
			equal(items[0]?.images?.length, 2, 'first call: the cover');
			equal(items[1]?.musicTaskId, ids[1], 'second call: its own input back');
			equal(items[1]?.images, undefined, 'second call: no cover');
			equal((await generatesFor(emulator, ids)).length, 1, 'kie.ai generates');
			return `second tool result: ${JSON.stringify(Object.keys(items[1]))}`;
		},
	);

	await check(
		'agent-cover: Agent v2.2 gets n8n\'s "sub-workflow is paused" placeholder at once, not the cover',
		async () => {
			const path = 'e2e-agent-cover-v22';
			const wf = await deployAgent(n8n, creds, { webhookPath: path, subId, agentVersion: 2.2 });
			const musicTaskId = `never-agent-v22-${stamp}`;
			const id = await ask(n8n, wf, path, `Cover please, musicTaskId: ${musicTaskId}`);
			const deadline = Date.now() + 30000;
			let chats = [];
			while (chats.length < 2 && Date.now() < deadline) {
				await proc.sleep(300);
				chats = await conversation(emulator, musicTaskId);
			}
			equal(chats.length, 2, 'chat requests (tool call, then answer)');
			const results = toolResults(chats[1]);
			equal(results.length, 1, 'tool results the model received');
			match(results[0].content, PLACEHOLDER, 'what the model read');
			ok(!/images/.test(results[0].content), 'the model read a cover', results[0].content);
			const ex = await n8n.getExecution(id, true);
			let note = `the model read ${JSON.stringify(itemsOf(results[0])[0]?.status ?? results[0].content).slice(0, 60)}...; agent execution ${id} ${ex.status}`;
			// The cover never finishes (`never...`): complete it so the sub-workflow is not left parked.
			const task = await emulator.findCoverTask('kieAi', musicTaskId);
			if (task) await emulator.completeTask(task.coverTaskId, 'success');
			const after = await n8n.waitForEnd(id, { timeoutMs: 30000 }).catch((e) => e.execution);
			const later = await conversation(emulator, musicTaskId);
			ok(
				!later.some((r) => toolResults(r).some((t) => /images/.test(t.content))),
				'after the cover finished, the v2.2 model read it after all',
			);
			note += ` -> ${after?.status} after the cover finished (${later.length} chat requests)`;
			return note;
		},
	);
};
