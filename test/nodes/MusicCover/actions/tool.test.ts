/**
 * The node called as a tool (an AI Agent's or an MCP client's call): n8n-core wraps the real
 * Music Cover Tool node and runs it on each call (test/harness/toolRuntime.ts), against the
 * emulator over real HTTP.
 */
import { ExecuteContext } from 'n8n-core';
import { createRunExecutionData, type IDataObject } from 'n8n-workflow';

import {
	boundForTool,
	isToolCall,
	TOOL_DESCRIPTIONS,
} from '../../../../nodes/MusicCover/actions/tool';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	FIRST_READ_AFTER_START_FACTOR,
	TOOL_TIMEOUT_SECONDS,
} from '../../../../nodes/MusicCover/util/constants';
import { additionalDataFor, musicCoverNode, workflowOf } from '../../../harness/n8nRuntime';
import {
	runAsTools,
	TOOL_TYPE,
	type ToolCall,
	type ToolNodeSpec,
} from '../../../harness/toolRuntime';
import { CREDENTIAL_TYPE, generateCovers, requestsTo, useEmulator } from '../support';

const emulator = useEmulator({ readyAfterMs: 200 });

const GENERATE: ToolNodeSpec = {
	name: 'Generate cover',
	parameters: {
		provider: 'kieAi',
		operation: 'generate',
		musicTaskId: "={{ $fromAI('musicTaskId', 'Task ID of the finished music track', 'string') }}",
	},
};
const GET_STATUS: ToolNodeSpec = {
	name: 'Get cover status',
	parameters: {
		provider: 'kieAi',
		operation: 'getStatus',
		coverTaskId:
			"={{ $fromAI('coverTaskId', 'The coverTaskId that Generate returned', 'string') }}",
	},
};
const WAIT: ToolNodeSpec = {
	name: 'Wait for cover',
	parameters: {
		provider: 'kieAi',
		operation: 'waitForCompletion',
		coverTaskId:
			"={{ $fromAI('coverTaskId', 'The coverTaskId that Generate returned', 'string') }}",
	},
};

function withOptions(spec: ToolNodeSpec, parameters: IDataObject): ToolNodeSpec {
	return { ...spec, parameters: { ...spec.parameters, ...parameters } };
}

async function callTools(tools: ToolNodeSpec[], calls: ToolCall[]) {
	const run = await runAsTools({
		credentials: {
			[CREDENTIAL_TYPE.kieAi]: { apiKey: emulator.keys.kieAi, baseUrl: emulator.baseUrls.kieAi },
		},
		tools,
		calls,
	});
	if (run.error) throw run.error;
	return run;
}

/** A tool's answer: the JSON of its output items (one per call here). */
function answerOf(result: { answer?: string; error?: string }): IDataObject {
	if (result.answer === undefined) throw new Error(`the tool failed: ${result.error}`);
	const items = JSON.parse(result.answer) as IDataObject[];
	expect(items).toHaveLength(1);
	return items[0];
}

function contextFor(type: string) {
	const node = { ...musicCoverNode('musicCover', { provider: 'kieAi' }, []), type };
	const input = { main: [[{ json: {} }]] };
	return new ExecuteContext(
		workflowOf(node),
		node,
		additionalDataFor({ credentials: {}, requests: [] }, node),
		'manual',
		createRunExecutionData({}),
		0,
		input.main[0],
		input,
		{ node, data: input, source: null },
		[],
	);
}

describe('tool mode', () => {
	test('the tool type is a tool call, the regular node is not', () => {
		expect(isToolCall(contextFor(TOOL_TYPE))).toBe(true);
		expect(isToolCall(contextFor('n8n-nodes-music-cover.musicCover'))).toBe(false);
	});

	test(`a tool call waits ${TOOL_TIMEOUT_SECONDS} s at most, less when the user's timeout is shorter; a regular run keeps its timeout`, () => {
		const settings = (timeoutMs: number) => ({ timeoutMs, initialIntervalMs: 5000 });
		expect(boundForTool(contextFor(TOOL_TYPE), settings(600_000))).toEqual({
			timeoutMs: TOOL_TIMEOUT_SECONDS * 1000,
			initialIntervalMs: 5000,
			pendingAtDeadline: true,
		});
		expect(boundForTool(contextFor(TOOL_TYPE), settings(20_000)).timeoutMs).toBe(20_000);
		expect(boundForTool(contextFor('n8n-nodes-music-cover.musicCover'), settings(600_000))).toEqual(
			settings(600_000),
		);
	});
});

