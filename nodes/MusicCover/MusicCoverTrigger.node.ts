import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { readCalledBackCover } from './callbacks/confirm';
import { receiveCallback } from './callbacks/receive';
import { noRegistrationNeeded } from './callbacks/registration';
import { acceptedDeliveries } from './callbacks/replay';
import { downloadOptionsOf, splitByImage } from './covers/imageItems';
import { callbackCoverItem } from './covers/images';
import { readCover } from './covers/read';
import {
	binaryPrefixWhenDownloading,
	DEFAULT_TRIGGER_NODE_VERSION,
	downloadOption,
	oneItemPerImageOption,
	optionsCollection,
	TRIGGER_CONFIRMS_FROM,
	TRIGGER_NODE_VERSIONS,
} from './descriptions';
import { triggerProvider } from './providers';
import type { CoverResult } from './providers/types';

/** The provider whose callbacks this trigger receives (the registry's provider that sends them). */
const provider = triggerProvider();
const name = provider.displayName;

const confirmStatusDescription = `Whether to read the cover's status and images from the ${name} API instead of trusting the callback body (the signature does not cover the body). A repeated delivery of the same callback then gives the same result each time.`;

function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * Answers a callback whose cover could not be confirmed with a 503, for kie.ai to deliver it again
 * (assumed: no page says it does), and logs it: if no delivery follows, the log names the cover.
 */
function unconfirmed(ctx: IWebhookFunctions, reason: string): IWebhookResponseData {
	ctx.logger.warn(`Music Cover Trigger started no run: ${reason}`);
	return answer(ctx, 503, { error: reason });
}

