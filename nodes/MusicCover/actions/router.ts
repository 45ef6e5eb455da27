import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parkExecution } from '../callbacks/park';
import { binaryPrefixOf, downloadCoverImages, wantsImages } from '../covers/images';
import { isProviderId, PROVIDERS, providerNames } from '../providers';
import { DOWNLOAD_CONCURRENCY } from '../util/constants';
import { operations } from './cover';
import { errorItem, settleAll } from './items';
import type { MusicCoverOperation } from './node.type';
import { readOptions } from './parameters';
import { isToolCall, toolAnswer } from './tool';

/**
 * The operation n8n adds to every node whose credentials can sign requests ("Custom API Call");
 * n8n's editor then offers the HTTP Request node, but a run of this node still gets the value.
 */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/** Runs the chosen operation over all input items and keeps one output item per input item. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const provider = this.getNodeParameter('provider', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as MusicCoverOperation;
	if (!isProviderId(provider)) {
		throw new NodeOperationError(this.getNode(), `Unknown provider "${provider}"`, {
			description: `Choose ${providerNames()} in the Provider field.`,
		});
	}
	if ((operation as string) === CUSTOM_API_CALL) {
		throw new NodeOperationError(
			this.getNode(),
			'Custom API Call is not an operation of this node',
			{
				description: `For any other ${PROVIDERS[provider].displayName} endpoint, use n8n's HTTP Request node with Authentication "Predefined Credential Type" and the same ${PROVIDERS[provider].displayName} credential.`,
			},
		);
	}
	const execute = operations[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, {
			description: 'Choose Generate, Get Status or Wait for Completion.',
		});
	}
	const toolCall = isToolCall(this);
	const itemIndexes = items.map((_, index) => index);
	const { outcomes, waitTill } = await execute.call(this, PROVIDERS[provider], itemIndexes);

	// Items are finished several at a time: their images download in parallel, each file handed to
	// n8n's binary data service as it arrives; the output keeps the input's order.
	const finished = await settleAll(
		this,
		itemIndexes,
		async (itemIndex, position) => {
			const outcome = outcomes[position];
			if (outcome instanceof Error) throw outcome;
			const item: INodeExecutionData = {
				json: toolCall ? toolAnswer(this, operation, outcome) : { ...outcome },
				pairedItem: { item: itemIndex },
			};
			const options = readOptions(this, itemIndex);
			// A model reads text: a tool answer carries the image URLs, never the images.
			if (!toolCall && wantsImages(options, outcome)) {
				item.binary = await downloadCoverImages(this, outcome, binaryPrefixOf(options), itemIndex);
			}
			return item;
		},
		DOWNLOAD_CONCURRENCY,
	);
	const output = finished.map((item, position) =>
		item instanceof Error ? errorItem(item, itemIndexes[position]) : item,
	);
	if (waitTill) await parkExecution(this, output, waitTill);
	return [output];
}
