/** The create pacer on a fake clock: no real time passes, every pause is recorded. */
import { Pacer } from '../../../../nodes/MusicCover/transport/pace';

function fakeClock() {
	let time = 0;
	const pauses: number[] = [];
	return {
		pauses,
		now: () => time,
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
/** The pacer adds this much to each window (network trip between send and arrival). */
const MARGIN_MS = 150;

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

	test('keeps one window per account', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		for (let create = 0; create < 20; create++) await pacer.acquire('first', KIE_LIMIT);
		await pacer.acquire('second', KIE_LIMIT);
		expect(clock.pauses).toEqual([]);
		await pacer.acquire('first', KIE_LIMIT);
		expect(clock.pauses).toEqual([KIE_LIMIT.perMs + MARGIN_MS]);
	});

	test('after a 429 from the provider, nothing more is sent for that account until the given time', async () => {
		const clock = fakeClock();
		const pacer = new Pacer(clock.now, clock.sleep);
		await pacer.acquire('account', KIE_LIMIT);
		pacer.block('account', KIE_LIMIT, 4000);
		await pacer.acquire('account', KIE_LIMIT);
		expect(clock.now()).toBe(4000);
		expect(clock.pauses).toEqual([4000]);
	});

	test('an abort during the wait stops it', async () => {
		const pacer = new Pacer(Date.now, async (_ms, signal) => signal?.throwIfAborted());
		for (let create = 0; create < 20; create++) await pacer.acquire('account', KIE_LIMIT);
		const controller = new AbortController();
		controller.abort();
		await expect(pacer.acquire('account', KIE_LIMIT, controller.signal)).rejects.toThrow();
	});
});