describe('as tools', () => {
	test('each operation is its own tool: its own description, and the task id in its input schema', async () => {
		const { tools } = await callTools([GENERATE, GET_STATUS, WAIT], []);
		tools.sort((a, b) => a.name.localeCompare(b.name));
		expect(tools).toEqual([
			{ name: 'Generate_cover', description: TOOL_DESCRIPTIONS.generate, inputs: ['musicTaskId'] },
			{
				name: 'Get_cover_status',
				description: TOOL_DESCRIPTIONS.getStatus,
				inputs: ['coverTaskId'],
			},
			{
				name: 'Wait_for_cover',
				description: TOOL_DESCRIPTIONS.waitForCompletion,
				inputs: ['coverTaskId'],
			},
		]);
		expect(new Set(tools.map((tool) => tool.description)).size).toBe(3);
	});

	test("Generate's description tells the model a cover costs credits and is not a way to check progress", () => {
		expect(TOOL_DESCRIPTIONS.generate).toMatch(/Costs credits: each call starts a paid cover task/);
		expect(TOOL_DESCRIPTIONS.generate).toMatch(
			/\(kie\.ai: its own per-cover price; 1 credit per cover on udioapi\.pro or apiin\.one\)/,
		);
		expect(TOOL_DESCRIPTIONS.generate).toMatch(
			/call it once per track and never to check progress/,
		);
	});

	test('generate, get status and wait: compact JSON answers; a pending cover says what to call next', async () => {
		const { results } = await callTools(
			[GENERATE, GET_STATUS, WAIT],
			[{ tool: 'Generate_cover', arguments: { musicTaskId: 'music-tool-1' } }],
		);
		const generated = answerOf(results[0]);
		expect(generated).toMatchObject({ status: 'pending', musicTaskId: 'music-tool-1' });
		const coverTaskId = String(generated.coverTaskId);
		expect(generated.hint).toBe(
			`Cover generation started. Call Wait for Completion with coverTaskId "${coverTaskId}" to get the image URLs.`,
		);

		const later = await callTools(
			[GET_STATUS, withOptions(WAIT, { options: { pollInterval: 1 } })],
			[
				{ tool: 'Wait_for_cover', arguments: { coverTaskId } },
				{ tool: 'Get_cover_status', arguments: { coverTaskId } },
			],
		);
		const [waited, status] = later.results.map(answerOf);
		expect(waited).toMatchObject({ coverTaskId, status: 'success', images: expect.any(Array) });
		expect(waited.hint).toBeUndefined();
		expect(status).toEqual(waited);
		expect(later.results[0].answer!.length).toBeLessThan(600);
	});

	test('Download Images is ignored as a tool: image URLs, and no image is fetched', async () => {
		const { results } = await callTools(
			[withOptions(GENERATE, { waitMode: 'poll', options: { download: true, pollInterval: 1 } })],
			[{ tool: 'Generate_cover', arguments: { musicTaskId: 'music-tool-2' } }],
		);
		expect(answerOf(results[0])).toMatchObject({ status: 'success' });
		expect((answerOf(results[0]).images as string[]).length).toBe(2);
		expect(emulator.requests.filter((request) => request.endpoint === 'image')).toHaveLength(0);
	});

	const firstReadMs = FIRST_READ_AFTER_START_FACTOR * DEFAULT_POLL_INTERVAL_SECONDS * 1000;
	test(`[~${Math.round(firstReadMs / 1000)} s: first read after ${FIRST_READ_AFTER_START_FACTOR} Poll Intervals] Wait for Callback does not park a tool call: it polls, and a done cover comes back with its images`, async () => {
		const { results } = await callTools(
			[withOptions(GENERATE, { waitMode: 'callback' })],
			[{ tool: 'Generate_cover', arguments: { musicTaskId: 'music-tool-3' } }],
		);
		expect(answerOf(results[0])).toMatchObject({ status: 'success', musicTaskId: 'music-tool-3' });
		// Polled: one read, the first a just-started cover gets, and it found the cover done.
		const generate = requestsTo(emulator, 'kieAi', 'generate')[0];
		const reads = requestsTo(emulator, 'kieAi', 'status');
		expect(reads).toHaveLength(1);
		expect(reads[0].at - generate.at).toBeGreaterThanOrEqual(firstReadMs);
		// The callback URL given to the provider is not a resume URL: nothing was parked.
		expect(JSON.stringify(generate.body)).not.toContain('webhook-waiting');
	}, 20_000);

	test('an unknown cover task id is a tool error saying so', async () => {
		const { results } = await callTools(
			[GET_STATUS],
			[{ tool: 'Get_cover_status', arguments: { coverTaskId: 'no-such-cover' } }],
		);
		expect(results[0].answer).toBeUndefined();
		expect(results[0].error).toMatch(/Task not found[\s\S]*check the task id/);
	});

	test('[slow, ~10 s] a cover still running at the deadline is answered as pending with its id, not as an error', async () => {
		const [neverId] = await generateCovers(emulator, 'kieAi', ['never-tool']);
		const { results } = await callTools(
			[withOptions(WAIT, { options: { timeout: 10, pollInterval: 2 } })],
			[{ tool: 'Wait_for_cover', arguments: { coverTaskId: neverId } }],
		);
		expect(results[0].ms).toBeGreaterThanOrEqual(9_500);
		expect(results[0].ms).toBeLessThan(12_000);
		const answer = answerOf(results[0]);
		expect(answer).toMatchObject({ coverTaskId: neverId, status: 'pending' });
		expect(answer.hint).toBe(
			`Not finished yet. Call Wait for Completion with coverTaskId "${neverId}" to get the image URLs.`,
		);
	}, 20_000);

	test('[slow, ~10 s] Generate with Wait for Callback on a cover that never finishes: pending within the bound, and says it polled', async () => {
		const { results } = await callTools(
			[withOptions(GENERATE, { waitMode: 'callback', options: { timeout: 10 } })],
			[{ tool: 'Generate_cover', arguments: { musicTaskId: 'never-tool-2' } }],
		);
		// Polled to the user's 10 s timeout: not parked, which would answer at once.
		expect(results[0].ms).toBeGreaterThanOrEqual(9_500);
		expect(results[0].ms).toBeLessThan(12_000);
		const answer = answerOf(results[0]);
		expect(answer).toMatchObject({
			status: 'pending',
			musicTaskId: 'never-tool-2',
			providerStatus: 'GENERATING',
		});
		expect(answer.hint).toContain(`coverTaskId "${String(answer.coverTaskId)}"`);
		expect(answer.hint).toContain('Wait for Callback does not apply to tool calls');
	}, 20_000);
});
