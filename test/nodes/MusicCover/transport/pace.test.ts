/** The create pacer on a fake clock: no real time passes, every pause is recorded. */
import { Pacer } from '../../../../nodes/MusicCover/transport/pace';

function fakeClock() {
	let time = 0;
	const pauses: number[] = [];
	return {
		pauses,
		now: () => time,
		advance: (ms: number) => void (time += ms),
		sleep: async (ms: number) => {
			pauses.push(ms);
			time += ms;
		},
		/** Time passing while nothing waits (the next create has not been asked for yet). */
		advanceTo: (at: number) => {
			time = Math.max(time, at);
		},
	};
}

const KIE_LIMIT = { requests: 20, perMs: 10_000 };
/** The pacer adds this much to each window (timers firing early, whole-millisecond clocks). */
const MARGIN_MS = 20;

describe('Pacer', () => {
	test('lets 20 creates through at once, then holds the 21st until the window has passed', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		const sentAt: number[] = [];
		for (let create = 0; create < 45; create++) {
			await pacer.acquire('account', KIE_LIMIT);
			sentAt.push(clock.now());
		}
		expect(sentAt.slice(0, 20)).toEqual(Array(20).fill(0));
		expect(sentAt.slice(20, 40)).toEqual(Array(20).fill(KIE_LIMIT.perMs + MARGIN_MS));
		expect(sentAt.slice(40)).toEqual(Array(5).fill(2 * (KIE_LIMIT.perMs + MARGIN_MS)));
	});

	test('creates asked for over time: the window slides, so each waits exactly until the 20th create before it is a window old', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		const window = KIE_LIMIT.perMs + MARGIN_MS;
		// Bursts and trickles that straddle window edges (deterministic, in ms).
		const askedAt = [
			...Array(15).fill(0),
			...Array(15).fill(6_000),
			...Array.from({ length: 12 }, (_, i) => 7_000 + i * 900),
			...Array(25).fill(30_000),
			...Array.from({ length: 30 }, (_, i) => 35_000 + i * 333),
		];
		const sentAt: number[] = [];
		for (const at of askedAt) {
			clock.advanceTo(at);
			const asked = clock.now();
			await pacer.acquire('account', KIE_LIMIT);
			sentAt.push(clock.now());
			// Sent at once while the window has room, otherwise the moment it has room again.
			const twentiethBefore =
				sentAt.length > KIE_LIMIT.requests ? sentAt[sentAt.length - 21] : -Infinity;
			expect(clock.now()).toBe(Math.max(asked, twentiethBefore + window));
		}
		// The schedule holds many creates, so the check above judged waits, not only free sends.
		const held = sentAt.filter((at, index) => at > askedAt[index]);
		expect(held.length).toBeGreaterThan(KIE_LIMIT.requests);
	});

	test('a send counts from its answer: answers that come late (a busy process, a slow network) open the next window later', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		const slots = [];
		for (let create = 0; create < 20; create++)
			slots.push(await pacer.acquire('account', KIE_LIMIT));
		// The provider counted them somewhere between 0 and the answers, 300-319 ms later.
		for (const [index, slot] of slots.entries()) {
			clock.advanceTo(300 + index);
			pacer.accepted('account', KIE_LIMIT, slot);
		}
		await pacer.acquire('account', KIE_LIMIT);
		expect(clock.now()).toBe(300 + KIE_LIMIT.perMs + MARGIN_MS);
		// A refused send's slot moves to its answer too (held until the window has room again).
		const refusedSlot = await pacer.acquire('account', KIE_LIMIT);
		clock.advanceTo(clock.now() + 500);
		pacer.refused('account', KIE_LIMIT, undefined, refusedSlot);
		expect(refusedSlot.at).toBe(clock.now());
	});

	test('keeps one window per account', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		for (let create = 0; create < 20; create++) await pacer.acquire('first', KIE_LIMIT);
		await pacer.acquire('second', KIE_LIMIT);
		expect(clock.pauses).toEqual([]);
		await pacer.acquire('first', KIE_LIMIT);
		expect(clock.pauses).toEqual([KIE_LIMIT.perMs + MARGIN_MS]);
	});

	test("after a 429 with Retry-After, nothing more is sent for that account until the provider's time, and nothing is cut", async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		await pacer.acquire('account', KIE_LIMIT);
		pacer.refused('account', KIE_LIMIT, 4000);
		await pacer.acquire('account', KIE_LIMIT);
		// The provider's own time, and no cut: the provider said when it has room.
		expect(clock.pauses).toEqual([4000]);
		expect(pacer.allowance('account', KIE_LIMIT)).toBe(KIE_LIMIT.requests);
	});

	test('back-off: a refusal cuts the window to 0.9 of the sends in it, once per window', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		for (let create = 0; create < 10; create++) await pacer.acquire('account', KIE_LIMIT);
		pacer.refused('account', KIE_LIMIT);
		expect(pacer.allowance('account', KIE_LIMIT)).toBeCloseTo(9);
		// Refusals of creates sent before the cut took effect say nothing new.
		pacer.refused('account', KIE_LIMIT);
		expect(pacer.allowance('account', KIE_LIMIT)).toBeCloseTo(9);
		// The 10 sends fill the cut window: the next waits until the first has left it.
		await pacer.acquire('account', KIE_LIMIT);
		expect(clock.pauses).toEqual([KIE_LIMIT.perMs + MARGIN_MS]);
		// A window later, with 9 sends in it, another refusal cuts again.
		for (let create = 0; create < 8; create++) await pacer.acquire('account', KIE_LIMIT);
		expect(clock.pauses).toHaveLength(1);
		pacer.refused('account', KIE_LIMIT);
		expect(pacer.allowance('account', KIE_LIMIT)).toBeCloseTo(0.9 * 9);
		// Never below one send per window.
		for (let window = 0; window < 50; window++) {
			clock.advance(KIE_LIMIT.perMs);
			pacer.refused('account', KIE_LIMIT);
		}
		expect(pacer.allowance('account', KIE_LIMIT)).toBe(1);
		expect(pacer.allowance('other account', KIE_LIMIT)).toBe(KIE_LIMIT.requests);
	});

	test('probe-up: accepted creates add half a send per window, and after two quiet windows the whole limit is back', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		for (let create = 0; create < 10; create++) await pacer.acquire('account', KIE_LIMIT);
		pacer.refused('account', KIE_LIMIT);
		// A window's worth of accepted creates (9 at 9 per window) adds about half a send.
		for (let create = 0; create < 9; create++) pacer.accepted('account', KIE_LIMIT);
		expect(pacer.allowance('account', KIE_LIMIT)).toBeGreaterThan(9.45);
		expect(pacer.allowance('account', KIE_LIMIT)).toBeLessThan(9.5);
		clock.advance(2 * KIE_LIMIT.perMs - 1);
		pacer.accepted('account', KIE_LIMIT);
		expect(pacer.allowance('account', KIE_LIMIT)).toBeLessThan(10);
		clock.advance(1);
		pacer.accepted('account', KIE_LIMIT);
		expect(pacer.allowance('account', KIE_LIMIT)).toBe(KIE_LIMIT.requests);
		// Never above the documented limit.
		for (let create = 0; create < 100; create++) pacer.accepted('account', KIE_LIMIT);
		expect(pacer.allowance('account', KIE_LIMIT)).toBe(KIE_LIMIT.requests);
	});

	test('an abort during the wait stops it', async () => {
		const pacer = new Pacer(Date.now, async (_ms, signal) => signal?.throwIfAborted());
		for (let create = 0; create < 20; create++) await pacer.acquire('account', KIE_LIMIT);
		const controller = new AbortController();
		controller.abort();
		await expect(pacer.acquire('account', KIE_LIMIT, controller.signal)).rejects.toThrow();
	});
});

