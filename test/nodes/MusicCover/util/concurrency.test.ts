import { limiter } from '../../../../nodes/MusicCover/util/concurrency';

/** A piece of work that ends when the test says so, recording when it started. */
function gate(started: number[], id: number) {
	let open: () => void = () => undefined;
	const done = new Promise<void>((resolve) => (open = resolve));
	return { work: async () => (started.push(id), await done, id), open: () => open() };
}

const settle = async () => await new Promise((resolve) => setImmediate(resolve));

describe('limiter', () => {
	test('runs at most `limit` calls at once, the waiting ones in call order as places free up', async () => {
		const limit = limiter(2);
		const started: number[] = [];
		const gates = [0, 1, 2, 3].map((id) => gate(started, id));
		const results = gates.map((g) => limit(g.work));
		await settle();
		expect(started).toEqual([0, 1]);
		gates[1].open();
		await settle();
		expect(started).toEqual([0, 1, 2]);
		gates[0].open();
		gates[2].open();
		await settle();
		expect(started).toEqual([0, 1, 2, 3]);
		gates[3].open();
		await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3]);
	});

	test('a call that fails frees its place too', async () => {
		const limit = limiter(1);
		await expect(limit(async () => await Promise.reject(new Error('failed')))).rejects.toThrow(
			'failed',
		);
		await expect(limit(async () => await Promise.resolve('next'))).resolves.toBe('next');
	});
});
