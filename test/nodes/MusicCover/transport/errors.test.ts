/**
 * Every provider error, end to end: the real node in a real n8n run against the emulator. Each
 * error must become a NodeApiError naming the provider and the code, with a description saying
 * what to do; with Continue On Fail each input item still yields exactly one output item.
 */

import { PROVIDERS } from '../../../../nodes/MusicCover/providers';
import type { Fault } from '../../../emulator/types';
import {
	DISPLAY_NAME,
	PROVIDER_NAMES,
	expectOnePairedItemPerInput,
	generateCovers,
	runNode,
	useEmulator,
	type ProviderName,
	type RunResult,
} from '../support';

const emulator = useEmulator({ readyAfterMs: 0 });

type Trigger = { fault: Fault['code']; retryAfter?: number } | 'badKey' | 'unknownMusicTask';

interface ErrorCase {
	name: string;
	trigger: Trigger;
	operation: 'generate' | 'getStatus';
	/** Requests the failing item costs (the transport's retries). */
	attempts: (provider: ProviderName) => number;
	message: (provider: ProviderName) => string;
	httpCode: string | null;
	description: RegExp;
}

const once = () => 1;
const thrice = () => 3;
const answered = (code: number) => (provider: ProviderName) =>
	`${DISPLAY_NAME[provider]} answered code ${code}`;

const CASES: ErrorCase[] = [
	{
		name: '400 bad request',
		trigger: { fault: 400 },
		operation: 'generate',
		attempts: once,
		message: answered(400),
		httpCode: '400',
		description: /check the task id/i,
	},
	{
		name: '401 bad API key',
		trigger: 'badKey',
		operation: 'getStatus',
		attempts: once,
		message: answered(401),
		httpCode: '401',
		description: /API key/,
	},
	{
		name: '402 out of credits',
		trigger: { fault: 402 },
		operation: 'generate',
		attempts: once,
		message: answered(402),
		httpCode: '402',
		description: /top (it )?up|recharge/i,
	},
	{
		name: '404 unknown music task',
		trigger: 'unknownMusicTask',
		operation: 'generate',
		attempts: once,
		message: answered(404),
		httpCode: '404',
		description: /check the task id/i,
	},
	{
		name: '409 conflict without an existing id',
		trigger: { fault: 409 },
		operation: 'generate',
		attempts: once,
		message: answered(409),
		httpCode: '409',
		description: /already exists/i,
	},
	{
		name: '422 validation',
		trigger: { fault: 422 },
		operation: 'generate',
		attempts: once,
		message: answered(422),
		httpCode: '422',
		description: /parameters/i,
	},
	{
		// A read gives up after its attempts; a rate-limited create waits (generate.kieAi.test.ts).
		name: '429 rate limit that persists',
		trigger: { fault: 429, retryAfter: 0 },
		operation: 'getStatus',
		attempts: thrice,
		message: answered(429),
		httpCode: '429',
		description: /rate limited/i,
	},
	// 455 is kie.ai's maintenance code: retried only where the adapter declares it transient.
	{
		name: '455 maintenance',
		trigger: { fault: 455, retryAfter: 0 },
		operation: 'getStatus',
		attempts: (provider) => (PROVIDERS[provider].transientCodes.includes(455) ? 3 : 1),
		message: answered(455),
		httpCode: '455',
		description: /maintenance|try again/i,
	},
	{
		name: '500 internal error',
		trigger: { fault: 500, retryAfter: 0 },
		operation: 'getStatus',
		attempts: thrice,
		message: answered(500),
		httpCode: '500',
		description: /try again later/i,
	},
	{
		name: 'an HTML page instead of JSON',
		trigger: { fault: 'html', retryAfter: 0 },
		operation: 'getStatus',
		attempts: thrice,
		message: (provider) => `${DISPLAY_NAME[provider]} answered with a non-JSON body (HTTP 502)`,
		httpCode: '502',
		description: /base URL/,
	},
	{
		// A paid generate is retried after a network error where a repeat is free (the provider
		// answers a repeat with the existing cover: kie.ai, with 1 s and 2 s of real back-off), and
		// sent once more where a repeat cannot charge twice.
		name: 'a network error (connection reset)',
		trigger: { fault: 'reset' },
		operation: 'generate',
		attempts: (provider) => (PROVIDERS[provider].duplicateReturnsExistingId ? 3 : 2),
		message: (provider) => `Could not reach ${DISPLAY_NAME[provider]}: ECONNRESET`,
		httpCode: null,
		description: /base URL/,
	},
];

const endpointOf = (operation: ErrorCase['operation']) =>
	operation === 'generate' ? 'generate' : 'status';

