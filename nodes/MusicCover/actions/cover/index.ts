import type { INodeProperties } from 'n8n-workflow';

import type { MusicCoverOperation, OperationExecute } from '../node.type';
import * as generate from './generate.operation';
import * as getStatus from './getStatus.operation';
import * as waitForCompletion from './waitForCompletion.operation';

export const operations: Record<MusicCoverOperation, OperationExecute> = {
	generate: generate.execute,
	getStatus: getStatus.execute,
	waitForCompletion: waitForCompletion.execute,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
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
		],
		default: 'generate',
	},
	...generate.description,
	...getStatus.description,
	...waitForCompletion.description,
];
