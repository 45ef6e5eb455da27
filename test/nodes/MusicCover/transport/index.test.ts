/**
 * sendToProvider's retry policy, against the emulator over real HTTP through a real n8n-core
 * ExecuteContext. Only the pause is injected, so Retry-After and back-off are observed without
 * waiting.
 */
import { NodeApiError } from 'n8n-workflow';

import {
	MAX_ATTEMPTS,
	MAX_RETRY_AFTER_MS,
	RETRY_BASE_DELAY_MS,
	USER_AGENT,
} from '../../../../nodes/MusicCover/util/constants';
import { PROVIDERS } from '../../../../nodes/MusicCover/providers';
import { sendToProvider, type RetryPolicy } from '../../../../nodes/MusicCover/transport';
import { Pacer } from '../../../../nodes/MusicCover/transport/pace';
import { isTransientError } from '../../../../nodes/MusicCover/transport/retry';
import {
	type Emulator,
	type ProviderName,
	PROVIDER_NAMES,
	requestsTo,
	useEmulator,
} from '../support';
import { executeContextFor } from '../support/executeContext';
import type { Fault } from '../../../emulator/types';

const emulator = useEmulator();

/** A pacer on its own fake clock, recording the pauses it makes. */
function fakeClockPacer() {
	let time = 0;
	const pauses: number[] = [];
	const pacer = new Pacer(
		() => time,
		async (ms) => {
			pauses.push(ms);
			time += ms;
		},
	);
	return { pacer, pauses };
}

function recordingSleep() {
	const pauses: number[] = [];
	return { pauses, sleep: async (ms: number) => void pauses.push(ms) };
}

async function send(
	provider: ProviderName,
	kind: 'status' | 'generate',
	options: { retry?: RetryPolicy; apiKey?: string; signal?: AbortSignal; deadline?: number } = {},
) {
	const adapter = PROVIDERS[provider];
	const { context, requests } = executeContextFor(emulator, provider, { apiKey: options.apiKey });
	const { pauses, sleep } = recordingSleep();
	const pacing = fakeClockPacer();
	const request =
		kind === 'status'
			? adapter.statusRequest(await knownCover(emulator, provider))
			: adapter.generateRequest(`music-${Math.random()}`, undefined);
	const outcome = sendToProvider(context, adapter, request, {
		retry: options.retry ?? (kind === 'status' ? 'read' : 'create'),
		accept: kind === 'generate' ? (envelope) => adapter.isGenerateAnswer(envelope) : undefined,
		sleep,
		signal: options.signal,
		deadline: options.deadline,
		// Its own fake clock: a rate window passes without real waiting.
		pacer: pacing.pacer,
	});
	return { outcome, pauses, requests, pacer: pacing.pacer, pacerPauses: pacing.pauses };
}

/** A cover task the emulator knows, made by a generate sent straight to it. */
async function knownCover(target: Emulator, provider: ProviderName): Promise<string> {
	const adapter = PROVIDERS[provider];
	const { context } = executeContextFor(target, provider);
	const envelope = await sendToProvider(
		context,
		adapter,
		adapter.generateRequest(`seed-${Math.random()}`, undefined),
		{
			retry: 'create',
		},
	);
	const id = adapter.parseGenerate(envelope).coverTaskId as string;
	target.requests.length = 0;
	return id;
}

const fault = (
	provider: ProviderName,
	endpoint: 'status' | 'generate',
	extra: Partial<Fault>,
): Fault => ({ provider, endpoint, code: 500, ...extra });

