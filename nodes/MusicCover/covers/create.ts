import { NodeOperationError } from 'n8n-workflow';

import type { CoverResult, ProviderAdapter } from '../providers/types';
import { isAnswerLost, sendToProvider, type ProviderContext } from '../transport';
import { asNodeError } from '../util/errors';
import { parseAnswer, readCover } from './read';

export type OnDuplicate = 'useExisting' | 'error' | 'continue';

/** providerStatus of a cover that existed before this Generate (its state is not yet read). */
export const DUPLICATE = 'DUPLICATE';
/** providerStatus of a cover this Generate has just started. */
export const CREATED = 'CREATED';

export interface CreateInput {
	musicTaskId: string;
	callbackUrl?: string;
	onDuplicate: OnDuplicate;
	itemIndex: number;
	/** Epoch ms: how long a rate-limited create may keep trying (the run's budget). */
	deadline?: number;
	signal?: AbortSignal;
}

/** The truth about a create whose answer was lost and whose repeat met the cover it made. */
function lostCoverError(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	input: CreateInput,
	lost: unknown,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`${adapter.displayName} most likely created the cover for music task ${input.musicTaskId}, but its answer was lost`,
		{
			itemIndex: input.itemIndex,
			description: `The first request ended with "${(lost as Error).message}". The node asked once more, and ${adapter.displayName} answered that music task ${input.musicTaskId} already has a cover: the first request made it, and it was charged once. ${adapter.displayName} does not return the existing cover's id: find the cover of music task ${input.musicTaskId} in your ${adapter.displayName} account (task history), or ask ${adapter.displayName} support for its cover task id, then use Get Status with it. Generating again is refused as a duplicate and costs nothing.`,
		},
	);
}

/**
 * Sends the paid generate. On a provider that refuses a second cover for the same track, a
 * request whose answer was lost (reset, timeout, cut-off body) is sent once more: the repeat
 * cannot charge twice, and it tells whether the first one got through.
 */
async function sendCreate(ctx: ProviderContext, adapter: ProviderAdapter, input: CreateInput) {
	const send = async () =>
		await sendToProvider(
			ctx,
			adapter,
			adapter.generateRequest(input.musicTaskId, input.callbackUrl),
			{
				retry: 'create',
				itemIndex: input.itemIndex,
				accept: (answer) => adapter.isGenerateAnswer(answer),
				deadline: input.deadline,
				signal: input.signal,
			},
		);
	try {
		return { envelope: await send() };
	} catch (error) {
		if (adapter.duplicateReturnsExistingId || !isAnswerLost(error))
			throw asNodeError(ctx.getNode(), error, input.itemIndex);
		return { envelope: await send(), lost: error };
	}
}

/** Codes with which a provider may refuse the music task itself (unknown, invalid, not usable yet). */
const MUSIC_REFUSAL_CODES = new Set(['400', '404', '422', '500', '501']);

/**
 * A generate refused over the music task may mean the music is not finished: no provider documents
 * its answer then, so the error adds what the provider's page asks for.
 */
function withFinishedMusicNote(error: unknown, adapter: ProviderAdapter): unknown {
	const refused = error as { httpCode?: unknown; description?: unknown };
	if (typeof refused.httpCode !== 'string' || !MUSIC_REFUSAL_CODES.has(refused.httpCode)) {
		return error;
	}
	const before = typeof refused.description === 'string' ? `${refused.description} ` : '';
	refused.description = `${before}If the music is still generating: ${adapter.finishedMusicNote} Wait until the music step reports it finished, then generate the cover.`;
	return error;
}

/** Starts a cover task; the result is pending (or, for an unrecoverable duplicate, says so). */
export async function startCover(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	input: CreateInput,
): Promise<CoverResult> {
	const { envelope, lost } = await sendCreate(ctx, adapter, input).catch((error: unknown) => {
		throw withFinishedMusicNote(error, adapter);
	});
	const answer = parseAnswer(ctx, adapter, envelope, input.itemIndex, () =>
		adapter.parseGenerate(envelope),
	);
	if (lost && answer.duplicate && !answer.coverTaskId)
		throw lostCoverError(ctx, adapter, input, lost);
	// A retried generate whose earlier attempt may have reached the provider (its answer was lost)
	// comes back as a duplicate of the cover that attempt created: a new cover, not the user's
	// duplicate. After rate-limited attempts only, the duplicate is the user's existing cover: the
	// provider dropped those unheard.
	if (answer.duplicate && answer.coverTaskId && envelope.earlierAttemptMayHaveActed)
		answer.duplicate = false;
	const pending: CoverResult = {
		provider: adapter.id,
		coverTaskId: answer.coverTaskId ?? '',
		musicTaskId: input.musicTaskId,
		status: 'pending',
		providerStatus: answer.duplicate ? DUPLICATE : CREATED,
		images: [],
	};
	// When the cover was started: a wait that follows knows not to read it before it can be ready.
	if (!answer.duplicate) pending.createdAt = new Date().toISOString();
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

/**
 * A track's existing cover (a duplicate whose id the provider returned) is read, so its item tells
 * the cover's real current status, finished or not; a failed read keeps the duplicate as it was.
 */
export async function readDuplicates(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	started: Array<CoverResult | Error>,
	itemIndexes: number[],
): Promise<Array<CoverResult | Error>> {
	return await Promise.all(
		started.map(async (outcome, position) =>
			outcome instanceof Error || outcome.providerStatus !== DUPLICATE || !outcome.coverTaskId
				? outcome
				: await readCover(ctx, adapter, outcome.coverTaskId, itemIndexes[position]).catch(
						() => outcome,
					),
		),
	);
}
