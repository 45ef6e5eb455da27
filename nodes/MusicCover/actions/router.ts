import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { parkExecution } from '../callbacks/park';
import { downloadOptionsOf, splitByImage } from '../covers/imageItems';
import { binaryPrefixOf, downloadCoverImages, wantsImages } from '../covers/images';
import { isProviderId, PROVIDERS, providerNames } from '../providers';
import type { CoverResult, CreditBalance } from '../providers/types';
import type { ItemOutcome } from '../covers/wait';
import { limiter } from '../util/concurrency';
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
	// One item per image (an option) is a step of its own over the finished items, after downloads,
	// unless the run keeps one item per input item (it may park: never a wait that hands covers over).
	let perImage = !toolCall;
	const buildItem = async (position: number, outcome: ItemOutcome | CreditBalance) => {
		if (outcome instanceof Error) throw outcome;
		const itemIndex = itemIndexes[position];
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
		return item;
	};
	// Items are finished several at a time: their images download in parallel, each file handed to
	// n8n's binary data service as it arrives; the output keeps the input's order. A wait hands over
	// each cover the moment it is seen finished, so its images go while the others are still running.
	const builds = new Map<number, Promise<INodeExecutionData>>();
	const limit = limiter(DOWNLOAD_CONCURRENCY);
	const build = (position: number, outcome: ItemOutcome | CreditBalance) => {
		const started = builds.get(position);
		if (started) return started;
		const building = limit(async () => await buildItem(position, outcome));
		// Settled below, in item order; until then it must not count as unhandled.
		building.catch(() => undefined);
		builds.set(position, building);
		return building;
	};
	const { outcomes, waitTill, onePerInputItem } = await execute.call(
		this,
		PROVIDERS[provider],
		itemIndexes,
		(position, cover) => void build(position, cover),
	);
	perImage = perImage && !onePerInputItem;
	const finished = await settleAll(
		this,
		itemIndexes,
		async (_, position) => await build(position, outcomes[position]),
		itemIndexes.length,
	);
	const output = finished.map((item, position) =>
		item instanceof Error ? errorItem(item, itemIndexes[position]) : item,
	);
	const outputItems = !perImage
		? output
		: output.flatMap((item, position) =>
				splitByImage([item], readOptions(this, itemIndexes[position])),
			);
	if (waitTill) await parkExecution(this, outputItems, waitTill);
	return [outputItems];
}
