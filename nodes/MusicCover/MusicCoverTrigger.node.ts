import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { receiveCallback } from './callbacks/receive';
import { noRegistrationNeeded } from './callbacks/registration';
import { downloadOptionsOf, splitByImage } from './covers/imageItems';
import { callbackCoverItem } from './covers/images';
import { readCover } from './covers/read';
import {
	binaryPrefixWhenDownloading,
	DEFAULT_NODE_VERSION,
	downloadOption,
	NODE_VERSIONS,
	oneItemPerImageOption,
	optionsCollection,
} from './descriptions';
import { triggerProvider } from './providers';
import type { CoverResult } from './providers/types';

/** The provider whose callbacks this trigger receives (the registry's provider that sends them). */
const provider = triggerProvider();
const name = provider.displayName;

export class MusicCoverTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Music Cover Trigger',
		name: 'musicCoverTrigger',
		icon: { light: 'file:musicCover.svg', dark: 'file:musicCover.dark.svg' },
		group: ['trigger'],
		version: NODE_VERSIONS,
		defaultVersion: DEFAULT_NODE_VERSION,
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
				{
					displayName: 'Confirm Status',
					name: 'confirmStatus',
					type: 'boolean',
					default: false,
					description: `Whether to read the cover's status and images from the ${name} API instead of trusting the callback body (the signature does not cover the body). A repeated delivery of the same callback then gives the same result each time.`,
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

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const callback = await receiveCallback(this, provider);
		if (!callback) return { noWebhookResponse: true };
		const options = this.getNodeParameter('options', {}) as IDataObject;
		let result: CoverResult = callback.result;
		if (options.confirmStatus === true) {
			try {
				result = await readCover(this, provider, callback.coverTaskId, 0);
			} catch (error) {
				// Answering 503 makes the provider deliver again later instead of losing the result.
				this.getResponseObject()
					.status(503)
					.json({
						error: `could not confirm the cover with ${name}: ${(error as Error).message}`,
					});
				return { noWebhookResponse: true };
			}
		}
		if (options.onlySuccess === true && result.status !== 'success') {
			this.getResponseObject()
				.status(200)
				.json({
					received: true,
					started: false,
					reason: `cover ${result.status}`,
				});
			return { noWebhookResponse: true };
		}
		const item = await callbackCoverItem(this, result, downloadOptionsOf(options), 0);
		return {
			workflowData: [splitByImage([item], options)],
			webhookResponse: { received: true, coverTaskId: result.coverTaskId, status: result.status },
		};
	}
}
