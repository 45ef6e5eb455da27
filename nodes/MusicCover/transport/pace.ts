import { createHash } from 'crypto';

import { cancellableSleep, type Sleep } from '../util/sleep';

/** Sends one account may make in a sliding window, as its provider documents it. */
export interface RateLimit {
	requests: number;
	perMs: number;
}

/**
 * Leeway added to each window. A send is counted from its answer (see `Slot`), which the provider
 * gave after counting it, so the network trip needs no allowance; this covers timers firing a
 * millisecond early and the provider's clock ticking in whole milliseconds.
 */
const WINDOW_MARGIN_MS = 20;

/**
 * After a rate-limit answer this process allows itself this share of the sends it had in the
 * window (multiplicative decrease): the fleet is at the account's limit when the first refusal
 * comes, so a small cut already makes room; TCP's 0.5 would leave a quarter of the account unused.
 */
const DECREASE_FACTOR = 0.9;

/**
 * Sends added to the window per window of accepted creates (additive increase): the probe for
 * room the other processes left. Every process probes, so the fleet grows by this times its size
 * per window; more means more refusals.
 */
const INCREASE_PER_WINDOW = 0.5;

/**
 * Windows without a refusal after which this process takes the whole limit again: while the
 * account is shared, a process hears a refusal at least every other window; after that, the
 * others have most likely stopped, and climbing back by INCREASE_PER_WINDOW would leave the
 * account idle for minutes. Probing earlier (1 window) refuses 1 create in 10 with 3 processes.
 */
const QUIET_WINDOWS_BEFORE_FULL_LIMIT = 2;

/**
 * One send's place in this process's window. It counts from the send until the answer comes,
 * then from the answer: the provider counted the request when it arrived, before it answered,
 * and a process busy with other work (downloads, status reads) may send a request well after
 * the pacer let it go, so counting from the send could let the next window start early.
 */
export interface Slot {
	at: number;
}

interface AccountPace {
	/** This process's recent sends (the last window and margin). */
	sent: Slot[];
	/** Sends this process allows itself per window: the documented limit, lower after refusals. */
	allowed: number;
	/** When `allowed` was last cut: refusals of the same window count once. */
	cutAt: number;
	/** Nothing is sent before this (a Retry-After). */
	blockedUntil: number;
}

/**
 * Spaces requests to stay under a rate limit, per account key. It lives in process memory, so
 * executions in one n8n process share it. Processes that share an account without talking
 * (queue-mode workers, a main and a worker) share it the way TCP shares a link (AIMD): each
 * starts at the documented limit; a rate-limit answer cuts what it allows itself per window to a
 * share of its recent sends (multiplicative decrease, once per window), and accepted creates
 * raise it again a little per window (additive increase), never above the limit. One process
 * alone never hears a refusal and keeps the whole limit. Only timestamps and the allowance are
 * kept, under a hash of the key.
 */
export class Pacer {
	private readonly accounts = new Map<string, AccountPace>();

	constructor(
		private readonly now: () => number = Date.now,
		private readonly sleep: Sleep = cancellableSleep,
	) {}

	private paceOf(account: string, limit: RateLimit): AccountPace {
		const key = createHash('sha256').update(account).digest('hex');
		let pace = this.accounts.get(key);
		if (!pace) {
			pace = { sent: [], allowed: limit.requests, cutAt: -Infinity, blockedUntil: -Infinity };
			this.accounts.set(key, pace);
		}
		return pace;
	}

	/**
	 * Waits until one more request fits in the window of `account`, then counts it as sent; hand
	 * the slot back with the answer (`accepted`, `refused`).
	 */
	async acquire(account: string, limit: RateLimit, signal?: AbortSignal): Promise<Slot> {
		const pace = this.paceOf(account, limit);
		for (;;) {
			const window = limit.perMs + WINDOW_MARGIN_MS;
			const now = this.now();
			pace.sent = pace.sent.filter((slot) => now - slot.at < window);
			if (now < pace.blockedUntil) {
				await this.sleep(pace.blockedUntil - now, signal);
				continue;
			}
			const capacity = Math.floor(pace.allowed);
			if (pace.sent.length < capacity) {
				const slot = { at: now };
				pace.sent.push(slot);
				return slot;
			}
			// Until enough sends have left the window for one more to fit (answers move slots later).
			const starts = pace.sent.map((slot) => slot.at).sort((a, b) => a - b);
			await this.sleep(starts[starts.length - capacity] + window - now, signal);
		}
	}

	/**
	 * The provider took a request: probe for a little more room (additive increase), or take the
	 * whole limit again once no refusal has come for a while.
	 */
	accepted(account: string, limit: RateLimit, slot?: Slot): void {
		const pace = this.paceOf(account, limit);
		if (slot) slot.at = this.now();
		const quiet = this.now() - pace.cutAt >= QUIET_WINDOWS_BEFORE_FULL_LIMIT * limit.perMs;
		pace.allowed = quiet
			? limit.requests
			: Math.min(limit.requests, pace.allowed + INCREASE_PER_WINDOW / pace.allowed);
	}

	/**
	 * The provider refused a request for coming too fast: its window is fuller than ours (another
	 * process, another workflow on the account). With a Retry-After, the provider says when it has
	 * room: nothing more goes out until then. Without one, this process's share is cut
	 * (multiplicative decrease, once per window).
	 */
	refused(account: string, limit: RateLimit, retryAfterMs?: number, slot?: Slot): void {
		const pace = this.paceOf(account, limit);
		const now = this.now();
		if (slot) slot.at = now;
		if (retryAfterMs !== undefined) {
			pace.blockedUntil = Math.max(pace.blockedUntil, now + retryAfterMs);
			return;
		}
		if (now - pace.cutAt < limit.perMs) return;
		const inWindow = pace.sent.filter((sent) => now - sent.at < limit.perMs + WINDOW_MARGIN_MS);
		pace.allowed = Math.max(1, DECREASE_FACTOR * Math.min(pace.allowed, inWindow.length));
		pace.cutAt = now;
	}

	/** Sends this process allows itself per window of `account` now (for tests and reports). */
	allowance(account: string, limit: RateLimit): number {
		return this.paceOf(account, limit).allowed;
	}

	/** Forgets every account: for a test whose provider starts each case with an empty window. */
	clear(): void {
		this.accounts.clear();
	}
}

/** The process's pacer for paid creates. */
export const createPacer = new Pacer();
