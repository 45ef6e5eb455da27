/**
 * The live check (`npm run test:live`) run against the emulator standing in for the real APIs:
 * faithful answers give no drift; drifted ones (an unknown field, status word or code, made with
 * the emulator's `drift` test device and its faults) are reported as drift.
 */
import { PROVIDERS } from '../../nodes/MusicCover/providers';
import { PROVIDER_NAMES, useEmulator } from '../nodes/MusicCover/support';
import type { ProviderName } from '../emulator/types';
import { runLiveCheck, type LiveCheckReport } from './liveCheck';

jest.setTimeout(30_000);

const emulator = useEmulator({ readyAfterMs: 1500 });

async function check(provider: ProviderName, musicTaskId = 'music-live'): Promise<LiveCheckReport> {
	return await runLiveCheck({
		adapter: PROVIDERS[provider],
		apiKey: emulator.keys[provider],
		baseUrl: emulator.baseUrls[provider],
		musicTaskId,
		timeoutSeconds: 20,
		pollIntervalSeconds: 1,
	});
}

function answersOf(report: LiveCheckReport, operation: string) {
	return report.steps.find((step) => step.operation === operation)?.answers ?? [];
}

describe.each(PROVIDER_NAMES)('live check against the emulator as %s', (provider) => {
	test('faithful answers: every answer checked, no drift', async () => {
		const report = await check(provider);
		expect(report.drift).toEqual([]);
		expect(report.steps.map((step) => step.operation)).toEqual([
			'generate',
			'getStatus',
			'waitForCompletion',
		]);
		// Each raw answer went through the proxy and was read: a running word and the final one.
		expect(answersOf(report, 'generate').map((a) => [a.kind, a.code])).toEqual([['generate', 200]]);
		const words = report.steps
			.flatMap((step) => step.answers)
			.map((answer) => answer.providerStatus)
			.filter(Boolean);
		expect(words[0]).not.toBe('SUCCESS');
		expect(words[words.length - 1]).toBe('SUCCESS');
		expect(report.steps[2].output.status).toBe('success');
		// The raw answers are kept (for the user to send), the API key never.
		expect(report.steps.flatMap((step) => step.answers).length).toBeGreaterThanOrEqual(3);
		expect(report.steps[0].answers[0].exchange.body).toContain('"code":200');
		expect(JSON.stringify(report)).not.toContain(emulator.keys[provider]);
	});

	test("a duplicate generate's answer is checked too, without drift", async () => {
		await check(provider, 'music-twice');
		const report = await check(provider, 'music-twice');
		// The duplicate's answer (where the provider names the existing cover, a read of it follows).
		expect(answersOf(report, 'generate')[0]).toMatchObject({ kind: 'generate', code: 400 });
		expect(report.drift).toEqual([]);
	});

	test('an unknown field in the data is drift', async () => {
		emulator.configure({ drift: { dataFields: { coverStyle: 'vivid' } } });
		const report = await check(provider);
		expect(report.drift).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^generate: POST .*unknown field data\.coverStyle: "vivid"$/),
				expect.stringMatching(/^getStatus: GET .*unknown field data\.coverStyle: "vivid"$/),
			]),
		);
		// The node itself accepts it silently: the cover still succeeds.
		expect(report.steps[2].output.status).toBe('success');
	});

	test('an unknown status word is drift', async () => {
		// kie.ai shows its running state as an integer successFlag, the others as a word.
		const runningStatus = provider === 'kieAi' ? 4 : 'QUEUED';
		emulator.configure({ drift: { runningStatus } });
		const report = await check(provider);
		const word = provider === 'kieAi' ? 'SUCCESS_FLAG_4' : 'QUEUED';
		expect(report.drift).toContainEqual(
			expect.stringMatching(
				new RegExp(`^getStatus: GET .*status ${word} is not a word the adapter knows`),
			),
		);
		expect(report.steps[2].output.status).toBe('success');
	});

	test('an unknown code is drift', async () => {
		emulator.injectFault({ provider, endpoint: 'status', code: 418, message: 'I am a teapot' });
		const report = await check(provider);
		expect(report.drift).toContainEqual(
			expect.stringMatching(/^getStatus: GET .*code 418 \(HTTP \d+\) is not one the adapter knows/),
		);
		expect(report.drift).toHaveLength(1);
	});
});

describe("the adapters' known answers", () => {
	test.each(PROVIDER_NAMES)(
		'%s: every code the adapter treats specially is among its known codes',
		(provider) => {
			const adapter = PROVIDERS[provider];
			const special = Array.from({ length: 900 }, (_, i) => i + 100).filter(
				(code) => adapter.hintFor(code) !== undefined || adapter.transientCodes.includes(code),
			);
			expect(special.length).toBeGreaterThan(0);
			expect(adapter.knownAnswers.codes).toEqual(expect.arrayContaining([200, ...special]));
		},
	);
});