export class MusicCoverTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Music Cover Trigger',
		name: 'musicCoverTrigger',
		icon: { light: 'file:musicCover.svg', dark: 'file:musicCover.dark.svg' },
		group: ['trigger'],
		version: TRIGGER_NODE_VERSIONS,
		defaultVersion: DEFAULT_TRIGGER_NODE_VERSION,
		subtitle: `=${name} cover callbacks`,
		description: `Starts the workflow when ${name} reports that a music cover is ready or has failed`,
		defaults: { name: 'Music Cover Trigger' },
		// What n8n 2.x's AI workflow builder is told; written here so n8n's lint checks the texts.
		builderHint: {
			searchHint: `Starts a workflow when ${name} calls back with a finished or failed music cover. Its production URL goes into the Callback URL of a Music Cover node (Generate). ${name} may call back more than once: follow it with Remove Duplicates on coverTaskId. The option One Item per Image gives one item per image with the file in binary data, ready for an upload node.`,
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-music-cover.musicCover',
					relationHint: 'Generate starts the cover whose callback this trigger receives',
				},
				{
					nodeType: 'n8n-nodes-base.removeDuplicates',
					relationHint: 'Drops repeated callbacks of the same cover (compare coverTaskId)',
				},
				{
					nodeType: 'n8n-nodes-base.googleDrive',
					relationHint:
						'Uploads the images of each finished cover (One Item per Image, binary data)',
				},
				{
					nodeType: 'n8n-nodes-base.awsS3',
					relationHint:
						'Uploads the images of each finished cover (One Item per Image, binary data)',
				},
				{
					nodeType: 'n8n-nodes-base.youTube',
					relationHint: "Publishes the track's video once its cover is ready",
				},
			],
		},
		eventTriggerDescription: `Waiting for ${name} to report a finished cover`,
		activationMessage: `Finished covers from ${name} now start this workflow: paste the Production URL into the Callback URL of a Music Cover node.`,
		triggerPanel: {
			header: `Receive finished covers from ${name}`,
			executionsHelp: {
				inactive: `Click Listen, then send a cover callback to the Test URL (a Music Cover node's Callback URL, or a test call).`,
				active: `Each ${name} callback to the Production URL starts an execution: see Executions.`,
			},
			activationHint: `Activate the workflow to receive ${name}'s callbacks at the Production URL.`,
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: provider.credentialType, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty, so n8n answers with the webhook's own small JSON body (`webhookResponse`).
				responseData: '',
				path: 'callback',
			},
		],
		properties: [
			{
				// Not shown: names the trigger's entry in the node panel (n8n reads an Event option's action).
				displayName: 'Event',
				name: 'event',
				type: 'hidden',
				default: 'coverReady',
				options: [
					{
						name: 'Cover Ready or Failed',
						value: 'coverReady',
						action: `When ${name} reports a finished cover`,
					},
				],
			},
			{
				displayName: `Paste this trigger's Production URL into the Callback URL of a Music Cover node (Generate, ${name}) and activate the workflow. Each callback starts one execution with the cover; ${name} may deliver one twice, so deduplicate on coverTaskId if that matters. With a Webhook HMAC Key in the credential, only signed callbacks are accepted.`,
				name: 'usageNotice',
				type: 'notice',
				default: '',
			},
			optionsCollection([
				binaryPrefixWhenDownloading,
				// Confirm Status twice, its default by version (n8n shows the one whose `@version`
				// condition the node meets): off where it was, on from TRIGGER_CONFIRMS_FROM.
				{
					displayName: 'Confirm Status',
					name: 'confirmStatus',
					type: 'boolean',
					default: false,
					displayOptions: { show: { '@version': [{ _cnd: { lt: TRIGGER_CONFIRMS_FROM } }] } },
					description: confirmStatusDescription,
				},
				{
					displayName: 'Confirm Status',
					name: 'confirmStatus',
					type: 'boolean',
					default: true,
					displayOptions: { show: { '@version': [{ _cnd: { gte: TRIGGER_CONFIRMS_FROM } }] } },
					description: confirmStatusDescription,
				},
				{
					...downloadOption,
					description: `Whether to download the finished cover images into binary properties (cover_1, cover_2, ...). ${name} waits 15 seconds for the answer, so downloads happen before it is sent only while they are quick.`,
				},
				oneItemPerImageOption,
				{
					displayName: 'Only Successes',
					name: 'onlySuccess',
					type: 'boolean',
					default: false,
					description:
						'Whether to ignore callbacks for failed covers (they are answered, but start no execution)',
				},
			]),
		],
	};

	webhookMethods = noRegistrationNeeded;

	/**
	 * A non-2xx answer is given only when the cover could not be confirmed: kie.ai documents that a
	 * task may be called back more than once, and is assumed (no page says so) to deliver again
	 * after such an answer.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const callback = await receiveCallback(this, provider, 'started');
		if (!callback) return { noWebhookResponse: true };
		const confirmsAndRemembers = this.getNode().typeVersion >= TRIGGER_CONFIRMS_FROM;
		const { signedAt } = callback;
		const accepted =
			confirmsAndRemembers && signedAt !== undefined
				? acceptedDeliveries(this, provider.callbacks.signatureToleranceSeconds)
				: undefined;
		const delivery = `${callback.coverTaskId}.${signedAt}`;
		if (accepted?.has(delivery))
			return answer(this, 200, {
				received: true,
				started: false,
				reason: 'this delivery (same task id and signature timestamp) started a run already',
			});
		const options = this.getNodeParameter('options', {}) as IDataObject;
		let result: CoverResult = callback.result;
		if (((options.confirmStatus as boolean | undefined) ?? confirmsAndRemembers) === true) {
			try {
				result = await readCalledBackCover(
					async () => await readCover(this, provider, callback.coverTaskId, 0),
				);
			} catch (error) {
				return unconfirmed(
					this,
					`could not confirm cover ${callback.coverTaskId} with ${name}: ${(error as Error).message}`,
				);
			}
			if (result.status === 'pending')
				return unconfirmed(
					this,
					`${name}'s record does not show cover ${result.coverTaskId} finished yet; please deliver the callback again`,
				);
		}
		if (options.onlySuccess === true && result.status !== 'success')
			return answer(this, 200, {
				received: true,
				started: false,
				reason: `cover ${result.status}`,
			});
		const item = await callbackCoverItem(this, result, downloadOptionsOf(options), 0);
		if (signedAt !== undefined) accepted?.remember(delivery, signedAt);
		return {
			workflowData: [splitByImage([item], options)],
			webhookResponse: { received: true, coverTaskId: result.coverTaskId, status: result.status },
		};
	}
}
