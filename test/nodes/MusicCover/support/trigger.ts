/**
 * The Music Cover Trigger's tests: an emulator that signs its kie.ai callbacks, covers created
 * through kie.ai's API as a music step would create them, and the trigger served over real HTTP.
 */
import { createEmulator, type Emulator } from '../../../emulator';
import type { EmulatorOptionsInput } from '../../../emulator/types';
import { musicCoverNode } from '../../../harness/n8nRuntime';
import { serveNodeWebhook, type WebhookServer } from '../../../harness/webhookServer';

/** The webhook HMAC key the emulator signs with and the trigger's credential holds. */
export const TRIGGER_HMAC_KEY = 'kie-webhook-hmac-key';

/** An emulator, started, that signs kie.ai callbacks with `TRIGGER_HMAC_KEY`. */
export async function startSigningEmulator(options: EmulatorOptionsInput): Promise<Emulator> {
	const emulator = createEmulator({ kieWebhookHmacKey: TRIGGER_HMAC_KEY, ...options });
	await emulator.start();
	return emulator;
}

/** A cover created through kie.ai's API, its callback going to `callBackUrl`: its task id. */
export async function createKieCover(
	emulator: Emulator,
	musicTaskId: string,
	callBackUrl = 'https://example.com/none',
): Promise<string> {
	const created = await fetch(`${emulator.baseUrls.kieAi}/api/v1/suno/cover/generate`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${emulator.keys.kieAi}`,
			'content-type': 'application/json',
			'user-agent': 'test',
		},
		body: JSON.stringify({ taskId: musicTaskId, callBackUrl }),
	});
	return ((await created.json()) as { data: { taskId: string } }).data.taskId;
}

/** The trigger with these options, on its own webhook server, with the emulator's kie.ai key. */
export async function serveTrigger(
	emulator: Emulator,
	options: Record<string, unknown>,
	{ typeVersion = 1, webhookHmacKey = TRIGGER_HMAC_KEY } = {},
): Promise<WebhookServer> {
	return await serveNodeWebhook({
		node: musicCoverNode('musicCoverTrigger', { options }, ['kieAiApi'], false, typeVersion),
		credentials: {
			kieAiApi: { apiKey: emulator.keys.kieAi, baseUrl: emulator.baseUrls.kieAi, webhookHmacKey },
		},
	});
}

/** Runs `use` with the server `served` resolves to, and closes it after, whatever happens. */
export async function withServer(
	served: Promise<WebhookServer>,
	use: (server: WebhookServer) => Promise<void>,
): Promise<void> {
	const server = await served;
	try {
		await use(server);
	} finally {
		await server.close();
	}
}
