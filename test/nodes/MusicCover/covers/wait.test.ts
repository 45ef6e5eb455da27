/**
 * waitForCovers' deadline, on a fake clock: the real transport reads the emulator over HTTP
 * through a real n8n-core ExecuteContext; only the pauses and the clock are injected.
 */
import { NodeOperationError } from 'n8n-workflow';

import { waitForCovers } from '../../../../nodes/MusicCover/covers/wait';
import type { PollSettings } from '../../../../nodes/MusicCover/covers/polling';
import { PROVIDERS } from '../../../../nodes/MusicCover/providers';
import {
	generateCovers,
	PROVIDER_NAMES,
	providerStatusOf,
	statusReadIds,
	useEmulator,
	type ProviderName,
} from '../support';
import { executeContextFor } from '../support/executeContext';

const emulator = useEmulator({ readyAfterMs: 0 });

function fakeClockSettings(timeoutMs: number): PollSettings & { pauses: number[] } {
	let time = 0;
	const pauses: number[] = [];
	return {
		timeoutMs,
		initialIntervalMs: 5000,
		pauses,
		now: () => time,
		sleep: async (ms) => {
			pauses.push(ms);
			time += ms;
		},
	};
}

describe.each(PROVIDER_NAMES)('waitForCovers on %s', (provider) => {
	test('a cover still running at the deadline becomes an error carrying its cover task id', async () => {
		const [neverId, doneId] = await generateCovers(emulator, provider, ['never-1', 'music-2']);
		emulator.requests.length = 0;
		const { context } = executeContextFor(emulator, provider);
		const settings = fakeClockSettings(600_000);
		const runningStatus = providerStatusOf(emulator, provider, neverId);

		const outcomes = await waitForCovers(
			context,
			PROVIDERS[provider],
			[
				{ itemIndex: 0, coverTaskId: neverId, musicTaskId: 'never-1' },
				{ itemIndex: 1, coverTaskId: doneId, musicTaskId: 'music-2' },
			],
			settings,
		);

		expect(outcomes[1]).toMatchObject({
			coverTaskId: doneId,
			musicTaskId: 'music-2',
			status: 'success',
		});
		const timedOut = outcomes[0] as NodeOperationError;
		expect(timedOut).toBeInstanceOf(NodeOperationError);
		expect(timedOut.message).toBe(
			`Cover task ${neverId} is still running after 600 s (${PROVIDERS[provider].displayName} status: ${runningStatus})`,
		);
		expect(timedOut.context).toMatchObject({ coverTaskId: neverId, itemIndex: 0 });
		expect(timedOut.description).toMatch(/Get Status/);
		// The whole ten minutes were waited (on the fake clock), the last pause cut to the deadline.
		expect(settings.pauses.reduce((sum, pause) => sum + pause, 0)).toBe(600_000);
		expect(statusReadIds(emulator, provider).filter((id) => id === doneId)).toHaveLength(1);
	});

	test('with pendingAtDeadline (tool calls), a cover still running at the deadline is its last pending read', async () => {
		const [neverId] = await generateCovers(emulator, provider, ['never-1']);
		const { context } = executeContextFor(emulator, provider);
		const settings = { ...fakeClockSettings(45_000), pendingAtDeadline: true };
		const runningStatus = providerStatusOf(emulator, provider, neverId);

		const [outcome] = await waitForCovers(
			context,
			PROVIDERS[provider],
			[{ itemIndex: 0, coverTaskId: neverId, musicTaskId: 'never-1' }],
			settings,
		);

		expect(outcome).toMatchObject({
			coverTaskId: neverId,
			musicTaskId: 'never-1',
			status: 'pending',
			providerStatus: runningStatus,
		});
		expect(settings.pauses.reduce((sum, pause) => sum + pause, 0)).toBe(45_000);
	});
});

/** One cover waited for while its status reads answer `code` the first `times` times. */
async function waitThroughFailingReads(
	provider: ProviderName,
	{ code, times, timeoutMs }: { code: number; times: number; timeoutMs: number },
) {
	const [coverTaskId] = await generateCovers(emulator, provider, ['music-1']);
	emulator.injectFault({ provider, endpoint: 'status', code, retryAfter: 0, times });
	const { context } = executeContextFor(emulator, provider);
	const [outcome] = await waitForCovers(
		context,
		PROVIDERS[provider],
		[{ itemIndex: 0, coverTaskId }],
		fakeClockSettings(timeoutMs),
	);
	return { coverTaskId, outcome };
}

test('a cover whose reads keep failing until the deadline reports the last error', async () => {
	const { coverTaskId, outcome } = await waitThroughFailingReads('udioApiPro', {
		code: 503,
		times: 1000,
		timeoutMs: 30_000,
	});
	expect((outcome as Error).message).toBe(
		`Cover task ${coverTaskId} is still running after 30 s (last error: udioapi.pro answered code 503: Service unavailable)`,
	);
});

test("kie.ai: reads answered 430 (its doc family's rate limit) past the transport's retries are read again later, not failed", async () => {
	const { coverTaskId, outcome } = await waitThroughFailingReads('kieAi', {
		code: 430,
		times: 3,
		timeoutMs: 600_000,
	});
	expect(outcome).toMatchObject({ coverTaskId, status: 'success' });
	expect(statusReadIds(emulator, 'kieAi')).toHaveLength(4);
});
