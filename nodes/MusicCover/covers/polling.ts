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
	/**
	 * Tasks still being started when the wait begins (a Generate's creates, paced over minutes): the
	 * wait reads those that have joined while the rest are created, instead of after the last one.
	 */
	joining?: JoiningTasks;
	/** Called once per task, the moment a read shows it terminal (its images can go at once). */
	onTerminal?: (index: number, result: CoverResult) => void;
}

/**
 * Tasks that join a wait already under way, one index at a time; a task that never joins (its
 * create failed) is not waited for.
 */
export class JoiningTasks {
	private readonly joined: Array<{ index: number; startedAt?: number }> = [];
	private closed = false;

	/** The task at `index` has started (at `startedAt`, epoch ms, if known): wait for it too. */
	join(index: number, startedAt?: number): void {
		this.joined.push({ index, startedAt });
	}

	/** No more tasks will join. */
	close(): void {
		this.closed = true;
	}

	/** The tasks that joined since the last call, and whether more may still come. */
	take(): { joined: Array<{ index: number; startedAt?: number }>; more: boolean } {
		return { joined: this.joined.splice(0), more: !this.closed };
	}
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
	const clockOf = (origin: number | undefined, from: number): TaskClock => ({
		origin,
		startKnown: origin !== undefined,
		due: Math.min(origin === undefined ? from : origin + firstReadDelay, deadline),
		interval: settings.initialIntervalMs,
	});
	const clocks: TaskClock[] = outcomes.map((_, index) =>
		clockOf(options.startedAt?.[index], start),
	);
	let pending = options.joining ? [] : outcomes.map((_, index) => index);
	let more = options.joining !== undefined;
	const admitJoined = () => {
		if (!options.joining) return;
		const taken = options.joining.take();
		for (const { index, startedAt } of taken.joined) {
			clocks[index] = clockOf(startedAt, now());
			pending.push(index);
		}
		more = taken.more;
	};
	const progress: WaitProgress = { count, running: count };

	for (admitJoined(); pending.length > 0 || more; admitJoined()) {
		settings.signal?.throwIfAborted();
		const wake = Math.min(...pending.map((index) => clocks[index].due));
		// A task joining now is read a first-read delay after its start at the earliest: waking at
		// least that often reads it on time without being woken by it.
		const nap = more ? Math.min(wake - now(), firstReadDelay) : wake - now();
		if (nap > 0) {
			await sleep(nap, settings.signal);
			admitJoined();
		}
		const readAt = now();
		// Reads falling due together go out together, but none goes early on a nap's end alone.
		const anyDue = pending.some((index) => clocks[index].due <= readAt);
		const due = anyDue
			? pending.filter((index) => clocks[index].due <= readAt + READ_COALESCE_MS)
			: [];
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
				if (result.status !== 'pending') options.onTerminal?.(index, result);
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
