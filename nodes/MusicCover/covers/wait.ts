import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import type { CoverResult, ProviderAdapter } from '../providers/types';
import type { ProviderContext } from '../transport';
import { isTransientError } from '../transport/retry';
import { asNodeError } from '../util/errors';
import { CREATED } from './create';
import { JoiningTasks, pollUntilTerminal, type PollSettings } from './polling';
import { readCover } from './read';

/** Per input item: its cover result, or the error that item ended with. */
export type ItemOutcome = CoverResult | Error;

/** A cover to wait for, and the input item it belongs to. */
export interface WaitTask {
	itemIndex: number;
	coverTaskId: string;
	musicTaskId?: string;
	/** When the cover was started (epoch ms), if this run knows: it is not read before it can be ready. */
	startedAt?: number;
}

/**
 * When a Generate of this workflow started the cover, read from the item it output (its status
 * CREATED and its createdAt); undefined for any other item.
 */
export function startedAtOf(item: { providerStatus?: unknown; createdAt?: unknown }) {
	const startedAt = item.providerStatus === CREATED ? Date.parse(String(item.createdAt)) : NaN;
	return Number.isFinite(startedAt) ? startedAt : undefined;
}

/** The wait for a cover this run has just seen pending; a fresh one keeps its start time. */
function waitTaskOf(result: CoverResult, itemIndex: number): WaitTask {
	return {
		itemIndex,
		coverTaskId: result.coverTaskId,
		musicTaskId: result.musicTaskId,
		startedAt: startedAtOf(result),
	};
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

/** A status read may omit the music task's id; the task knows it. */
function withMusicTaskId(result: CoverResult, task: WaitTask): CoverResult {
	return task.musicTaskId && !result.musicTaskId
		? { ...result, musicTaskId: task.musicTaskId }
		: result;
}

/** Told of each cover the moment a read shows it finished (`position` as the caller counts). */
export type OnCoverFinished = (position: number, result: CoverResult) => void;

interface WaitExtras {
	/** Tasks (at their index in `tasks`) that join while the wait is under way. */
	joining?: JoiningTasks;
	/** Called with the task's index in `tasks`. */
	onFinished?: OnCoverFinished;
}

/** Waits for every task at once; each entry is the terminal result or the error for its item. */
export async function waitForCovers(
	ctx: IExecuteFunctions,
	adapter: ProviderAdapter,
	tasks: WaitTask[],
	settings: PollSettings,
	extras: WaitExtras = {},
): Promise<ItemOutcome[]> {
	const { joining, onFinished } = extras;
	let outcomes;
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
			{
				isTransient: (error) =>
					isTransientError(error, [...adapter.transientCodes, ...adapter.rateLimitCodes]),
				startedAt: tasks.map((task) => task.startedAt),
				joining,
				onTerminal:
					onFinished &&
					((index, result) => onFinished(index, withMusicTaskId(result, tasks[index]))),
			},
		);
	} catch (error) {
		if (!settings.signal?.aborted) throw asNodeError(ctx.getNode(), error);
		// n8n marks a run as canceled (not failed) when the error says so.
		throw new NodeOperationError(ctx.getNode(), 'Execution canceled while waiting for the covers', {
			description: `The cover tasks keep running at ${adapter.displayName}: check them later with Get Status.`,
		});
	}
	// Over the tasks: a task that never joined (a hole) stays a hole.
	return tasks.map((task, index) => {
		const outcome = outcomes[index];
		if (outcome.kind === 'terminal') return withMusicTaskId(outcome.result, task);
		if (outcome.kind === 'error') return outcome.error;
		if (settings.pendingAtDeadline && outcome.last) return withMusicTaskId(outcome.last, task);
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

/** An input item's state before the wait: settled already, or a cover to wait for. */
export type WaitSlot = ItemOutcome | WaitTask;

/** A started cover's slot: a cover to wait for while pending, settled otherwise. */
export function slotOf(result: CoverResult, itemIndex: number): WaitSlot {
	return result.status === 'pending' ? waitTaskOf(result, itemIndex) : result;
}

function isWaitTask(slot: WaitSlot): slot is WaitTask {
	return !(slot instanceof Error) && !('status' in slot);
}

/**
 * Waits for the slots that hold a task, all at once, and puts each result back at its slot's
 * position; settled slots pass through. One pass each way, whatever the batch size.
 */
export async function waitForSlots(
	ctx: IExecuteFunctions,
	adapter: ProviderAdapter,
	slots: WaitSlot[],
	settings: PollSettings,
	onFinished?: OnCoverFinished,
): Promise<ItemOutcome[]> {
	const positions = slots.flatMap((slot, position) => (isWaitTask(slot) ? [position] : []));
	const tasks = positions.map((position) => slots[position] as WaitTask);
	const finished = await waitForCovers(ctx, adapter, tasks, settings, {
		onFinished: onFinished && ((index, result) => onFinished(positions[index], result)),
	});
	let next = 0;
	return slots.map((slot) => (isWaitTask(slot) ? finished[next++] : slot));
}

/**
 * Starts the slots with `start` (which hands each to `settle` as soon as it has it, in any order)
 * and waits for each cover from the moment it has started, not from the moment the last one has:
 * a batch's creates are paced over minutes, and its first covers are finished long before then.
 * If `start` fails, the wait is stopped and the failure thrown.
 */
export async function startAndWaitForSlots(
	ctx: IExecuteFunctions,
	adapter: ProviderAdapter,
	count: number,
	start: (settle: (position: number, slot: WaitSlot) => void) => Promise<void>,
	settings: PollSettings,
	onFinished?: OnCoverFinished,
): Promise<ItemOutcome[]> {
	const slots: WaitSlot[] = new Array(count);
	const tasks: WaitTask[] = new Array(count);
	const joining = new JoiningTasks();
	// The wait's own stop: a failed start ends it too, not only a cancelled execution.
	const stop = new AbortController();
	const cancel = () => stop.abort();
	if (settings.signal?.aborted) stop.abort();
	settings.signal?.addEventListener('abort', cancel, { once: true });
	try {
		const waiting = waitForCovers(
			ctx,
			adapter,
			tasks,
			{ ...settings, signal: stop.signal },
			{ joining, onFinished },
		);
		// Its failure is thrown below; until then it must not count as unhandled.
		waiting.catch(() => undefined);
		try {
			await start((position, slot) => {
				slots[position] = slot;
				if (!isWaitTask(slot)) return;
				tasks[position] = slot;
				joining.join(position, slot.startedAt);
			});
		} catch (error) {
			stop.abort();
			await waiting.catch(() => undefined);
			throw asNodeError(ctx.getNode(), error);
		} finally {
			joining.close();
		}
		const finished = await waiting;
		return slots.map((slot, position) => (isWaitTask(slot) ? finished[position] : slot));
	} finally {
		settings.signal?.removeEventListener('abort', cancel);
	}
}
