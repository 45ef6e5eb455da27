/** Runs `work` over `keys` with at most `limit` promises in flight; resolves when all are done. */
export async function forEachLimited<T>(
	keys: readonly T[],
	limit: number,
	work: (key: T, position: number) => Promise<void>,
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, keys.length) }, async () => {
		while (next < keys.length) {
			const position = next++;
			await work(keys[position], position);
		}
	});
	await Promise.all(lanes);
}

/**
 * A bound on work started at different times: each call runs `work` once fewer than `limit`
 * earlier calls are still running, in the order of the calls.
 */
export function limiter(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
	let running = 0;
	const queued: Array<() => void> = [];
	// A finished call hands its place to the first queued one.
	const next = () => {
		const start = queued.shift();
		if (start) start();
		else running--;
	};
	return async <T>(work: () => Promise<T>) => {
		if (running >= limit) await new Promise<void>((start) => queued.push(start));
		else running++;
		try {
			return await work();
		} finally {
			next();
		}
	};
}
