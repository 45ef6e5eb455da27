import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCredits } from '../../covers/credits';
import { creditProviders } from '../../providers';
import type { ProviderAdapter } from '../../providers/types';
import { asNodeError } from '../../util/errors';

/** Generate's Check Credits First option: offered only where the provider tells the balance. */
export const checkCreditsOption: INodeProperties = {
	displayName: 'Check Credits First',
	name: 'checkCredits',
	type: 'boolean',
	default: false,
	description:
		"Whether to read the account's credits once before the batch and start no cover at all when they do not pay for every item. The value of the first item applies to the whole run.",
	displayOptions: { show: { '/provider': creditProviders().map((adapter) => adapter.id) } },
};

/**
 * With the option on: one credit read before any paid create. Returns undefined when the account
 * can pay for every item; otherwise the error each item ends with (every item, so without Continue
 * On Fail the run stops on the first, and with it each item says it was not started). A failed
 * read starts nothing either: a create the account may not pay for is never sent.
 */
export async function creditShortfall(
	ctx: IExecuteFunctions,
	adapter: ProviderAdapter,
	itemIndexes: number[],
): Promise<((itemIndex: number) => Error) | undefined> {
	if (itemIndexes.length === 0) return undefined;
	let credits: number;
	try {
		({ credits } = await readCredits(ctx, adapter, itemIndexes[0], ctx.getExecutionCancelSignal()));
	} catch (error) {
		const reason = asNodeError(ctx.getNode(), error, itemIndexes[0]);
		return (itemIndex) =>
			new NodeOperationError(
				ctx.getNode(),
				`Not started: the ${adapter.displayName} credits could not be read`,
				{
					itemIndex,
					description: `${reason.message}. Check Credits First is on, so no cover was started without knowing the balance. Try again, or turn the option off.`,
				},
			);
	}
	const cost = adapter.coverCost;
	const needed = itemIndexes.length * cost.credits;
	if (credits >= needed) return undefined;
	const count = itemIndexes.length;
	const numbers = `${credits} credits left, ${needed} needed for ${count} cover${count === 1 ? '' : 's'} at ${cost.credits} each (${cost.assumed ? 'assumed: ' : ''}${cost.source})`;
	return (itemIndex) =>
		new NodeOperationError(
			ctx.getNode(),
			`Not started: the ${adapter.displayName} account cannot pay for this batch: ${numbers}`,
			{
				itemIndex,
				description: `Check Credits First is on, so no cover of this run was started (item ${itemIndex + 1} of ${count} included). Top up at ${adapter.displayName}, or run at most ${Math.floor(credits / cost.credits)} items.`,
			},
		);
}
