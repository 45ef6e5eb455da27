import { NodeOperationError, type INode } from 'n8n-workflow';

import { pollUntilTerminal } from '../../../../nodes/MusicCover/covers/polling';
import { kieAi } from '../../../../nodes/MusicCover/providers/kieAi';
import { isTransientError } from '../../../../nodes/MusicCover/transport/retry';
import { musicCoverNode } from '../../../harness/n8nRuntime';
import { apiError, connectionReset, coverResult as result, fakeClock } from '../support';

const node: INode = musicCoverNode('musicCover', {}, []);

describe('pollUntilTerminal', () => {
	test.each([
		{ name: 'a 429', error: apiError(429) },
		{ name: 'a 500', error: apiError(500) },
		{ name: 'maintenance (455)', error: apiError(455) },
		{ name: 'a network error', error: connectionReset() },
	])('keeps polling through $name and finishes when the provider recovers', async ({ error }) => {
		const clock = fakeClock();
		// kie.ai's adapter declares 455 transient; the wait layer passes its judgement in.
		const isTransient = (caught: unknown) => isTransientError(caught, kieAi.transientCodes);
		const outcomes = await pollUntilTerminal(
			1,
			clock.reader([['pending', error, 'success']]),
			clock.settings(),
			{ isTransient },
		);
		expect(outcomes[0]).toMatchObject({ kind: 'terminal', result: { status: 'success' } });
		expect(clock.reads).toHaveLength(3);
	});

	test("a code that is not transient for the provider (455 without kie.ai's adapter) ends the task at once", async () => {
		const clock = fakeClock();
		const outcomes = await pollUntilTerminal(
			1,
			clock.reader([['pending', apiError(455), 'success']]),
			clock.settings(),
		);
		expect(outcomes[0]).toMatchObject({ kind: 'error' });
		expect(clock.reads).toHaveLength(2);
	});

	test('a transient error that lasts to the deadline times out, keeping the last status and the error', async () => {
		const clock = fakeClock();
		const error = apiError(503);
		const outcomes = await pollUntilTerminal(
			1,
			clock.reader([['pending', error]]),
			clock.settings({ timeoutMs: 20_000 }),
		);
		expect(outcomes[0]).toEqual({ kind: 'timedOut', last: result(0, 'pending'), lastError: error });
	});

	test.each([
		{ name: 'a 404 from the provider', error: apiError(404) },
		{ name: 'a 401 from the provider', error: apiError(401) },
		{
			name: 'an error that is not a provider answer',
			error: new NodeOperationError(node, 'unexpected answer'),
		},
	])(
		'gives up on a task after $name, without reading it again, while the others go on',
		async ({ error }) => {
			const clock = fakeClock();
			const outcomes = await pollUntilTerminal(
				2,
				clock.reader([[error], ['pending', 'success']]),
				clock.settings(),
			);
			expect(outcomes[0]).toEqual({ kind: 'error', error });
			expect(outcomes[1]).toMatchObject({ kind: 'terminal' });
			expect(clock.reads.filter((read) => read.index === 0)).toHaveLength(1);
		},
	);
});
