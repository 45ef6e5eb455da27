import type { CoverResult } from '../providers/types';
import { isTransientError } from '../transport/retry';
import { forEachLimited } from '../util/concurrency';
import {
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
	due: number;
	interval: number;
}

function originOf(result: CoverResult | undefined): number | undefined {
	const time = result?.createdAt ? Date.parse(result.createdAt) : Number.NaN;
	return Number.isFinite(time) ? time : undefined;
}

/**
 * When to read a still-running cover next. A young cover is read every Poll Interval, so the
 * delay from "ready" to "seen" stays under one interval where most covers finish; after its first
 * minute the pause grows 1.5 times per read up to 30 s, so long waits cost few requests.
 */
function nextRead(clock: TaskClock, readAt: number, settings: PollSettings): void {
	const age = readAt - (clock.origin ?? readAt);
	clock.interval =
		age < STEADY_POLL_PHASE_MS
			? settings.initialIntervalMs
			: Math.min(clock.interval * POLL_INTERVAL_GROWTH, MAX_POLL_INTERVAL_MS);
	clock.due = readAt + clock.interval;
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
		return { origin, due: Math.min(due, deadline), interval: settings.initialIntervalMs };
	});
	let pending = outcomes.map((_, index) => index);

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
				clock.origin = clock.origin ?? originOf(result) ?? readAt;
				outcomes[index] =
					result.status === 'pending'
						? { kind: 'timedOut', last: result }
						: { kind: 'terminal', result };
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
			nextRead(clock, readAt, settings);
		});
		pending = pending.filter((index) => outcomes[index].kind === 'timedOut');
		if (readAt >= deadline) break;
		for (const index of pending) clocks[index].due = Math.min(clocks[index].due, deadline);
	}
	return outcomes;
}
