import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { description as coverOperations } from './actions/cover';
import { providerProperty } from './actions/common.descriptions';
import { router } from './actions/router';

export class MusicCover implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Music Cover',
		name: 'musicCover',
		icon: 'file:musicCover.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + " (" + $parameter["provider"] + ")" }}',
		description: 'Generate cover art for AI music tracks with kie.ai, udioapi.pro or apiin.one',
		defaults: { name: 'Music Cover' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'kieAiApi', required: true, displayOptions: { show: { provider: ['kieAi'] } } },
			{ name: 'udioApiProApi', required: true, displayOptions: { show: { provider: ['udioApiPro'] } } },
			{ name: 'apiinOneApi', required: true, displayOptions: { show: { provider: ['apiinOne'] } } },
		],
		properties: [providerProperty, ...coverOperations],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
