import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CoverResult, ProviderAdapter, ProviderEnvelope } from '../providers/types';
import { sendToProvider, type ProviderContext } from '../transport';
import { unexpectedAnswerError } from '../transport/errors';
import { asNodeError } from './errors';
import { pollUntilTerminal, type PollOutcome, type PollSettings } from './polling';

export type OnDuplicate = 'useExisting' | 'error' | 'continue';

/** providerStatus of a cover that existed before this Generate (its state is not yet read). */
export const DUPLICATE = 'DUPLICATE';

/** Runs an adapter's parser; an answer it cannot read becomes an error naming the provider. */
function parseAnswer<T>(
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

/** Starts a cover task; the result is pending (or, for an unrecoverable duplicate, says so). */
export async function startCover(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	input: {
		musicTaskId: string;
		callbackUrl?: string;
		onDuplicate: OnDuplicate;
		itemIndex: number;
	},
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

export interface WaitTask {
	itemIndex: number;
	coverTaskId: string;
	musicTaskId?: string;
}

/** Error raised for a cover task; `context.coverTaskId` lets an error item carry the id. */
function coverTaskError(
	ctx: ProviderContext,
	message: string,
	task: WaitTask,
	description: string,
): NodeOperationError {
	const error = new NodeOperationError(ctx.getNode(), message, {
		itemIndex: task.itemIndex,
		description,
	});
	error.context.coverTaskId = task.coverTaskId;
	return error;
}

/** Waits for every task at once; each entry is the terminal result or the error for its item. */
export async function waitForCovers(
	ctx: IExecuteFunctions,
	adapter: ProviderAdapter,
	tasks: WaitTask[],
	settings: PollSettings,
): Promise<Array<CoverResult | Error>> {
	let outcomes: PollOutcome[];
	try {
		outcomes = await pollUntilTerminal(
			tasks.length,
			async (index) =>
				await readCover(
					ctx,
					adapter,
					tasks[index].coverTaskId,
					tasks[index].itemIndex,
					settings.signal,
				),
			settings,
		);
	} catch (error) {
		if (!settings.signal?.aborted) throw asNodeError(ctx.getNode(), error);
		// n8n marks a run as canceled (not failed) when the error says so.
		throw new NodeOperationError(ctx.getNode(), 'Execution canceled while waiting for the covers', {
			description: `The cover tasks keep running at ${adapter.displayName}: check them later with Get Status.`,
		});
	}
	return outcomes.map((outcome, index) => {
		const task = tasks[index];
		if (outcome.kind === 'terminal') {
			return task.musicTaskId && !outcome.result.musicTaskId
				? { ...outcome.result, musicTaskId: task.musicTaskId }
				: outcome.result;
		}
		if (outcome.kind === 'error') return outcome.error;
		const seconds = Math.round(settings.timeoutMs / 1000);
		const lastSeen = outcome.last
			? `${adapter.displayName} status: ${outcome.last.providerStatus}`
			: `last error: ${outcome.lastError?.message ?? 'none'}`;
		return coverTaskError(
			ctx,
			`Cover task ${task.coverTaskId} is still running after ${seconds} s (${lastSeen})`,
			task,
			'The cover was not ready before the timeout. Raise Options > Timeout, or check it later with the Get Status operation and this cover task id; generating again would be refused as a duplicate.',
		);
	});
}
