import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { startedAtOf, waitForSlots, type OnCoverFinished, type WaitTask } from '../../covers/wait';
import {
	binaryPrefixWhenDownloading,
	coverTaskIdProperty,
	downloadOption,
	oneItemPerImageOption,
	optionsCollection,
	pollIntervalOption,
	timeoutOption,
} from '../../descriptions';
import type { ProviderAdapter } from '../../providers/types';
import { settleEach } from '../items';
import type { OperationResult } from '../node.type';
import { readPollSettings, readTaskId } from '../parameters';
import { TOOL_DESCRIPTIONS, toolDescriptionProperty } from '../tool';

const properties: INodeProperties[] = [
	coverTaskIdProperty,
	toolDescriptionProperty(TOOL_DESCRIPTIONS.waitForCompletion),
	optionsCollection([
		downloadOption,
		binaryPrefixWhenDownloading,
		oneItemPerImageOption,
		pollIntervalOption,
		timeoutOption,
	]),
];

export const description = updateDisplayOptions(
	{ show: { operation: ['waitForCompletion'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	adapter: ProviderAdapter,
	itemIndexes: number[],
	onFinished?: OnCoverFinished,
): Promise<OperationResult> {
	const settings = readPollSettings(this);
	const tasks = await settleEach(this, itemIndexes, async (itemIndex): Promise<WaitTask> => {
		const coverTaskId = readTaskId(this, 'coverTaskId', itemIndex);
		// Straight after a Generate, its item tells when the cover started.
		const input = this.getInputData()[itemIndex]?.json ?? {};
		const fresh = input.coverTaskId === coverTaskId && input.provider === adapter.id;
		return { itemIndex, coverTaskId, startedAt: fresh ? startedAtOf(input) : undefined };
	});
	return { outcomes: await waitForSlots(this, adapter, tasks, settings, onFinished) };
}
