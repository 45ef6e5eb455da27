/** Bad input is refused with an error naming the field, before anything is sent (or paid). */
import { expectOnePairedItemPerInput, requestsTo, runNode, useEmulator } from '../support';

const emulator = useEmulator({ readyAfterMs: 0 });

const BAD_IDS = [
	{ name: 'empty', value: '', message: 'is empty' },
	{ name: 'only spaces', value: '   ', message: 'is empty' },
	{
		name: 'an object',
		value: { id: 'abc' },
		message: 'must be text, not object',
		musicMessage: "must be the music task's id, not an object",
	},
	{
		name: 'a list',
		value: ['abc'],
		message: 'must be text, not a list',
		musicMessage: "must be the music task's id, not a list",
	},
	{ name: 'two words', value: 'abc def', message: '"abc def" is not a task ID' },
	{
		name: 'longer than 200 characters',
		value: 'x'.repeat(201),
		message: `"${'x'.repeat(40)}" is not a task ID`,
	},
	{ name: 'null', value: null, message: 'is empty' },
	{ name: 'a field the input item lacks', value: undefined, message: 'is empty' },
];

const OPERATIONS = [
	{ operation: 'generate', field: 'musicTaskId', label: 'Music Task ID' },
	{ operation: 'getStatus', field: 'coverTaskId', label: 'Cover Task ID' },
	{ operation: 'waitForCompletion', field: 'coverTaskId', label: 'Cover Task ID' },
];

describe.each(OPERATIONS)('$operation refuses a bad $label', ({ operation, field, label }) => {
	test.each(BAD_IDS)('$name', async ({ value, message, musicMessage }) => {
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: { operation, [field]: '={{ $json.id }}', options: { pollInterval: 1 } },
			items: [{ json: { id: value } }],
		});
		const expected = field === 'musicTaskId' ? (musicMessage ?? message) : message;
		expect(result.error?.message).toContain(`${label} ${expected}`.trim());
		expect(result.error?.description).toEqual(expect.any(String));
		expect(emulator.requests).toHaveLength(0);
	});

	test('with Continue On Fail, only the bad item fails', async () => {
		const [goodId] = await runNode(emulator, {
			provider: 'kieAi',
			parameters: { operation: 'generate', musicTaskId: 'music-1' },
		}).then((run) => run.items.map((item) => String(item.json.coverTaskId)));
		const good = field === 'musicTaskId' ? 'music-2' : goodId;
		const result = await runNode(emulator, {
			provider: 'kieAi',
			continueOnFail: true,
			parameters: { operation, [field]: '={{ $json.id }}', options: { pollInterval: 1 } },
			items: [{ json: { id: good } }, { json: { id: '' } }],
		});
		expectOnePairedItemPerInput(result, 2);
		expect(result.items[0].json).toMatchObject({ status: expect.any(String) });
		expect(result.items[1].json).toMatchObject({ error: `${label} is empty` });
	});

	test("an error item from an earlier step keeps that step's reason", async () => {
		const result = await runNode(emulator, {
			provider: 'kieAi',
			continueOnFail: true,
			parameters: { operation, [field]: '={{ $json.coverTaskId }}', options: { pollInterval: 1 } },
			items: [{ json: { error: 'kie.ai answered code 402: Insufficient credits' } }],
		});
		expect(result.items[0].json.error).toBe(
			`${label} is empty: this item failed earlier (kie.ai answered code 402: Insufficient credits)`,
		);
	});
});

test('a number mapped from an expression is accepted as a task id', async () => {
	const result = await runNode(emulator, {
		provider: 'udioApiPro',
		parameters: { operation: 'generate', musicTaskId: '={{ $json.id }}' },
		items: [{ json: { id: 123456 } }],
	});
	expect(result.items[0].json).toMatchObject({ musicTaskId: '123456', status: 'pending' });
	expect(requestsTo(emulator, 'udioApiPro', 'generate')[0].body).toEqual({ taskId: '123456' });
});

test('surrounding spaces are trimmed from a task id', async () => {
	const result = await runNode(emulator, {
		provider: 'udioApiPro',
		parameters: { operation: 'generate', musicTaskId: '  music-1 \n' },
	});
	expect(result.items[0].json.musicTaskId).toBe('music-1');
});

describe.each([
	{ operation: 'waitForCompletion', extra: { coverTaskId: 'cover-1' } },
	{ operation: 'generate', extra: { musicTaskId: 'music-1', waitMode: 'poll' } },
])('$operation refuses bad wait options before sending anything', ({ operation, extra }) => {
	test.each([
		{ option: 'timeout', value: 5, message: 'Timeout (Seconds) must be a number from 10 to 21600' },
		{
			option: 'timeout',
			value: 100_000,
			message: 'Timeout (Seconds) must be a number from 10 to 21600',
		},
		{
			option: 'timeout',
			value: 'soon',
			message: 'Timeout (Seconds) must be a number from 10 to 21600',
		},
		{
			option: 'pollInterval',
			value: 0,
			message: 'Poll Interval (Seconds) must be a number from 1 to 30',
		},
		{
			option: 'pollInterval',
			value: 31,
			message: 'Poll Interval (Seconds) must be a number from 1 to 30',
		},
	])('$option = $value', async ({ option, value, message }) => {
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: { operation, ...extra, options: { [option]: value } },
		});
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toContain(JSON.stringify(value));
		expect(emulator.requests).toHaveLength(0);
	});
});

test('an unknown provider is refused', async () => {
	const result = await runNode(emulator, {
		provider: 'kieAi',
		parameters: { provider: 'sunoDirect', operation: 'getStatus', coverTaskId: 'c' },
	});
	expect(result.error?.message).toMatch(/provider/i);
});
