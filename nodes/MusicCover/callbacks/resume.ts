import type {
	IDataObject,
	INodeExecutionData,
	IRunExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { callbackCoverItem } from '../covers/images';
import { PROVIDERS, type CallbackProvider } from '../providers';
import { forEachLimited } from '../util/concurrency';
import { DOWNLOAD_CONCURRENCY } from '../util/constants';
import { confirmCovers } from './confirm';
import { AWAITING_CALLBACK } from './park';
import { receiveCallback } from './receive';

function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * The items the execution parked with: n8n keeps them as this node's input on the parked run's
 * stack. n8n 1.x and 2.x hand the run to the context (`runExecutionData`, not part of the typed
 * interface), and reading it there costs nothing; evaluating `$input.all()`, the public way and the
 * fallback, takes an expression isolate round trip per callback on n8n 2.x, the largest part of
 * this node's own work in a burst of callbacks.
 */
function readParkedItems(ctx: IWebhookFunctions): INodeExecutionData[] {
	const run = (ctx as { runExecutionData?: IRunExecutionData | null }).runExecutionData;
	const parked = run?.executionData?.nodeExecutionStack.find(
		(entry) => entry.node.name === ctx.getNode().name,
	);
	const input = parked?.data.main[0];
	if (input) return input;
	const items = ctx.evaluateExpression(
		'{{ $input.all().map((item) => ({ json: item.json, binary: item.binary })) }}',
		0,
	);
	return Array.isArray(items) ? (items as INodeExecutionData[]) : [];
}

function callbackProviderOf(ctx: IWebhookFunctions): CallbackProvider | undefined {
	const adapter = PROVIDERS[String(ctx.getNodeParameter('provider', ''))];
	return adapter?.callbacks ? (adapter as CallbackProvider) : undefined;
}

/**
 * Handles a provider's callback to a parked execution. One execution resumes once for all its
 * items, so it resumes only when status reads show every awaited cover terminal; until then the
 * callback is acknowledged and the execution stays parked. Never throws: n8n would resume the
 * execution with the error.
 */
export async function resumeOnCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		const provider = callbackProviderOf(this);
		if (!provider) return answer(this, 400, { error: 'this node waits for no callbacks' });
		const callback = await receiveCallback(this, provider, 'resumed');
		if (!callback) return { noWebhookResponse: true };
		const parked = readParkedItems(this);
		const awaited = parked
			.map(({ json }, index) => ({ json, index }))
			.filter(
				({ json }) =>
					json.providerStatus === AWAITING_CALLBACK && typeof json.coverTaskId === 'string',
			);
		if (!awaited.some(({ json }) => json.coverTaskId === callback.coverTaskId)) {
			return answer(this, 200, {
				received: true,
				resumed: false,
				reason: 'not a cover this execution waits for',
			});
		}
		const confirmation = await confirmCovers(this, provider, awaited, callback.coverTaskId);
		if (confirmation.kind === 'retryLater') {
			return answer(this, 503, {
				received: false,
				reason: `could not confirm cover ${confirmation.coverTaskId} with ${provider.displayName} yet; please retry`,
			});
		}
		if (confirmation.kind === 'notLast') {
			return answer(this, 200, {
				received: true,
				resumed: false,
				[confirmation.stillRunning ? 'stillRunning' : 'finishedLater']: confirmation.coverTaskId,
			});
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		// Items the callback did not change leave as they were parked, a finished cover's images
		// included.
		const output: INodeExecutionData[] = parked.map(({ json, binary }, index) => ({
			json,
			...(binary ? { binary } : {}),
			pairedItem: { item: index },
		}));
		// Several covers' images at a time, as the node's own downloads.
		await forEachLimited(
			[...confirmation.results],
			DOWNLOAD_CONCURRENCY,
			async ([index, result]) => {
				output[index] = {
					...(await callbackCoverItem(this, result, options, index)),
					pairedItem: { item: index },
				};
			},
		);
		return { workflowData: [output] };
	} catch (error) {
		this.logger.error(`Music Cover callback wait: ${(error as Error).message}`);
		return answer(this, 500, {
			received: false,
			error: 'the callback could not be processed; it may be delivered again',
		});
	}
}
