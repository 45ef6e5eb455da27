import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitForCovers, type WaitTask } from '../../helpers/coverTasks';
import {
	binaryPropertyPrefixOption,
	coverTaskIdProperty,
	downloadOption,
	optionsCollection,
	pollIntervalOption,
	timeoutOption,
} from '../common.descriptions';
import { settleEach, type OperationExecute } from './outcomes';
import { readPollSettings, readTaskId } from './parameters';

const properties: INodeProperties[] = [
	coverTaskIdProperty,
	optionsCollection([
		binaryPropertyPrefixOption,
		downloadOption,
		pollIntervalOption,
		timeoutOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['waitForCompletion'] } },
	properties,
);

export const execute: OperationExecute = async function (adapter, itemIndexes) {
	const settings = readPollSettings(this);
	const tasks = await settleEach(
		this,
		itemIndexes,
		async (itemIndex): Promise<WaitTask> => ({
			itemIndex,
			coverTaskId: readTaskId(this, 'coverTaskId', itemIndex),
		}),
	);
	const waiting = tasks.filter((task): task is WaitTask => !(task instanceof Error));
	const results = await waitForCovers(this, adapter, waiting, settings);
	return {
		outcomes: tasks.map((task) => (task instanceof Error ? task : results[waiting.indexOf(task)])),
	};
};
