import type { CoverResult, ProviderAdapter, ProviderEnvelope } from '../providers/types';
import { sendToProvider, type ProviderContext } from '../transport';
import { unexpectedAnswerError } from '../transport/errors';

/** Runs an adapter's parser; an answer it cannot read becomes an error naming the provider. */
export function parseAnswer<T>(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	envelope: ProviderEnvelope,
	itemIndex: number,
	parse: () => T,
): T {
	try {
		return parse();
	} catch (error) {
		throw unexpectedAnswerError(ctx.getNode(), adapter, envelope, error, itemIndex);
	}
}

/** One status read of a cover task, in the normalised shape. */
export async function readCover(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	coverTaskId: string,
	itemIndex: number,
	signal?: AbortSignal,
): Promise<CoverResult> {
	const envelope = await sendToProvider(ctx, adapter, adapter.statusRequest(coverTaskId), {
		retry: 'read',
		itemIndex,
		signal,
	});
	return parseAnswer(ctx, adapter, envelope, itemIndex, () =>
		adapter.parseStatus(envelope, coverTaskId),
	);
}
