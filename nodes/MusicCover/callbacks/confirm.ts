import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { readCover } from '../covers/read';
import type { CallbackProvider } from '../providers';
import type { CoverResult } from '../providers/types';
import { forEachLimited } from '../util/concurrency';
import {
	CALLBACK_CONFIRM_REREAD_MS,
	CALLBACK_CONFIRM_WINDOW_MS,
	CALLBACK_IN_FLIGHT_MS,
	CONFIRM_READ_CONCURRENCY,
} from '../util/constants';
import { cancellableSleep } from '../util/sleep';

type Confirmation =
	| { kind: 'confirmed'; results: Map<number, CoverResult> }
	| { kind: 'retryLater'; coverTaskId: string }
	| { kind: 'notLast'; coverTaskId: string; stillRunning: boolean };

/**
 * Reads a called-back cover, and again while the provider's record still shows it running, for up
 * to CALLBACK_CONFIRM_WINDOW_MS: a callback can come ahead of the record (assumed: no page says it
 * cannot), and answering it before the record catches up would lose it unless the provider
 * delivers it again. Gives the last read, still pending if the record never caught up.
 */
export async function readCalledBackCover<T extends CoverResult | undefined>(
	read: () => Promise<T>,
): Promise<T> {
	const started = Date.now();
	let result = await read();
	while (
		result?.status === 'pending' &&
		Date.now() - started + CALLBACK_CONFIRM_REREAD_MS <= CALLBACK_CONFIRM_WINDOW_MS
	) {
		await cancellableSleep(CALLBACK_CONFIRM_REREAD_MS);
		result = await read();
	}
	return result;
}

/** Finished covers in the order they finished; equal times (or none) by position. */
function finishedAfter(a: { result: CoverResult; index: number }, b: typeof a): boolean {
	const time = (result: CoverResult) => Date.parse(result.completedAt ?? '') || 0;
	return (
		time(a.result) > time(b.result) || (time(a.result) === time(b.result) && a.index > b.index)
	);
}

/** Whether a cover finished so recently that its own callback may still be on its way. */
function justFinished(result: CoverResult): boolean {
	const time = Date.parse(result.completedAt ?? '');
	return Number.isFinite(time) && Date.now() - time < CALLBACK_IN_FLIGHT_MS;
}

/**
 * Decides, without any state kept between callbacks (in queue mode they reach different mains),
 * whether this callback resumes the run, reading as little as it can. The other covers are read
 * from the next position on, and the reading stops at the first cover still running (its own
 * callback comes later) or one that finished after the called-back cover a moment ago (its
 * callback is on its way: when all covers finish together, only the last one's callback reads
 * them all). The called-back cover is read together with the next one, and again while the record
 * shows it running (readCalledBackCover): the signature does not cover the body, so the status read
 * is the truth. Its record is also the only one that tells a cover still running from a record
 * behind its callback, so even a callback that stops at a running cover reads both (one that did
 * not would, as the last of covers finishing while the record lags, defer to a cover whose callback
 * came and went); read at the same moment, the own cover seen finished at once says that the next
 * one seen running finished later if at all (assumed: the record is behind every cover by about as
 * long), so its callback is still to come. The other reads go out in growing batches (1, 2, 4, ...) so that a
 * callback that is not the last stops after one or two; but once the next cover is seen to have
 * finished a moment ago, the covers are finishing together and the rest are most likely done: they
 * are read at full width, so the last callback of a burst resumes the run after two round trips
 * (the next cover with its own, then the rest), not a batch per doubling. The last one reads every
 * cover once, which is what the resumed run outputs.
 */
export async function confirmCovers(
	ctx: IWebhookFunctions,
	provider: CallbackProvider,
	awaited: Array<{ json: IDataObject; index: number }>,
	calledBack: string,
): Promise<Confirmation> {
	const read = async ({ json, index }: { json: IDataObject; index: number }) => {
		const result = await readCover(ctx, provider, String(json.coverTaskId), index).catch(
			() => undefined,
		);
		const musicTaskId = json.musicTaskId as string | undefined;
		return result && musicTaskId && !result.musicTaskId ? { ...result, musicTaskId } : result;
	};
	const at = awaited.findIndex(({ json }) => json.coverTaskId === calledBack);
	const results = new Map<number, CoverResult>();
	let self: { result: CoverResult; index: number } | undefined;
	let selfRead: Promise<typeof self> | undefined;
	// More than one read: the provider's record was behind the called-back cover's callback.
	let selfReads = 0;
	// Read once, with the first other cover (see above).
	const readSelf = async () =>
		await (selfRead ??= readCalledBackCover(async () => {
			selfReads += 1;
			return await read(awaited[at]);
		}).then((result) => {
			// Answered with a 503, for kie.ai to deliver again (assumed: no page says it does).
			if (!result || result.status === 'pending') return undefined;
			results.set(awaited[at].index, result);
			return (self = { result, index: awaited[at].index });
		}));
	void readSelf();
	const others = [...awaited.slice(at + 1), ...awaited.slice(0, at)];
	let together = false;
	let start = 0;
	let size = 1;
	while (start < others.length) {
		const batch = others.slice(start, start + size);
		start += batch.length;
		const reads: Array<CoverResult | undefined> = [];
		await forEachLimited(batch, CONFIRM_READ_CONCURRENCY, async (cover, position) => {
			reads[position] = await read(cover);
		});
		for (const [position, { json, index }] of batch.entries()) {
			let result = reads[position];
			const coverTaskId = String(json.coverTaskId);
			if (!result) return { kind: 'retryLater', coverTaskId };
			if (!self && !(await readSelf())) return { kind: 'retryLater', coverTaskId: calledBack };
			// When the record was behind this callback, it may be behind another cover's callback
			// too (covers finishing together): that cover is read again now that the record caught up,
			// or its callback, handled meanwhile, would have deferred to this one in vain.
			if (result.status === 'pending' && selfReads > 1) result = await read({ json, index });
			if (!result) return { kind: 'retryLater', coverTaskId };
			if (result.status === 'pending') return { kind: 'notLast', coverTaskId, stillRunning: true };
			if (self && justFinished(result) && finishedAfter({ result, index }, self))
				return { kind: 'notLast', coverTaskId, stillRunning: false };
			results.set(index, result);
			together = together || justFinished(result);
		}
		size = together ? others.length : Math.min(size * 2, CONFIRM_READ_CONCURRENCY);
	}
	if (!self && !(await readSelf())) return { kind: 'retryLater', coverTaskId: calledBack };
	return { kind: 'confirmed', results };
}