/**
 * A clock shared by several simulated processes: each sleep is a timer, and the earliest timer
 * fires once every process has gone as far as it can without time passing.
 */
class VirtualTime {
	private time = 0;
	private order = 0;
	private readonly timers: Array<{ at: number; order: number; wake: () => void }> = [];

	now = () => this.time;

	sleep = async (ms: number) =>
		await new Promise<void>((wake) =>
			this.timers.push({ at: this.time + Math.max(0, Math.ceil(ms)), order: this.order++, wake }),
		);

	async run(processes: Array<Promise<unknown>>): Promise<void> {
		let finished = false;
		const all = Promise.all(processes).then(() => (finished = true));
		for (;;) {
			await new Promise((settle) => setImmediate(settle));
			if (finished) return await all.then(() => undefined);
			this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
			const next = this.timers.shift();
			if (!next) throw new Error('every simulated process waits for nothing');
			this.time = next.at;
			next.wake();
		}
	}
}

/** Deterministic numbers in [0, 1) (a Lehmer generator), so the simulation is the same each run. */
function randomSequence(seed: number) {
	let state = seed;
	return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

/**
 * An account shared by processes that cannot talk to each other, as kie.ai plays it (and the
 * emulator's kieRateLimit): 20 creates per sliding 10 s; a create over it is refused and dropped,
 * and does not count.
 */
function sharedAccount(clock: VirtualTime) {
	const acceptedAt: number[] = [];
	let refused = 0;
	return {
		acceptedAt,
		refusedCount: () => refused,
		create(): boolean {
			const now = clock.now();
			const inWindow = acceptedAt.filter((at) => now - at < KIE_LIMIT.perMs).length;
			if (inWindow < KIE_LIMIT.requests) {
				acceptedAt.push(now);
				return true;
			}
			refused++;
			return false;
		},
	};
}

/**
 * `processes` processes start within 300 ms of each other (executions started at once on
 * queue-mode workers), each with its own pacer, and send `creates` creates one after another
 * (as Generate does) with a network trip of 10-30 ms; a refused create is sent again, as the
 * transport does. A busy process (`busyMs`) sends each create up to that long after its pacer let
 * it go. Returns the fleet's rate against the account's limit and the refused share.
 */
async function simulateFleet(processes: number, creates: number, seed: number, busyMs = 0) {
	const clock = new VirtualTime();
	const account = sharedAccount(clock);
	const random = randomSequence(seed);
	const trip = async () => await clock.sleep(5 + random() * 10);
	const run = async () => {
		const pacer = new Pacer(clock.now, clock.sleep);
		await clock.sleep(random() * 300);
		for (let create = 0; create < creates; create++) {
			for (;;) {
				const slot = await pacer.acquire('account', KIE_LIMIT);
				await clock.sleep(random() * busyMs);
				await trip();
				const accepted = account.create();
				await trip();
				if (accepted) {
					pacer.accepted('account', KIE_LIMIT, slot);
					break;
				}
				pacer.refused('account', KIE_LIMIT, undefined, slot);
			}
		}
	};
	await clock.run(Array.from({ length: processes }, run));
	const total = account.acceptedAt.length;
	// The shortest time the account allows: the first 20 at once, then 20 per window.
	const minimumMs = ((total - KIE_LIMIT.requests) / KIE_LIMIT.requests) * KIE_LIMIT.perMs;
	const elapsedMs = Math.max(...account.acceptedAt) - Math.min(...account.acceptedAt);
	return {
		accepted: total,
		rate: minimumMs / elapsedMs,
		refusedShare: account.refusedCount() / (total + account.refusedCount()),
	};
}

describe('Pacers of processes sharing one account without talking', () => {
	test.each([1, 2, 3])(
		'3 processes, 100 creates each (seed %i): every create made, >= 0.9x the limit, <= 10 %% refused',
		async (seed) => {
			const fleet = await simulateFleet(3, 100, seed);
			expect(fleet.accepted).toBe(300);
			expect(fleet.rate).toBeGreaterThanOrEqual(0.9);
			expect(fleet.refusedShare).toBeLessThanOrEqual(0.1);
		},
	);

	test('one process alone keeps the whole limit and is never refused', async () => {
		const alone = await simulateFleet(1, 200, 1);
		expect(alone.refusedShare).toBe(0);
		// Only the margin added to each window and the network trips separate it from the limit.
		expect(alone.rate).toBeGreaterThanOrEqual(0.97);
	});

	test('one busy process (each create leaves up to 300 ms after its pacer let it go) is never refused', async () => {
		const busy = await simulateFleet(1, 200, 1, 300);
		expect(busy.refusedShare).toBe(0);
		// Below the idle process's rate only by the busy time: 20 creates one after another take 3 s.
		expect(busy.rate).toBeGreaterThanOrEqual(0.9);
	});
});
