import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parkExecution } from '../callbacks/park';
import { downloadOptionsOf, splitByImage } from '../covers/imageItems';
import { binaryPrefixOf, downloadCoverImages, wantsImages } from '../covers/images';
import { isProviderId, PROVIDERS, providerNames } from '../providers';
import type { CoverResult, CreditBalance } from '../providers/types';
import { asNodeError } from '../util/errors';
import { operations } from './cover';
import { errorItem } from './items';
import type { MusicCoverOperation } from './node.type';
import { readOptions } from './parameters';
import { isToolCall, toolAnswer } from './tool';

/**
 * The operation n8n adds to every node whose credentials can sign requests ("Custom API Call");
 * n8n's editor then offers the HTTP Request node, but a run of this node still gets the value.
 */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

function isCover(outcome: CoverResult | CreditBalance): outcome is CoverResult {
	return 'coverTaskId' in outcome;
}

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
			description: 'Choose Generate, Get Status, Wait for Completion or Get Credits.',
		});
	}
	const toolCall = isToolCall(this);
	const itemIndexes = items.map((_, index) => index);
	const { outcomes, waitTill, onePerInputItem } = await execute.call(
		this,
		PROVIDERS[provider],
		itemIndexes,
	);
	// One item per image (an option) is a step of its own over the finished items, after downloads.
	const perImage = !toolCall && !onePerInputItem;

	const output: INodeExecutionData[] = [];
	for (const [position, outcome] of outcomes.entries()) {
		const itemIndex = itemIndexes[position];
		try {
			if (outcome instanceof Error) throw outcome;
			const cover = isCover(outcome) ? outcome : undefined;
			const item: INodeExecutionData = {
				json: toolCall && cover ? toolAnswer(this, operation, cover) : { ...outcome },
				pairedItem: { item: itemIndex },
			};
			const options = readOptions(this, itemIndex);
			const download = perImage ? downloadOptionsOf(options) : options;
			// A model reads text: a tool answer carries the image URLs, never the images.
			if (!toolCall && cover && wantsImages(download, cover)) {
				item.binary = await downloadCoverImages(this, cover, binaryPrefixOf(download), itemIndex);
			}
			output.push(item);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			output.push(errorItem(error as Error, itemIndex));
		}
	}
	const finished = !perImage
		? output
		: output.flatMap((item, itemIndex) => splitByImage([item], readOptions(this, itemIndex)));
	if (waitTill) await parkExecution(this, finished, waitTill);
	return [finished];
}
