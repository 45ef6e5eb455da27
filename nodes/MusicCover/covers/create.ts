import { NodeOperationError } from 'n8n-workflow';

import type { CoverResult, ProviderAdapter } from '../providers/types';
import { sendToProvider, type ProviderContext } from '../transport';
import { parseAnswer } from './read';

export type OnDuplicate = 'useExisting' | 'error' | 'continue';

/** providerStatus of a cover that existed before this Generate (its state is not yet read). */
export const DUPLICATE = 'DUPLICATE';

export interface CreateInput {
	musicTaskId: string;
	callbackUrl?: string;
	onDuplicate: OnDuplicate;
	itemIndex: number;
}

/** Starts a cover task; the result is pending (or, for an unrecoverable duplicate, says so). */
export async function startCover(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	input: CreateInput,
): Promise<CoverResult> {
	const envelope = await sendToProvider(
		ctx,
		adapter,
		adapter.generateRequest(input.musicTaskId, input.callbackUrl),
		{
			retry: 'create',
			itemIndex: input.itemIndex,
			accept: (answer) => adapter.isGenerateAnswer(answer),
		},
	);
	const answer = parseAnswer(ctx, adapter, envelope, input.itemIndex, () =>
		adapter.parseGenerate(envelope),
	);
	// A retried generate whose first attempt reached the provider comes back as a duplicate of
	// the cover this very call created: that is a new cover, not the user's duplicate.
	if (answer.duplicate && answer.coverTaskId && (envelope.attempt ?? 1) > 1)
		answer.duplicate = false;
	const pending: CoverResult = {
		provider: adapter.id,
		coverTaskId: answer.coverTaskId ?? '',
		musicTaskId: input.musicTaskId,
		status: 'pending',
		providerStatus: answer.duplicate ? DUPLICATE : 'CREATED',
		images: [],
	};
	if (!answer.duplicate) return pending;
	if (answer.coverTaskId && input.onDuplicate !== 'error') return pending;
	if (input.onDuplicate === 'continue') {
		return {
			...pending,
			status: 'failed',
			error: {
				code: DUPLICATE,
				message: `${adapter.displayName}: ${answer.message || 'this music task already has a cover'}`,
			},
		};
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`Music task ${input.musicTaskId} already has a cover on ${adapter.displayName}`,
		{
			itemIndex: input.itemIndex,
			description: answer.coverTaskId
				? `Its cover task id is ${answer.coverTaskId}: use Get Status with it, or set Options > On Duplicate to "Use Existing Cover".`
				: `${adapter.displayName} allows one cover per music task and does not return the existing cover's id. Use Get Status with the cover task id from the first run, or set Options > On Duplicate to "Continue" to pass this item on.`,
		},
	);
}