describe.each(PROVIDER_NAMES)('sendToProvider on %s', (provider) => {
	test('sends the User-Agent, Accept and the Bearer key from the credential', async () => {
		const { outcome, requests } = await send(provider, 'status');
		await expect(outcome).resolves.toMatchObject({ code: 200 });
		const [received] = requestsTo(emulator, provider, 'status');
		expect(received.authorized).toBe(true);
		expect(received.headers).toMatchObject({
			'user-agent': USER_AGENT,
			accept: 'application/json',
		});
		expect(requests[0].headers).toMatchObject({
			Authorization: `Bearer ${emulator.keys[provider]}`,
		});
	});

	test('a status read honours Retry-After on 429, then succeeds', async () => {
		emulator.injectFault(fault(provider, 'status', { code: 429, retryAfter: 7 }));
		const { outcome, pauses } = await send(provider, 'status');
		await expect(outcome).resolves.toMatchObject({ code: 200 });
		expect(pauses).toEqual([7000]);
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(2);
	});

	test(`a Retry-After beyond ${MAX_RETRY_AFTER_MS / 1000} s is cut`, async () => {
		emulator.injectFault(fault(provider, 'status', { code: 429, retryAfter: 3600 }));
		const { outcome, pauses } = await send(provider, 'status');
		await expect(outcome).resolves.toMatchObject({ code: 200 });
		expect(pauses).toEqual([MAX_RETRY_AFTER_MS]);
	});

	test.each([
		{ name: '500', code: 500 as Fault['code'] },
		...PROVIDERS[provider].transientCodes.map((code) => ({
			name: `its own transient code ${code}`,
			code: code as Fault['code'],
		})),
		{ name: 'an HTML 502 page', code: 'html' as Fault['code'] },
		{ name: 'a reset connection', code: 'reset' as Fault['code'] },
	])(
		'a status read retries $name with doubling back-off and gives up after the last attempt',
		async ({ code }) => {
			emulator.injectFault(fault(provider, 'status', { code, times: MAX_ATTEMPTS }));
			const { outcome, pauses } = await send(provider, 'status');
			const error = await outcome.catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(isTransientError(error, PROVIDERS[provider].transientCodes)).toBe(true);
			expect(pauses).toEqual([RETRY_BASE_DELAY_MS, RETRY_BASE_DELAY_MS * 2]);
			expect(requestsTo(emulator, provider, 'status')).toHaveLength(MAX_ATTEMPTS);
		},
	);

	test.each([400, 401, 402, 404, 422])('a status read does not retry %i', async (code) => {
		emulator.injectFault(fault(provider, 'status', { code }));
		const { outcome, pauses } = await send(provider, 'status');
		const error = await outcome.catch((caught: unknown) => caught);
		expect(error).toMatchObject({ httpCode: String(code) });
		expect(isTransientError(error, PROVIDERS[provider].transientCodes)).toBe(false);
		expect(pauses).toEqual([]);
		expect(requestsTo(emulator, provider, 'status')).toHaveLength(1);
	});

	test('a generate is retried after a 429 (the provider dropped it)', async () => {
		emulator.injectFault(fault(provider, 'generate', { code: 429, retryAfter: 2 }));
		const { outcome, pauses } = await send(provider, 'generate');
		await expect(outcome).resolves.toMatchObject({ code: 200 });
		expect(pauses).toEqual([2000]);
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(2);
		expect(emulator.listTasks(provider)).toHaveLength(1);
	});

	test('a create rate-limited again and again is sent again after each wait while the budget lasts', async () => {
		emulator.injectFault(fault(provider, 'generate', { code: 429, retryAfter: 2, times: 5 }));
		const { outcome, pauses } = await send(provider, 'generate', {
			deadline: Date.now() + 600_000,
		});
		await expect(outcome).resolves.toMatchObject({ code: 200 });
		expect(pauses).toEqual([2000, 2000, 2000, 2000, 2000]);
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(6);
		expect(emulator.listTasks(provider)).toHaveLength(1);
	});

	test('a rate-limited create stops when the next try would pass the budget', async () => {
		emulator.injectFault(fault(provider, 'generate', { code: 429, retryAfter: 2, times: 5 }));
		const { outcome } = await send(provider, 'generate', { deadline: Date.now() + 1000 });
		await expect(outcome).rejects.toMatchObject({ httpCode: '429' });
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(MAX_ATTEMPTS);
		expect(emulator.listTasks(provider)).toHaveLength(0);
	});

	test('no retry once the execution is cancelled', async () => {
		const controller = new AbortController();
		controller.abort();
		emulator.injectFault(fault(provider, 'status', { code: 429, retryAfter: 1 }));
		const { outcome, pauses } = await send(provider, 'status', { signal: controller.signal });
		await expect(outcome).rejects.toMatchObject({ httpCode: '429' });
		expect(pauses).toEqual([]);
	});
});

