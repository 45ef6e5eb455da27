import { PROVIDER_NAMES, requestsTo, runNode, useEmulator } from '../support';

const emulator = useEmulator();

describe.each(PROVIDER_NAMES)('the router on %s', (provider) => {
	test("n8n's injected Custom API Call: a clear error pointing to the HTTP Request node, nothing sent", async () => {
		const result = await runNode(emulator, {
			provider,
			parameters: { operation: '__CUSTOM_API_CALL__' },
		});
		expect(result.error?.message).toBe('Custom API Call is not an operation of this node');
		expect(result.error?.description).toMatch(/HTTP Request node.*Predefined Credential Type/);
		expect(emulator.requests).toHaveLength(0);
		expect(requestsTo(emulator, provider, 'generate')).toHaveLength(0);
	});

	test('an unknown operation names the operations there are', async () => {
		const result = await runNode(emulator, { provider, parameters: { operation: 'upscale' } });
		expect(result.error?.message).toBe('Unknown operation "upscale"');
		expect(result.error?.description).toBe(
			'Choose Generate, Get Status, Wait for Completion or Get Credits.',
		);
	});
});
