import type { CoverResult } from '../providers/types';
import { isTransientError } from '../transport/retry';
import { forEachLimited } from '../util/concurrency';
import {
	FINISHING_PACE_FLOOR,
	FIRST_READ_AFTER_START_FACTOR,
	MAX_POLL_INTERVAL_MS,
	POLL_INTERVAL_GROWTH,
	READ_COALESCE_MS,
	STATUS_READ_CONCURRENCY,
	STEADY_POLL_PHASE_MS,
} from '../util/constants';
import { cancellableSleep, type Sleep } from '../util/sleep';

export interface PollSettings {
	timeoutMs: number;
	/** The user's Poll Interval: the pause between reads while a cover is young. */
	initialIntervalMs: number;
	signal?: AbortSignal;
	/** A cover still running at the deadline is its last pending result, not an error (tool calls). */
	pendingAtDeadline?: boolean;
	/** Injected by tests to run the poller on a fake clock. */
	sleep?: Sleep;
	now?: () => number;
}

export type PollOutcome =
	| { kind: 'terminal'; result: CoverResult }
	| { kind: 'error'; error: Error }
	| { kind: 'timedOut'; last?: CoverResult; lastError?: Error };

export interface PollOptions {
	/** Which read errors are worth another read later; any other error ends that task. */
	isTransient?: (error: unknown) => boolean;
	/** Per task, when its cover was started (epoch ms), if this run knows. */
	startedAt?: Array<number | undefined>;
}

interface TaskClock {
	/** When the cover started: from this run, the provider's record, or the first read. */
	origin?: number;
	/** Whether `origin` is the cover's real start (this run's or the provider's), not a first read. */
	startKnown: boolean;
	due: number;
	/** The pause its age calls for, before the wait's pace shortens it. */
	interval: number;
}

/** What the wait has learnt about its covers as a whole. */
interface WaitProgress {
	count: number;
	running: number;
	/** Age of the quickest cover seen ready (ms): covers this old may be ready any moment. */
	quickestReady?: number;
}

function originOf(result: CoverResult | undefined): number | undefined {
	const time = result?.createdAt ? Date.parse(result.createdAt) : Number.NaN;
	return Number.isFinite(time) ? time : undefined;
}

/**
 * When to read a still-running cover next. A young cover is read every Poll Interval, so the
 * delay from "ready" to "seen" stays under one interval where most covers finish; after its first
 * minute the pause grows 1.5 times per read up to 30 s, so long waits cost few requests. Once a
 * cover as young has been seen ready, the wait's covers are finishing: the pause shrinks with the
 * square root of the share still running (see FINISHING_PACE_FLOOR).
 */
function nextRead(
	clock: TaskClock,
	readAt: number,
	settings: PollSettings,
	progress: WaitProgress,
): void {
	const age = readAt - (clock.origin ?? readAt);
	clock.interval =
		age < STEADY_POLL_PHASE_MS
			? settings.initialIntervalMs
			: Math.min(clock.interval * POLL_INTERVAL_GROWTH, MAX_POLL_INTERVAL_MS);
	// Ready any moment if, by the end of this pause, it is as old as the quickest cover was.
	const finishing =
		progress.quickestReady !== undefined && age + clock.interval >= progress.quickestReady;
	const pace = finishing
		? Math.max(FINISHING_PACE_FLOOR, Math.sqrt(progress.running / progress.count))
		: 1;
	clock.due = readAt + clock.interval * pace;
}

/**
 * Reads the status of every task until each is terminal or the deadline passes. A cover this run
 * just started is first read when it can plausibly be ready, not at once; reads that fall due
 * together go out together, at most a few in flight; the pause is cancellable, so a cancelled
 * execution stops at once; no pause follows the last read, and one last read is made at the
 * deadline.
 */
export async function pollUntilTerminal(
	count: number,
	readStatus: (index: number) => Promise<CoverResult>,
	settings: PollSettings,
	options: PollOptions = {},
): Promise<PollOutcome[]> {
	const sleep = settings.sleep ?? cancellableSleep;
	const now = settings.now ?? Date.now;
	const isTransient = options.isTransient ?? ((error: unknown) => isTransientError(error));
	const start = now();
	const deadline = start + settings.timeoutMs;
	const firstReadDelay = settings.initialIntervalMs * FIRST_READ_AFTER_START_FACTOR;
	const outcomes: PollOutcome[] = Array.from({ length: count }, () => ({ kind: 'timedOut' }));
	const clocks: TaskClock[] = outcomes.map((_, index) => {
		const origin = options.startedAt?.[index];
		const due = origin === undefined ? start : origin + firstReadDelay;
		return {
			origin,
			startKnown: origin !== undefined,
			due: Math.min(due, deadline),
			interval: settings.initialIntervalMs,
		};
	});
	let pending = outcomes.map((_, index) => index);
	const progress: WaitProgress = { count, running: count };

	while (pending.length > 0) {
		settings.signal?.throwIfAborted();
		const wake = Math.min(...pending.map((index) => clocks[index].due));
		if (wake > now()) await sleep(wake - now(), settings.signal);
		const readAt = now();
		const due = pending.filter((index) => clocks[index].due <= readAt + READ_COALESCE_MS);
		await forEachLimited(due, STATUS_READ_CONCURRENCY, async (index) => {
			const clock = clocks[index];
			try {
				const result = await readStatus(index);
				if (clock.origin === undefined) {
					const recorded = originOf(result);
					clock.startKnown = recorded !== undefined;
					clock.origin = recorded ?? readAt;
				}
				outcomes[index] =
					result.status === 'pending'
						? { kind: 'timedOut', last: result }
						: { kind: 'terminal', result };
				// Only a cover whose start is known tells how long covers take.
				if (result.status === 'success' && clock.startKnown) {
					const age = readAt - clock.origin;
					progress.quickestReady = Math.min(progress.quickestReady ?? age, age);
				}
			} catch (error) {
				const previous = outcomes[index];
				outcomes[index] = isTransient(error)
					? {
							kind: 'timedOut',
							last: previous.kind === 'timedOut' ? previous.last : undefined,
							lastError: error as Error,
						}
					: { kind: 'error', error: error as Error };
			}
		});
		pending = pending.filter((index) => outcomes[index].kind === 'timedOut');
		progress.running = pending.length;
		// After the whole round, so that every cover read in it is paced on all it showed.
		for (const index of due) {
			if (outcomes[index].kind === 'timedOut') nextRead(clocks[index], readAt, settings, progress);
		}
		if (readAt >= deadline) break;
		for (const index of pending) clocks[index].due = Math.min(clocks[index].due, deadline);
	}
	return outcomes;
}
