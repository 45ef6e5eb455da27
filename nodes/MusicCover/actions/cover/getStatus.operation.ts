import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCover } from '../../covers/read';
import {
	binaryPrefixWhenDownloading,
	coverTaskIdProperty,
	downloadOption,
	oneItemPerImageOption,
	optionsCollection,
} from '../../descriptions';
import type { ProviderAdapter } from '../../providers/types';
import { GET_STATUS_CONCURRENCY } from '../../util/constants';
import { settleAll } from '../items';
import type { OperationResult } from '../node.type';
import { readTaskId } from '../parameters';
import { TOOL_DESCRIPTIONS, toolDescriptionProperty } from '../tool';

const properties: INodeProperties[] = [
	coverTaskIdProperty,
	toolDescriptionProperty(TOOL_DESCRIPTIONS.getStatus),
	optionsCollection([downloadOption, binaryPrefixWhenDownloading, oneItemPerImageOption]),
];

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	adapter: ProviderAdapter,
	itemIndexes: number[],
): Promise<OperationResult> {
	const outcomes = await settleAll(
		this,
		itemIndexes,
		async (itemIndex) =>
			await readCover(this, adapter, readTaskId(this, 'coverTaskId', itemIndex), itemIndex),
		GET_STATUS_CONCURRENCY,
	);
	return { outcomes };
}
