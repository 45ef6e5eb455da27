import { DISPLAY_NAME, PROVIDER_NAMES, runNode, useEmulator } from '../support';

const emulator = useEmulator();

describe.each(PROVIDER_NAMES)('the router on %s', (provider) => {
	test("n8n's injected Custom API Call: a clear error pointing to the HTTP Request node, nothing sent", async () => {
		const result = await runNode(emulator, {
			provider,
			parameters: { operation: '__CUSTOM_API_CALL__' },
		});
		expect(result.error?.message).toBe('Custom API Call is not an operation of this node');
		expect(result.error?.description).toBe(
			`For any other ${DISPLAY_NAME[provider]} endpoint, use n8n's HTTP Request node with Authentication "Predefined Credential Type" and the same ${DISPLAY_NAME[provider]} credential.`,
		);
		// Nothing reached the provider; and, whatever the URL, n8n was asked to send no request
		// with the credential (the harness records each one) nor to decrypt it.
		expect(emulator.requests).toHaveLength(0);
		expect(result.requests).toEqual([]);
		expect(result.decrypted).toEqual([]);
	});

	test('an unknown operation names the operations there are', async () => {
		const result = await runNode(emulator, { provider, parameters: { operation: 'upscale' } });
		expect(result.error?.message).toBe('Unknown operation "upscale"');
		expect(result.error?.description).toBe(
			'Choose Generate, Get Status, Wait for Completion or Get Credits.',
		);
		expect(emulator.requests).toHaveLength(0);
		expect(result.requests).toEqual([]);
	});
});
