/**
 * The node runs on the host's n8n-workflow: 2.x has an abortable `sleep(ms, signal)` and no
 * `sleepWithAbort`; 1.x has `sleepWithAbort(ms, signal)` and a `sleep` that ignores a signal.
 * Both real packages are installed (1.x as n8n-workflow-v1), and the helper must abort on each.
 */
import type * as SleepHelpers from '../../../../nodes/MusicCover/util/sleep';

type SleepModule = typeof SleepHelpers;

function loadSleepWith(
	workflowPackage: 'n8n-workflow' | 'n8n-workflow-v1',
): SleepModule['cancellableSleep'] {
	let cancellableSleep: SleepModule['cancellableSleep'] | undefined;
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => jest.requireActual(workflowPackage));
		({ cancellableSleep } = jest.requireActual<SleepModule>(
			'../../../../nodes/MusicCover/util/sleep',
		));
	});
	jest.dontMock('n8n-workflow');
	return cancellableSleep!;
}

describe.each([
	['n8n 2.x (n8n-workflow 2.41)', 'n8n-workflow', false],
	['n8n 1.x (n8n-workflow 1.120)', 'n8n-workflow-v1', true],
] as const)('on %s', (_line, workflowPackage, hasSleepWithAbort) => {
	const cancellableSleep = loadSleepWith(workflowPackage);

	test(`the host ${hasSleepWithAbort ? 'has' : 'lacks'} sleepWithAbort`, () => {
		expect(
			typeof (jest.requireActual(workflowPackage) as { sleepWithAbort?: unknown }).sleepWithAbort,
		).toBe(hasSleepWithAbort ? 'function' : 'undefined');
	});

	test('a 60 s pause ends as soon as the execution is cancelled, with a rejection', async () => {
		const controller = new AbortController();
		const pause = cancellableSleep(60_000, controller.signal);
		controller.abort();
		await expect(pause).rejects.toBeDefined();
	});

	test('a pause without a signal simply elapses', async () => {
		await expect(cancellableSleep(5)).resolves.toBeUndefined();
	});
});
