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
