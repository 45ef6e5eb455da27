import { ApiinOneApi } from '../../credentials/ApiinOneApi.credentials';
import { KieAiApi } from '../../credentials/KieAiApi.credentials';
import { UdioApiProApi } from '../../credentials/UdioApiProApi.credentials';
import { createEmulator, type Emulator } from '../emulator';
import type { ProviderName } from '../emulator/types';
import { testCredential } from '../harness/credentialTester';

const emulator: Emulator = createEmulator();
beforeAll(async () => {
	await emulator.start();
});
afterEach(() => emulator.reset());
afterAll(async () => {
	await emulator.stop();
});

const cases = [
	{
		provider: 'kieAi' as ProviderName,
		credential: new KieAiApi(),
		path: '/kie/api/v1/chat/credit',
	},
	{
		provider: 'udioApiPro' as ProviderName,
		credential: new UdioApiProApi(),
		path: '/udio/api/v2/credits',
	},
	{
		provider: 'apiinOne' as ProviderName,
		credential: new ApiinOneApi(),
		path: '/apiin/api/v1/audio/music/cover/status',
	},
];

describe.each(cases)('$credential.name credential test', ({ provider, credential, path }) => {
	test('accepts the valid API key', async () => {
		const outcome = await testCredential(credential, {
			apiKey: emulator.keys[provider],
			baseUrl: emulator.baseUrls[provider],
		});
		expect(outcome).toMatchObject({ status: 'OK' });
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0]).toMatchObject({ provider, path, authorized: true });
	});

	test('rejects a wrong API key', async () => {
		const outcome = await testCredential(credential, {
			apiKey: 'wrong-key-1234',
			baseUrl: emulator.baseUrls[provider],
		});
		expect(outcome.status).toBe('Error');
		// n8n's authenticated request helper may repeat a request answered with HTTP 401 once.
		expect(emulator.requests.length).toBeGreaterThanOrEqual(1);
		for (const request of emulator.requests)
			expect(request).toMatchObject({ provider, path, authorized: false });
	});

	test('works with a base URL that ends in a slash', async () => {
		const outcome = await testCredential(credential, {
			apiKey: emulator.keys[provider],
			baseUrl: `${emulator.baseUrls[provider]}/`,
		});
		expect(outcome.status).toBe('OK');
		expect(emulator.requests[0].path).toBe(path);
	});

	test('sends the key as a Bearer token', async () => {
		const outcome = await testCredential(credential, {
			apiKey: emulator.keys[provider],
			baseUrl: emulator.baseUrls[provider],
		});
		expect(outcome.requests[0].headers).toMatchObject({
			Authorization: `Bearer ${emulator.keys[provider]}`,
		});
	});
});

test.each([
	[
		'kie.ai refuses with HTTP 200 and body code 401',
		new KieAiApi(),
		'kieAi' as ProviderName,
		'kie.ai refused the API key (code 401)',
	],
	[
		'apiin.one refuses with HTTP 401 and an error object',
		new ApiinOneApi(),
		'apiinOne' as ProviderName,
		'apiin.one refused the API key (code 401)',
	],
])('the rule names the refusal when %s', async (_name, credential, provider, message) => {
	const outcome = await testCredential(credential, {
		apiKey: 'wrong-key-1234',
		baseUrl: emulator.baseUrls[provider],
	});
	expect(outcome).toMatchObject({ status: 'Error', message });
});

test('the kie.ai test sends a User-Agent, so Cloudflare does not refuse it', async () => {
	await testCredential(new KieAiApi(), {
		apiKey: emulator.keys.kieAi,
		baseUrl: emulator.baseUrls.kieAi,
	});
	expect(emulator.requests[0].headers['user-agent']).toBe('n8n-nodes-music-cover');
});

test('an unreachable base URL fails the test', async () => {
	const outcome = await testCredential(new UdioApiProApi(), {
		apiKey: emulator.keys.udioApiPro,
		baseUrl: 'http://127.0.0.1:1/api',
	});
	expect(outcome.status).toBe('Error');
});

/**
 * Each credential's documentation link is the provider's cover page, one that exists (stored
 * copies of each page back these; the seeds are copies of the same pages): a wrong path is a
 * dead link in n8n's credential dialog.
 */
test.each([
	{ credential: new KieAiApi(), page: 'https://docs.kie.ai/suno-api/cover-suno' },
	{ credential: new UdioApiProApi(), page: 'https://udioapi.pro/docs/generate-music-cover' },
	{ credential: new ApiinOneApi(), page: 'https://apiin.one/docs/suno/cover' },
])('$credential.name links to its cover page, $page', ({ credential, page }) => {
	expect(credential.documentationUrl).toBe(page);
});
