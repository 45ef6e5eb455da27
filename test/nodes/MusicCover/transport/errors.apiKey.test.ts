/** The API key (and kie.ai's signing key) never reach an output item or an error: the real node in a real n8n run against the emulator. */

import { DISPLAY_NAME, PROVIDER_NAMES, runNode, useEmulator, type RunResult } from '../support';

const emulator = useEmulator({ readyAfterMs: 0 });

describe('the API key never reaches an output item or an error', () => {
	const serialised = (result: RunResult) =>
		JSON.stringify([result.run, result.items, result.error?.message, result.error?.description]);

	test.each(PROVIDER_NAMES)(
		'%s: a provider echoing the key in its error message',
		async (provider) => {
			const key = emulator.keys[provider];
			// Once for the run that fails, once for the run that continues.
			emulator.injectFault({
				provider,
				endpoint: 'generate',
				code: 402,
				message: `Key ${key} has no credits left`,
				times: 2,
			});
			const failed = await runNode(emulator, {
				provider,
				parameters: { operation: 'generate', musicTaskId: 'music-a' },
			});
			expect(failed.error?.message).toContain('has no credits left');
			expect(serialised(failed)).not.toContain(key);

			const continued = await runNode(emulator, {
				provider,
				continueOnFail: true,
				parameters: { operation: 'generate', musicTaskId: 'music-a' },
			});
			expect(continued.items[0].json.error).toContain('***');
			expect(serialised(continued)).not.toContain(key);
		},
	);

	test('kie.ai: a provider echoing the callback signing key in its error message', async () => {
		const signingKey = 'hmac-signing-key-0123456789';
		emulator.injectFault({
			provider: 'kieAi',
			endpoint: 'generate',
			code: 422,
			message: `callback signed with ${signingKey} is invalid`,
		});
		const result = await runNode(emulator, {
			provider: 'kieAi',
			signingKey,
			continueOnFail: true,
			parameters: { operation: 'generate', musicTaskId: 'music-a' },
		});
		expect(result.items[0].json.error).toContain('callback signed with *** is invalid');
		expect(serialised(result)).not.toContain(signingKey);
	});

	test.each(PROVIDER_NAMES)('%s: a refused key echoed back in a 401', async (provider) => {
		const wrongKey = 'wrong-key-0123456789';
		emulator.injectFault({ provider, code: 401, message: `Invalid API key ${wrongKey}` });
		const result = await runNode(emulator, {
			provider,
			apiKey: wrongKey,
			parameters: { operation: 'getStatus', coverTaskId: 'cover-x' },
		});
		expect(result.error?.message).toContain(`${DISPLAY_NAME[provider]} answered code 401`);
		expect(serialised(result)).not.toContain(wrongKey);
	});

	test.each(PROVIDER_NAMES)('%s: a successful run with downloads', async (provider) => {
		const result = await runNode(emulator, {
			provider,
			parameters: {
				operation: 'generate',
				musicTaskId: 'music-a',
				waitMode: 'poll',
				options: { pollInterval: 1, download: true },
			},
		});
		expect(result.items[0].json.status).toBe('success');
		expect(serialised(result)).not.toContain(emulator.keys[provider]);
		expect(emulator.requests.filter((request) => request.provider === 'images')).toHaveLength(2);
		// Image URLs are public: the key is not sent to the storage host either.
		for (const request of emulator.requests.filter((entry) => entry.provider === 'images')) {
			expect(request.headers.authorization).toBeUndefined();
		}
	});
});
