/**
 * Get Credits: the account's balance in one shape for every provider that documents a credits
 * endpoint (kie.ai `GET /api/v1/chat/credit`, udioapi.pro `GET /v2/credits`), not offered for
 * apiin.one, which documents none. The real node against the emulator.
 */
import type { INodeProperties } from 'n8n-workflow';

import { MusicCover } from '../../../../../nodes/MusicCover/MusicCover.node';
import { TOOL_DESCRIPTIONS } from '../../../../../nodes/MusicCover/actions/tool';
import { runAsTools, type ToolNodeSpec } from '../../../../harness/toolRuntime';
import {
	CREDENTIAL_TYPE,
	expectOnePairedItemPerInput,
	inputItems,
	requestsTo,
	runNode,
	useEmulator,
} from '../../support';

const emulator = useEmulator();

describe('Get Credits', () => {
	test("kie.ai: the credits left, read from the body's data", async () => {
		emulator.configure({ kieCredits: 37.5 });
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: { operation: 'getCredits' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ provider: 'kieAi', credits: 37.5 }]);
		expect(requestsTo(emulator, 'kieAi', 'credits')).toHaveLength(1);
	});

	test('udioapi.pro: the credits left and the credits used', async () => {
		emulator.configure({ udioCredits: { credits: 12, used_credits: 88 } });
		const result = await runNode(emulator, {
			provider: 'udioApiPro',
			parameters: { operation: 'getCredits' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ provider: 'udioApiPro', credits: 12, usedCredits: 88 });
	});

	test('one read for the run, one item per input item, each paired', async () => {
		const result = await runNode(emulator, {
			provider: 'kieAi',
			parameters: { operation: 'getCredits' },
			items: inputItems(3),
		});
		expectOnePairedItemPerInput(result, 3);
		expect(result.items.every((item) => item.json.credits === 100)).toBe(true);
		expect(requestsTo(emulator, 'kieAi', 'credits')).toHaveLength(1);
	});

	test("a refused key is the provider's error, and with Continue On Fail every item carries it", async () => {
		const refused = await runNode(emulator, {
			provider: 'kieAi',
			apiKey: 'wrong-key',
			parameters: { operation: 'getCredits' },
		});
		expect(refused.error?.message).toBe(
			'kie.ai answered code 401: You do not have access permissions',
		);
		const continued = await runNode(emulator, {
			provider: 'udioApiPro',
			apiKey: 'wrong-key',
			continueOnFail: true,
			parameters: { operation: 'getCredits' },
			items: inputItems(2),
		});
		expectOnePairedItemPerInput(continued, 2);
		for (const item of continued.items) {
			expect(item.json).toMatchObject({
				error: expect.stringContaining('code 401'),
				errorCode: '401',
			});
		}
	});

	test('apiin.one, which documents no credits endpoint: a stored Get Credits says so and sends nothing', async () => {
		const result = await runNode(emulator, {
			provider: 'apiinOne',
			parameters: { operation: 'getCredits' },
		});
		expect(result.error?.message).toBe("apiin.one documents no way to read the account's credits");
		expect(emulator.requests).toHaveLength(0);
	});
});

describe('the editor', () => {
	const properties = new MusicCover().description.properties;
	const operationFieldFor = (provider: string): INodeProperties => {
		const shown = properties.filter(
			(property) =>
				property.name === 'operation' &&
				(property.displayOptions?.show?.provider?.includes(provider) ||
					(property.displayOptions?.hide?.provider &&
						!property.displayOptions.hide.provider.includes(provider))),
		);
		expect(shown).toHaveLength(1);
		return shown[0];
	};
	const values = (property: INodeProperties) =>
		(property.options ?? []).map((option) => (option as { value: string }).value);

	test.each(['kieAi', 'udioApiPro'])('offers Get Credits for %s', (provider) => {
		expect(values(operationFieldFor(provider))).toContain('getCredits');
	});

	test('does not offer Get Credits for apiin.one, and its provider option says why', () => {
		expect(values(operationFieldFor('apiinOne'))).not.toContain('getCredits');
		const provider = properties.find((property) => property.name === 'provider');
		const apiin = provider?.options?.find(
			(option) => (option as { value: string }).value === 'apiinOne',
		);
		expect((apiin as { description?: string }).description).toContain('no credits endpoint');
	});
});

test('as an AI tool: its own description, no input, and the balance as the answer', async () => {
	const tool: ToolNodeSpec = {
		name: 'Credits left',
		parameters: { provider: 'kieAi', operation: 'getCredits' },
	};
	const run = await runAsTools({
		credentials: {
			[CREDENTIAL_TYPE.kieAi]: { apiKey: emulator.keys.kieAi, baseUrl: emulator.baseUrls.kieAi },
		},
		tools: [tool],
		calls: [{ tool: 'Credits_left', arguments: {} }],
	});
	if (run.error) throw run.error;
	expect(run.tools).toEqual([
		{ name: 'Credits_left', description: TOOL_DESCRIPTIONS.getCredits, inputs: [] },
	]);
	expect(JSON.parse(run.results[0].answer ?? 'null')).toEqual([
		{ provider: 'kieAi', credits: 100 },
	]);
});
