import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { creditProviders } from '../../providers';
import type { MusicCoverOperation, OperationExecute } from '../node.type';
import * as generate from './generate.operation';
import * as getCredits from './getCredits.operation';
import * as getStatus from './getStatus.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export const operations: Record<MusicCoverOperation, OperationExecute> = {
	generate: generate.execute,
	getStatus: getStatus.execute,
	waitForCompletion: waitForCompletion.execute,
	getCredits: getCredits.execute,
};

const creditProviderIds = creditProviders().map((adapter) => adapter.id);

const coverOperationOptions: INodePropertyOptions[] = [
	{
		name: 'Generate',
		value: 'generate',
		action: 'Generate a cover for a music track',
		description: 'Start cover generation for a music task, optionally waiting for the images',
	},
	{
		name: 'Get Status',
		value: 'getStatus',
		action: 'Get the status of a cover task',
		description: 'Read a cover task once: status and image URLs when done',
	},
	{
		name: 'Wait for Completion',
		value: 'waitForCompletion',
		action: 'Wait for a cover task to complete',
		description: 'Check cover tasks until they succeed, fail or the timeout passes',
	},
];

const getCreditsOption: INodePropertyOptions = {
	name: 'Get Credits',
	value: 'getCredits',
	action: "Get the account's credits",
	description: 'Read how many credits the account has left',
};

function operationProperty(options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options,
		default: 'generate',
	};
}

/**
 * The Operation field twice, like Wait Mode: Get Credits is offered only where the provider
 * documents a credits endpoint. The first declaration lists every operation (the subtitle reads it).
 */
export const description: INodeProperties[] = [
	{
		...operationProperty([...coverOperationOptions, getCreditsOption]),
		displayOptions: { show: { provider: creditProviderIds } },
	},
	{
		...operationProperty(coverOperationOptions),
		displayOptions: { hide: { provider: creditProviderIds } },
	},
	...generate.description,
	...getStatus.description,
	...waitForCompletion.description,
	...getCredits.description,
];
