import { NodeOperationError } from 'n8n-workflow';

import type { CreditBalance, ProviderAdapter } from '../providers/types';
import { sendToProvider, type ProviderContext } from '../transport';
import { parseAnswer } from './read';

/** One read of the account's credits, in the normalised shape. Costs nothing. */
export async function readCredits(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	itemIndex: number,
	signal?: AbortSignal,
): Promise<CreditBalance> {
	const credits = adapter.credits;
	if (!credits) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${adapter.displayName} documents no way to read the account's credits`,
			{
				itemIndex,
				description: `Get Credits and Check Credits First are not offered for ${adapter.displayName}: see your balance on its website.`,
			},
		);
	}
	const envelope = await sendToProvider(ctx, adapter, credits.request, {
		retry: 'read',
		itemIndex,
		signal,
	});
	const balance = parseAnswer(ctx, adapter, envelope, itemIndex, () => credits.parse(envelope));
	return { provider: adapter.id, ...balance };
}
