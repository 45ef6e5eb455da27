/**
 * Each registered provider's credential test (the request n8n's "Test" button sends, and its
 * rules), run against the emulator. The providers come from the registry and their credentials
 * from the package (test/harness/credentialTypes.ts); the emulator profile supplies the key, the
 * base URL and the routes.
 */
import { allProviders, PROVIDERS } from '../../nodes/MusicCover/providers';
import { createEmulator, type Emulator } from '../emulator';
import { PROFILES } from '../emulator/providers';
import type { ProviderName } from '../emulator/types';
import { credentialOf } from '../harness/credentialTypes';
import { testCredential } from '../harness/credentialTester';

const emulator: Emulator = createEmulator();
beforeAll(async () => {
	await emulator.start();
});
afterEach(() => emulator.reset());
afterAll(async () => {
	await emulator.stop();
});

/**
 * The path a credential test must read: the account's balance where the provider has such an
 * endpoint, otherwise a status read (of a cover that cannot exist); never a paid generate.
 */
function credentialTestRoute(provider: ProviderName): { method: string; path: string } {
	const profile = PROFILES[provider];
	if (!profile)
		throw new Error(
			`${provider} has no emulator profile (test/emulator/profiles/, listed in providers.js)`,
		);
	const routes = Object.entries(profile.routes);
	const [route] =
		routes.find(([, endpoint]) => endpoint === 'credits') ??
		routes.find(([, endpoint]) => endpoint === 'status') ??
		[];
	if (!route) throw new Error(`${provider}'s emulator profile has no credits or status route`);
	const [method, subPath] = route.split(' ');
	return { method, path: `${new URL(emulator.baseUrls[provider]).pathname}${subPath}` };
}

const cases = allProviders().map((adapter) => ({
	provider: adapter.id,
	credential: credentialOf(adapter),
	route: () => credentialTestRoute(adapter.id),
}));

describe.each(cases)('$credential.name credential test', ({ provider, credential, route }) => {
	test('accepts the valid API key, reading the account or a status, nothing paid', async () => {
		const outcome = await testCredential(credential, {
			apiKey: emulator.keys[provider],
			baseUrl: emulator.baseUrls[provider],
		});
		expect(outcome).toMatchObject({ status: 'OK' });
		expect(emulator.requests).toHaveLength(1);
		expect(emulator.requests[0]).toMatchObject({ provider, ...route(), authorized: true });
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
			expect(request).toMatchObject({ provider, ...route(), authorized: false });
	});

	test('works with a base URL that ends in a slash', async () => {
		const outcome = await testCredential(credential, {
			apiKey: emulator.keys[provider],
			baseUrl: `${emulator.baseUrls[provider]}/`,
		});
		expect(outcome.status).toBe('OK');
		expect(emulator.requests[0].path).toBe(route().path);
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

	test('an unreachable base URL fails the test', async () => {
		const outcome = await testCredential(credential, {
			apiKey: emulator.keys[provider],
			baseUrl: 'http://127.0.0.1:1/api',
		});
		expect(outcome).toMatchObject({ status: 'Error', message: 'ECONNREFUSED' });
	});
});

test.each([
	[
		'kie.ai refuses with HTTP 200 and body code 401',
		'kieAi',
		'kie.ai refused the API key (code 401)',
	],
	[
		'apiin.one refuses with HTTP 401 and an error object',
		'apiinOne',
		'apiin.one refused the API key (code 401)',
	],
])('the rule names the refusal when %s', async (_name, provider, message) => {
	const outcome = await testCredential(credentialOf(PROVIDERS[provider]), {
		apiKey: 'wrong-key-1234',
		baseUrl: emulator.baseUrls[provider],
	});
	expect(outcome).toMatchObject({ status: 'Error', message });
});

test('the kie.ai test sends a User-Agent, so Cloudflare does not refuse it', async () => {
	await testCredential(credentialOf(PROVIDERS.kieAi), {
		apiKey: emulator.keys.kieAi,
		baseUrl: emulator.baseUrls.kieAi,
	});
	expect(emulator.requests[0].headers['user-agent']).toBe('n8n-nodes-music-cover');
});

/** The registrable domain of a URL's host: `docs.kie.ai` and `api.kie.ai` are both kie.ai's. */
const siteOf = (url: string) => new URL(url).hostname.split('.').slice(-2).join('.');

test.each(cases)(
	'$credential.name links to a page of its own provider over https',
	({ credential }) => {
		const page = new URL(String(credential.documentationUrl));
		const baseUrl = credential.properties.find((property) => property.name === 'baseUrl');
		expect(page.protocol).toBe('https:');
		expect(page.pathname).not.toBe('/');
		expect(siteOf(page.href)).toBe(siteOf(String(baseUrl?.default)));
	},
);

/**
 * Each credential's documentation link is the provider's cover page, one that exists (stored
 * copies of each page back these; the seeds are copies of the same pages): a wrong path is a
 * dead link in n8n's credential dialog. Facts about these three pages, not the list of providers.
 */
test.each([
	{ provider: 'kieAi', page: 'https://docs.kie.ai/suno-api/cover-suno' },
	{ provider: 'udioApiPro', page: 'https://udioapi.pro/docs/generate-music-cover' },
	{ provider: 'apiinOne', page: 'https://apiin.one/docs/suno/cover' },
])('the $provider credential links to its cover page, $page', ({ provider, page }) => {
	expect(credentialOf(PROVIDERS[provider]).documentationUrl).toBe(page);
});