/** Two input items; the trigger makes the first fail (a bad key fails both). */
async function runCase(
	provider: ProviderName,
	errorCase: ErrorCase,
	continueOnFail: boolean,
): Promise<RunResult & { tasks: [string, string] }> {
	const [coverA, coverB] =
		errorCase.operation === 'getStatus'
			? await generateCovers(emulator, provider, ['music-a', 'music-b'])
			: [];
	emulator.requests.length = 0;
	const { trigger } = errorCase;
	const musicA = trigger === 'unknownMusicTask' ? 'notfound-a' : 'music-a';
	const tasks: [string, string] =
		errorCase.operation === 'getStatus' ? [coverA, coverB] : [musicA, 'music-b'];
	if (typeof trigger === 'object') {
		emulator.injectFault({
			provider,
			endpoint: endpointOf(errorCase.operation),
			code: trigger.fault,
			retryAfter: trigger.retryAfter,
			times: errorCase.attempts(provider),
			// Reads go out in parallel: the fault stays on the first item's task.
			taskId: errorCase.operation === 'getStatus' ? coverA : musicA,
		});
	}
	const run = await runNode(emulator, {
		provider,
		apiKey: trigger === 'badKey' ? 'wrong-key-0000' : undefined,
		continueOnFail,
		parameters: {
			operation: errorCase.operation,
			waitMode: 'noWait',
			musicTaskId: '={{ $json.musicTaskId }}',
			coverTaskId: '={{ $json.coverTaskId }}',
		},
		items: [
			{
				json: {
					musicTaskId: musicA,
					coverTaskId: coverA,
				},
			},
			{ json: { musicTaskId: 'music-b', coverTaskId: coverB } },
		],
	});
	return { ...run, tasks };
}

describe.each(PROVIDER_NAMES)('%s errors', (provider) => {
	describe.each(CASES)('$name', (errorCase) => {
		test('fails the run with a NodeApiError naming the provider and code, and saying what to do', async () => {
			const result = await runCase(provider, errorCase, false);
			expect(result.error).toMatchObject({
				name: 'NodeApiError',
				message: expect.stringContaining(errorCase.message(provider)),
				description: expect.stringMatching(errorCase.description),
			});
			expect((result.error as { httpCode?: string | null }).httpCode ?? null).toBe(
				errorCase.httpCode,
			);
			expect(result.run.status).toBe('error');
			expect(result.items).toEqual([]);
			// The first item costs exactly its attempts; a failing paid generate stops the run, so
			// nothing is sent for the second item (reads are free and go out together).
			const [firstTask, secondTask] = result.tasks;
			const sent = (taskId: string) =>
				emulator.requests.filter(
					(request) =>
						request.endpoint === endpointOf(errorCase.operation) && request.taskId === taskId,
				);
			expect(sent(firstTask)).toHaveLength(errorCase.attempts(provider));
			if (errorCase.operation === 'generate') expect(sent(secondTask)).toHaveLength(0);
		});

		test('with Continue On Fail, every input item yields exactly one output item', async () => {
			const result = await runCase(provider, errorCase, true);
			expect(result.error).toBeUndefined();
			expectOnePairedItemPerInput(result, 2);
			expect(result.items[0].json).toEqual({
				error: expect.stringContaining(errorCase.message(provider)),
				errorDescription: expect.stringMatching(errorCase.description),
				// The code lets an IF node route on it; network errors have none.
				...(errorCase.httpCode === null ? {} : { errorCode: errorCase.httpCode }),
			});
			if (errorCase.trigger === 'badKey') {
				expect(result.items[1].json.error).toEqual(
					expect.stringContaining(errorCase.message(provider)),
				);
			} else {
				expect(result.items[1].json).toMatchObject({
					provider,
					status: expect.stringMatching(/pending|success/),
				});
				expect(result.items[1].json.error).toBeUndefined();
			}
		});
	});
});

test('kie.ai: a bad key answered with HTTP 200 is still read as the 401 in its body', async () => {
	const result = await runCase('kieAi', CASES[1], false);
	expect(result.error).toMatchObject({
		errorResponse: { provider: 'kieAi', code: 401, httpStatus: 200 },
	});
});

describe.each(PROVIDER_NAMES)('%s: a success answer without the documented data', (provider) => {
	test.each([
		{ operation: 'generate', endpoint: 'generate' as const },
		{ operation: 'getStatus', endpoint: 'status' as const },
	])(
		'$operation fails with an error naming the provider, not a raw schema error',
		async ({ operation, endpoint }) => {
			const [coverTaskId] = await generateCovers(emulator, provider, ['music-0']);
			// Body `{ code: 200, msg }` and no `data`.
			emulator.injectFault({ provider, endpoint, code: 200 });
			const result = await runNode(emulator, {
				provider,
				parameters: { operation, musicTaskId: 'music-1', coverTaskId },
			});
			expect(result.error).toMatchObject({
				name: 'NodeApiError',
				message: `${DISPLAY_NAME[provider]} answered in an unexpected shape (data: Required)`,
				description: expect.stringContaining('documented format'),
			});
		},
	);
});