test.each([
	{ provider: 'udioApiPro' as ProviderName, code: 500 as Fault['code'] },
	{ provider: 'apiinOne' as ProviderName, code: 500 as Fault['code'] },
	{ provider: 'udioApiPro' as ProviderName, code: 'reset' as Fault['code'] },
	{ provider: 'apiinOne' as ProviderName, code: 'html' as Fault['code'] },
])(
	'$provider: a paid generate is not repeated after $code (a repeat could be charged twice)',
	async ({ provider, code }) => {
		emulator.injectFault(fault(provider, 'generate', { code, times: MAX_ATTEMPTS }));
		const { outcome, pauses } = await send(provider, 'generate');
		await expect(outcome).rejects.toBeInstanceOf(NodeApiError);
		expect(pauses).toEqual([]);
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(1);
	},
);

test('kie.ai: a generate is retried after a 500, since a repeat only returns the existing cover id', async () => {
	emulator.injectFault(fault('kieAi', 'generate', { code: 500 }));
	const { outcome, pauses } = await send('kieAi', 'generate');
	await expect(outcome).resolves.toMatchObject({ code: 200 });
	expect(pauses).toEqual([RETRY_BASE_DELAY_MS]);
	expect(emulator.listTasks('kieAi')).toHaveLength(1);
});

// 430: "call frequency too high" on sibling pages of kie.ai's doc family (PROVIDERS.md, "What no
// page says"; assumed for kie.ai itself), which the adapter declares a rate limit like 429.
test.each([429, 430])(
	'kie.ai: a create rate-limited with %i and no Retry-After is held by the pacer until its window has room, then goes through',
	async (code) => {
		emulator.injectFault(fault('kieAi', 'generate', { code, times: 2 }));
		const { outcome, pauses, pacerPauses } = await send('kieAi', 'generate', {
			deadline: Date.now() + 600_000,
		});
		await expect(outcome).resolves.toMatchObject({ code: 200 });
		// No fixed pause of its own: the pacer cut this process's share to the one create it had
		// in the window (without the cut, 19 more would fit), so each repeat waits for that create
		// to leave the window (window plus margin, counted from its answer).
		expect(pauses).toEqual([0, 0]);
		const window = (PROVIDERS.kieAi.createLimit?.perMs ?? 0) + 20;
		expect(pacerPauses).toEqual([window, window]);
		expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(3);
		expect(emulator.listTasks('kieAi')).toHaveLength(1);
	},
);

test.each([
	{ name: 'only rate-limited (dropped unheard)', faults: [429, 430], acted: false },
	{ name: 'a reset connection (its answer lost)', faults: ['reset', 429], acted: true },
	{ name: 'a 5xx', faults: [430, 500], acted: true },
] as Array<{ name: string; faults: Array<Fault['code']>; acted: boolean }>)(
	'kie.ai: a create answered after earlier attempts tells whether one of them may have acted: $name',
	async ({ faults, acted }) => {
		for (const code of faults)
			emulator.injectFault(fault('kieAi', 'generate', { code, retryAfter: 0 }));
		const { outcome } = await send('kieAi', 'generate', { deadline: Date.now() + 600_000 });
		await expect(outcome).resolves.toMatchObject({ code: 200, earlierAttemptMayHaveActed: acted });
	},
);

test('kie.ai: a bad key answered with HTTP 200 and body code 401 is an error, not retried', async () => {
	const { outcome, pauses } = await send('kieAi', 'status', { apiKey: 'kie-wrong-key' });
	await expect(outcome).rejects.toMatchObject({
		httpCode: '401',
		message: expect.stringContaining('kie.ai answered code 401'),
	});
	expect(pauses).toEqual([]);
});
