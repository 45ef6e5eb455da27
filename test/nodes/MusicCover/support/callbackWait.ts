/**
 * Generate > Wait for Callback (kie.ai) runs: for each test a fresh emulator and the node's webhook
 * served over real HTTP, and `park` to run the node until it parks its execution.
 */
import type { INodeExecutionData, IRunExecutionData } from 'n8n-workflow';

import { createEmulator, type Emulator } from '../../../emulator';
import { musicCoverNode, runMusicCover, type RunResult } from '../../../harness/n8nRuntime';
import { serveNodeWebhook, type WebhookServer } from '../../../harness/webhookServer';

const HMAC_KEY = 'callback-wait-key';
export const callbackWaitParameters = {
	provider: 'kieAi',
	operation: 'generate',
	musicTaskId: '={{ $json.musicTaskId }}',
	waitMode: 'callback',
	options: { timeout: 600, download: true },
};

export async function until(condition: () => boolean, what: string) {
	for (let round = 0; round < 300 && !condition(); round++)
		await new Promise((resolve) => setTimeout(resolve, 50));
	if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

export interface CallbackWaitRun {
	emulator: Emulator;
	/** The node's webhook; a test may replace it (closing this one first). */
	server: WebhookServer;
	/** The execution as the last `park` left it, handed to the webhook as n8n would. */
	parked: IRunExecutionData | null;
	credentials: { kieAiApi: { apiKey: string; baseUrl: string; webhookHmacKey: string } };
	park(items: INodeExecutionData[]): Promise<RunResult>;
	/** Serves the webhook again as an n8n whose context does not expose the parked run. */
	hideRunFromNode(): Promise<void>;
}

export function useCallbackWait(): CallbackWaitRun {
	const parameters = callbackWaitParameters;
	const parking = {
		parked: null,
		credentials: { kieAiApi: { apiKey: '', baseUrl: '', webhookHmacKey: HMAC_KEY } },
		async park(items: INodeExecutionData[]): Promise<RunResult> {
			const result = await runMusicCover({
				credentials: parking.credentials,
				parameters,
				items,
				webhookWaitingBaseUrl: `${parking.server.url}/webhook-waiting`,
			});
			parking.parked = result.run.data;
			return result;
		},
		async hideRunFromNode() {
			await parking.server.close();
			parking.server = await serveWebhook(true);
		},
	} as CallbackWaitRun;
	const { credentials } = parking;
	const serveWebhook = (hideRunFromNode: boolean) =>
		serveNodeWebhook({
			node: musicCoverNode('musicCover', parameters, ['kieAiApi']),
			credentials,
			runExecutionData: () => parking.parked,
			hideRunFromNode,
		});

	beforeEach(async () => {
		const emulator = createEmulator({ readyAfterMs: 300, kieWebhookHmacKey: HMAC_KEY });
		parking.emulator = emulator;
		await emulator.start();
		credentials.kieAiApi.apiKey = emulator.keys.kieAi;
		credentials.kieAiApi.baseUrl = emulator.baseUrls.kieAi;
		parking.parked = null;
		parking.server = await serveWebhook(false);
	});
	afterEach(async () => {
		await parking.server.close();
		await parking.emulator.stop();
	});
	return parking;
}
