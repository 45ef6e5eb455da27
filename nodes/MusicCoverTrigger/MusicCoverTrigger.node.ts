import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { callbackCoverItem } from '../MusicCover/helpers/binary';
import { webhookMethodsWithoutRegistration } from '../MusicCover/helpers/webhookLifecycle';
import { readCover } from '../MusicCover/helpers/coverTasks';
import { receiveKieCallback } from '../MusicCover/helpers/kieCallbackWebhook';
import { PROVIDERS } from '../MusicCover/providers';
import type { CoverResult } from '../MusicCover/providers/types';
import {
	binaryPropertyPrefixOption,
	downloadOption,
	optionsCollection,
} from '../MusicCover/actions/common.descriptions';

export class MusicCoverTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Music Cover Trigger',
		name: 'musicCoverTrigger',
		icon: { light: 'file:musicCover.svg', dark: 'file:musicCover.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '=kie.ai cover callbacks',
		description:
			'Starts the workflow when kie.ai reports that a music cover is ready or has failed',
		defaults: { name: 'Music Cover Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kieAiApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'callback',
			},
		],
		properties: [
			{
				displayName:
					"Paste this trigger's Production URL into the Callback URL field of a Music Cover node (Generate, kie.ai), then activate this workflow. Each callback starts one execution with the cover in the same shape as the Music Cover node returns.",
				name: 'usageNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName:
					"Without a Webhook HMAC Key in the kie.ai credential, callbacks are unauthenticated: anyone who learns this URL (its path is random and unguessable) can post one. Set the key in kie.ai's settings and in the credential, or turn on Confirm Status.",
				name: 'signingNotice',
				type: 'notice',
				default: '',
			},
			optionsCollection([
				binaryPropertyPrefixOption,
				{
					displayName: 'Confirm Status',
					name: 'confirmStatus',
					type: 'boolean',
					default: false,
					description:
						"Whether to read the cover's status and images from the kie.ai API instead of trusting the callback body (the signature does not cover the body). A repeated delivery of the same callback then gives the same result each time.",
				},
				{
					...downloadOption,
					description:
						'Whether to download the finished cover images into binary properties (cover_1, cover_2, ...). kie.ai waits 15 seconds for the answer, so downloads happen before it is sent only while they are quick.',
				},
				{
					displayName: 'Only Successes',
					name: 'onlySuccess',
					type: 'boolean',
					default: false,
					description:
						'Whether to ignore callbacks for failed covers (they are answered, but start no execution)',
				},
			]),
			{
				displayName:
					'kie.ai may deliver the same callback more than once (it retries when it gets no answer in 15 seconds): each delivery starts its own execution. Deduplicate on coverTaskId downstream if that matters.',
				name: 'duplicatesNotice',
				type: 'notice',
				default: '',
			},
		],
	};

	webhookMethods = webhookMethodsWithoutRegistration;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const callback = await receiveKieCallback(this);
		if (!callback) return { noWebhookResponse: true };
		const options = this.getNodeParameter('options', {}) as IDataObject;
		let result: CoverResult = callback.result;
		if (options.confirmStatus === true) {
			try {
				result = await readCover(this, PROVIDERS.kieAi, callback.coverTaskId, 0);
			} catch (error) {
				// Answering 503 makes kie.ai deliver again later instead of losing the result.
				this.getResponseObject()
					.status(503)
					.json({
						error: `could not confirm the cover with kie.ai: ${(error as Error).message}`,
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
		const item = await callbackCoverItem(this, result, options, 0);
		return { workflowData: [[item]] };
	}
}
