/**
 * Fakes for unit tests of the poller (covers/polling.ts): a clock whose sleeps advance time at
 * once, a scripted status reader, and the errors the transport raises.
 */
import type { INode } from 'n8n-workflow';

import type { PollSettings } from '../../../../nodes/MusicCover/covers/polling';
import { kieAi } from '../../../../nodes/MusicCover/providers/kieAi';
import type { CoverResult, CoverStatus } from '../../../../nodes/MusicCover/providers/types';
import { networkError, providerError } from '../../../../nodes/MusicCover/transport/errors';
import { musicCoverNode } from '../../../harness/n8nRuntime';

const node: INode = musicCoverNode('musicCover', {}, []);

/** A cover's result as the adapter reads it, images only on success. */
export const coverResult = (
	index: number,
	status: CoverStatus,
	providerStatus = status.toUpperCase(),
): CoverResult => ({
	provider: 'kieAi',
	coverTaskId: `cover-${index}`,
	status,
	providerStatus,
	images: status === 'success' ? [`https://img/${index}.png`] : [],
});

/** Errors as the transport raises them: a provider's answer code, or a network failure. */
export const apiError = (code: number) =>
	providerError(
		node,
		kieAi,
		{ httpStatus: 200, code, message: `code ${code}`, data: undefined },
		[],
	);
export const connectionReset = () =>
	networkError(node, kieAi, { code: 'ECONNRESET', message: 'socket hang up' }, []);

/**
 * A fake clock: `sleep` advances `now` instead of waiting, and every call is recorded, so the
 * poller's deadline and interval logic run without real time passing.
 */
export function fakeClock() {
	let time = 1_000_000;
	const sleeps: number[] = [];
	const reads: Array<{ index: number; at: number }> = [];
	return {
		sleeps,
		reads,
		elapsed: () => time - 1_000_000,
		settings(overrides: Partial<PollSettings> = {}): PollSettings {
			return {
				timeoutMs: 600_000,
				initialIntervalMs: 5_000,
				now: () => time,
				sleep: async (ms: number, signal?: AbortSignal) => {
					signal?.throwIfAborted();
					sleeps.push(ms);
					time += ms;
				},
				...overrides,
			};
		},
		/** readStatus that answers from a script: per task, one answer per round (last one repeats). */
		reader(script: Array<Array<CoverStatus | Error>>) {
			const rounds = script.map(() => 0);
			return async (index: number): Promise<CoverResult> => {
				reads.push({ index, at: time - 1_000_000 });
				const answers = script[index];
				const answer = answers[Math.min(rounds[index]++, answers.length - 1)];
				if (answer instanceof Error) throw answer;
				return coverResult(index, answer);
			};
		},
	};
}
