import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { binaryPrefixOf, downloadCoverImages, wantsImages } from '../helpers/binary';
import { asNodeError } from '../helpers/errors';
import { isProviderId, PROVIDERS } from '../providers';
import { operations } from './cover';
import { parkExecution } from './cover/callbackWait';
import { readOptions } from './cover/parameters';
import type { MusicCoverOperation } from './node.type';

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const context = (error as { context?: IDataObject }).context ?? {};
	const description = (error as { description?: unknown }).description;
	const json: IDataObject = { error: error.message };
	const code = (error as { httpCode?: unknown }).httpCode;
	if (typeof code === 'string' && code !== '') json.errorCode = code;
	if (typeof description === 'string' && description) json.errorDescription = description;
	if (typeof context.coverTaskId === 'string') json.coverTaskId = context.coverTaskId;
	return { json, pairedItem: { item: itemIndex } };
}

/** Runs the chosen operation over all input items and keeps one output item per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const provider = this.getNodeParameter('provider', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as MusicCoverOperation;
	if (!isProviderId(provider)) {
		throw new NodeOperationError(this.getNode(), `Unknown provider "${provider}"`, {
			description: 'Choose kie.ai, udioapi.pro or apiin.one in the Provider field.',
		});
	}
	const run = operations[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, {
			description: 'Choose Generate, Get Status or Wait for Completion.',
		});
	}
	const adapter = PROVIDERS[provider];
	const itemIndexes = items.map((_, index) => index);
	const { outcomes, waitTill } = await run.call(this, adapter, itemIndexes);

	const output: INodeExecutionData[] = [];
	for (const [position, outcome] of outcomes.entries()) {
		const itemIndex = itemIndexes[position];
		try {
			if (outcome instanceof Error) throw outcome;
			const item: INodeExecutionData = {
				json: { ...outcome },
				pairedItem: { item: itemIndex },
			};
			const options = readOptions(this, itemIndex);
			if (wantsImages(options, outcome)) {
				item.binary = await downloadCoverImages(this, outcome, binaryPrefixOf(options), itemIndex);
			}
			output.push(item);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			output.push(errorItem(error as Error, itemIndex));
		}
	}
	if (waitTill) await parkExecution(this, output, waitTill);
	return [output];
}
