/**
 * Generate > Options > Check Credits First: one credit read before the batch; an account that
 * cannot pay for every item gets no create at all (the emulator's request log shows none).
 */
import {
	expectOnePairedItemPerInput,
	inputItems,
	requestsTo,
	runNode,
	useEmulator,
} from '../../support';

const emulator = useEmulator({ readyAfterMs: 0 });

const batch = (count: number) =>
	inputItems(count).map((item, index) => ({
		json: { ...item.json, musicTaskId: `music-${index}` },
	}));

const generate = (options: Record<string, unknown> = { checkCredits: true }) => ({
	operation: 'generate',
	waitMode: 'noWait',
	musicTaskId: '={{ $json.musicTaskId }}',
	options,
});

describe.each([
	['kieAi', { kieCredits: 2 }, 'kie.ai', "assumed: kie.ai's cover page states no price"],
	[
		'udioApiPro',
		{ udioCredits: { credits: 2, used_credits: 0 } },
		'udioapi.pro',
		'https://udioapi.pro/docs/generate-music-cover',
	],
] as const)('%s', (provider, twoCredits, displayName, costSource) => {
	test('an account that cannot pay for every item: refused before the first create, both numbers in the message', async () => {
		emulator.configure(twoCredits);
		const result = await runNode(emulator, { provider, parameters: generate(), items: batch(3) });
		expect(result.error?.message).toBe(
			`Not started: the ${displayName} account cannot pay for this batch: 2 credits left, 3 needed for 3 covers at 1 each (${costSource})`,
		);
		expect(requestsTo(emulator, provider, 'credits')).toHaveLength(1);
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(0);
	});

	test('with Continue On Fail, every item says it was not started, and nothing is created', async () => {
		emulator.configure(twoCredits);
		const result = await runNode(emulator, {
			provider,
			continueOnFail: true,
			parameters: generate(),
			items: batch(3),
		});
		expectOnePairedItemPerInput(result, 3);
		result.items.forEach((item, index) => {
			expect(item.json.error).toMatch(/^Not started: .* 2 credits left, 3 needed/);
			expect(item.json.errorDescription).toContain(`item ${index + 1} of 3`);
		});
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(0);
	});

	test('an account that can pay: one credit read, then the creates', async () => {
		emulator.configure(twoCredits);
		const result = await runNode(emulator, { provider, parameters: generate(), items: batch(2) });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.status)).toEqual(['pending', 'pending']);
		const endpoints = emulator.requests
			.filter((request) => request.provider === provider)
			.map((request) => request.endpoint);
		expect(endpoints).toEqual(['credits', 'generate', 'generate']);
	});

	test('a credit read that fails starts nothing', async () => {
		emulator.injectFault({ provider, endpoint: 'credits', code: 'reset', times: 10 });
		const result = await runNode(emulator, { provider, parameters: generate(), items: batch(1) });
		expect(result.error?.message).toMatch(
			new RegExp(`^Not started: the ${displayName.replace('.', '\\.')} credits could not be read`),
		);
		expect(result.error?.description).toContain(`Could not reach ${displayName}`);
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(0);
	});

	test('without the option, no credit read', async () => {
		emulator.configure(twoCredits);
		await runNode(emulator, { provider, parameters: generate({}), items: batch(3) });
		expect(requestsTo(emulator, provider, 'credits')).toHaveLength(0);
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(3);
	});
});

test('the option is offered only where the provider tells the balance', async () => {
	const { checkCreditsOption } = await import(
		'../../../../../nodes/MusicCover/actions/cover/creditCheck'
	);
	expect(checkCreditsOption.displayOptions?.show?.['/provider']).toEqual(['kieAi', 'udioApiPro']);
});
