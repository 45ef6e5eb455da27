import { createEmulator } from './index';
import { NO_TOOL_CALL, TOOL_RESULTS_HEADER } from './openai';

/** The OpenAI-compatible chat endpoint the end-to-end agent runs use (openai.js), over HTTP. */
const emu = createEmulator();
beforeAll(() => emu.start());
afterEach(() => emu.reset());
afterAll(() => emu.stop());

const TOOLS = [
	{
		type: 'function',
		function: {
			name: 'Generate_cover',
			description: 'Generates a cover',
			parameters: { type: 'object', properties: { musicTaskId: { type: 'string' } } },
		},
	},
];

async function chat(body: unknown, key = emu.openAi.key, path = '/chat/completions') {
	const res = await fetch(`${emu.openAi.baseUrl}${path}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: res.status, body: (await res.json()) as any };
}

const user = (content: unknown) => ({ role: 'user', content });
const calls = (answer: any) =>
	answer.choices[0].message.tool_calls?.map((c: any) => [
		c.function.name,
		JSON.parse(c.function.arguments),
	]);

describe('emulator: OpenAI-compatible chat completions', () => {
	test('asks for one tool call per value the user message gives, all in one answer by default', async () => {
		const { status, body } = await chat({
			model: 'gpt-4.1-mini',
			messages: [
				{ role: 'system', content: 'You make covers.' },
				user('Two tracks: musicTaskId: a-1 and musicTaskId="b-2".'),
			],
			tools: TOOLS,
		});
		expect(status).toBe(200);
		expect(body.object).toBe('chat.completion');
		expect(body.choices[0].finish_reason).toBe('tool_calls');
		expect(calls(body)).toEqual([
			['Generate_cover', { musicTaskId: 'a-1' }],
			['Generate_cover', { musicTaskId: 'b-2' }],
		]);
		expect(emu.openAi.requests).toHaveLength(1);
	});

	test('parallel_tool_calls false: one call per turn, then the answer repeating every tool result', async () => {
		const ask = user([{ type: 'text', text: 'musicTaskId: a-1, musicTaskId: b-2' }]);
		const base = { model: 'm', tools: TOOLS, parallel_tool_calls: false };
		const first = await chat({ ...base, messages: [ask] });
		expect(calls(first.body)).toEqual([['Generate_cover', { musicTaskId: 'a-1' }]]);
		const afterA = [
			ask,
			first.body.choices[0].message,
			{ role: 'tool', tool_call_id: 'x', content: '{"cover":"A"}' },
		];
		const second = await chat({ ...base, messages: afterA });
		expect(calls(second.body)).toEqual([['Generate_cover', { musicTaskId: 'b-2' }]]);
		const afterB = [
			...afterA,
			second.body.choices[0].message,
			{ role: 'tool', tool_call_id: 'y', content: '{"cover":"B"}' },
		];
		const last = await chat({ ...base, messages: afterB });
		expect(last.body.choices[0].finish_reason).toBe('stop');
		expect(last.body.choices[0].message.content).toBe(
			`${TOOL_RESULTS_HEADER}\n{"cover":"A"}\n{"cover":"B"}`,
		);
	});

	test('no value for any tool parameter: a text answer, no tool call', async () => {
		const { body } = await chat({ model: 'm', messages: [user('hello')], tools: TOOLS });
		expect(body.choices[0].message).toMatchObject({ role: 'assistant', content: NO_TOOL_CALL });
		expect(body.choices[0].message.tool_calls).toBeUndefined();
	});

	test("OpenAI's errors: bad key 401, unknown path 404, streaming and bodies without messages 400", async () => {
		const ok = { model: 'm', messages: [user('x')] };
		expect(await chat(ok, 'sk-wrong')).toMatchObject({
			status: 401,
			body: { error: { code: 'invalid_api_key' } },
		});
		expect((await chat(ok, undefined, '/responses')).status).toBe(404);
		expect((await chat({ ...ok, stream: true })).status).toBe(400);
		expect((await chat({ model: 'm' })).body.error.message).toMatch(/messages are required/);
		expect(emu.openAi.requests).toHaveLength(2);
	});

	test('reset() clears the request log', async () => {
		await chat({ model: 'm', messages: [user('x')] });
		emu.reset();
		expect(emu.openAi.requests).toHaveLength(0);
	});
});
