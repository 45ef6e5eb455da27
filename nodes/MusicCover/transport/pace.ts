import { createHash } from 'crypto';

import { cancellableSleep, type Sleep } from '../util/sleep';

/** Sends one account may make in a sliding window, as its provider documents it. */
export interface RateLimit {
	requests: number;
	perMs: number;
}

/**
 * Leeway added to each window: our send time and the provider's arrival time differ by the
 * network trip, and arriving a hair early costs a 429 and a whole window.
 */
const WINDOW_MARGIN_MS = 150;

/**
 * Spaces requests to stay under a rate limit, per account key. It lives in process memory, so
 * executions in one n8n process share it; workers in queue mode each have their own, which is
 * why a 429 is still handled where it comes back. Only timestamps are kept, under a hash of the
 * key, and a key's window is dropped when it empties.
 */
export class Pacer {
	private readonly sent = new Map<string, number[]>();

	constructor(
		private readonly now: () => number = Date.now,
		private readonly sleep: Sleep = cancellableSleep,
	) {}

	/** Waits until one more request fits in the window of `account`, then counts it as sent. */
	async acquire(account: string, limit: RateLimit, signal?: AbortSignal): Promise<void> {
		const key = createHash('sha256').update(account).digest('hex');
		for (;;) {
			const window = limit.perMs + WINDOW_MARGIN_MS;
			const now = this.now();
			const recent = (this.sent.get(key) ?? []).filter((time) => now - time < window);
			if (recent.length < limit.requests) {
				recent.push(now);
				this.sent.set(key, recent);
				return;
			}
			this.sent.set(key, recent);
			await this.sleep(recent[0] + window - now, signal);
		}
	}

	/** Forgets every window: for a test whose provider starts each case with an empty window. */
	clear(): void {
		this.sent.clear();
	}

	/** A 429 means the provider's window is fuller than ours: nothing more is sent for `pauseMs`. */
	block(account: string, limit: RateLimit, pauseMs: number): void {
		const key = createHash('sha256').update(account).digest('hex');
		const start = this.now() + pauseMs - limit.perMs - WINDOW_MARGIN_MS;
		this.sent.set(
			key,
			Array.from({ length: limit.requests }, () => start),
		);
	}
}

/** The process's pacer for paid creates. */
export const createPacer = new Pacer();
