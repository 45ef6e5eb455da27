import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { description as coverOperations } from './actions/cover';
import { resumeOnCallback } from './actions/cover/callbackWait';
import { providerProperty } from './actions/common.descriptions';
import { router } from './actions/router';
import { webhookMethodsWithoutRegistration } from './helpers/webhookLifecycle';

export class MusicCover implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Music Cover',
		name: 'musicCover',
		icon: { light: 'file:musicCover.svg', dark: 'file:musicCover.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + " (" + $parameter["provider"] + ")" }}',
		description: 'Generate cover art for AI music tracks with kie.ai, udioapi.pro or apiin.one',
		defaults: { name: 'Music Cover' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'kieAiApi',
				required: true,
				displayOptions: { show: { provider: ['kieAi'] } },
			},
			{
				name: 'udioApiProApi',
				required: true,
				displayOptions: { show: { provider: ['udioApiPro'] } },
			},
			{
				name: 'apiinOneApi',
				required: true,
				displayOptions: { show: { provider: ['apiinOne'] } },
			},
		],
		// The resume URL of a parked execution (Generate > Wait for Callback): kie.ai posts there.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: '',
				restartWebhook: true,
			},
		],
		properties: [providerProperty, ...coverOperations],
	};

	webhookMethods = webhookMethodsWithoutRegistration;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await resumeOnCallback.call(this);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
