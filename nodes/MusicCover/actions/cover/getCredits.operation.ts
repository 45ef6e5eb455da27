import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCredits } from '../../covers/credits';
import type { ProviderAdapter } from '../../providers/types';
import { asNodeError } from '../../util/errors';
import type { OperationResult } from '../node.type';
import { TOOL_DESCRIPTIONS, toolDescriptionProperty } from '../tool';

const properties: INodeProperties[] = [toolDescriptionProperty(TOOL_DESCRIPTIONS.getCredits)];

export const description = updateDisplayOptions(
	{ show: { operation: ['getCredits'] } },
	properties,
);

/**
 * The balance is the account's, the same for every item: one read for the run, and one output
 * item per input item carrying it (paired, like every operation).
 */
export async function execute(
	this: IExecuteFunctions,
	adapter: ProviderAdapter,
	itemIndexes: number[],
): Promise<OperationResult> {
	if (itemIndexes.length === 0) return { outcomes: [] };
	const [first] = itemIndexes;
	const balance = await readCredits(this, adapter, first, this.getExecutionCancelSignal()).catch(
		(error: unknown) => asNodeError(this.getNode(), error, first),
	);
	if (balance instanceof Error && !this.continueOnFail()) throw balance;
	return { outcomes: itemIndexes.map(() => balance) };
}
