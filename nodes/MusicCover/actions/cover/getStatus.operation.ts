import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCover } from '../../helpers/coverTasks';
import {
	binaryPropertyPrefixOption,
	coverTaskIdProperty,
	downloadOption,
	optionsCollection,
} from '../common.descriptions';
import { settleEach, type OperationExecute } from './outcomes';
import { readTaskId } from './parameters';

const properties: INodeProperties[] = [
	coverTaskIdProperty,
	optionsCollection([binaryPropertyPrefixOption, downloadOption]),
];

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, properties);

export const execute: OperationExecute = async function (adapter, itemIndexes) {
	const outcomes = await settleEach(
		this,
		itemIndexes,
		async (itemIndex) =>
			await readCover(this, adapter, readTaskId(this, 'coverTaskId', itemIndex), itemIndex),
	);
	return { outcomes };
};
