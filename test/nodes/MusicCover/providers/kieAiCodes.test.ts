/**
 * Every code kie.ai documents, end to end: the real node's Generate against the emulator answering
 * each create code (https://docs.kie.ai/suno-api/cover-suno), and the real Music Cover Trigger
 * receiving a callback with each callback code (https://docs.kie.ai/suno-api/cover-suno-callbacks).
 */
import { musicCoverNode } from '../../../harness/n8nRuntime';
import { serveNodeWebhook } from '../../../harness/webhookServer';
import { requestsTo, runNode, useEmulator } from '../support';

const emulator = useEmulator({ readyAfterMs: 0, callbackDeliveries: 0 });

const generate = (options: Record<string, unknown> = {}) => ({
	operation: 'generate',
	musicTaskId: 'music-1',
	waitMode: 'noWait',
	options,
});

describe('kie.ai create codes: what Generate does with each', () => {
	/** A code answered on every attempt: the error after `sent` generate requests, and its hint. */
	const refusals: Array<{ code: number; sent: number; hint: RegExp }> = [
		{
			code: 400,
			sent: 1,
			hint: /invalid parameter.*already has a cover.*task history.*Get Status/,
		},
		{ code: 401, sent: 1, hint: /kie\.ai refused the API key.*kie\.ai credential/ },
		{ code: 402, sent: 1, hint: /out of credits: top up at kie\.ai/ },
		{ code: 404, sent: 1, hint: /kie\.ai does not know this task.*base URL/ },
		{ code: 409, sent: 1, hint: /did not return its id.*task history.*Get Status/ },
		{ code: 422, sent: 1, hint: /kie\.ai rejected the request parameters.*Callback URL/ },
		// 455 and 500 are sent again (a repeat is free: kie.ai answers it with the existing id).
		{ code: 455, sent: 3, hint: /under maintenance: try again later/ },
		{ code: 500, sent: 3, hint: /server error \(it also answers 500 to some invalid requests\)/ },
		{ code: 501, sent: 1, hint: /could not generate the cover.*finished generating/ },
		{ code: 505, sent: 1, hint: /disabled this feature/ },
	];

	test.each(refusals)(
		'$code without a cover task id: an error naming the code, sent $sent time(s), with its hint',
		async ({ code, sent, hint }) => {
			emulator.injectFault({
				provider: 'kieAi',
				endpoint: 'generate',
				code,
				times: 3,
				message: `kie message ${code}`,
			});
			const result = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
			expect(result.error?.message).toBe(`kie.ai answered code ${code}: kie message ${code}`);
			expect(result.error?.description).toMatch(hint);
			expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(sent);
			expect(emulator.listTasks('kieAi')).toHaveLength(0);
		},
	);

	test.each([429, 455, 500])('%i once, then success: sent again, one cover made', async (code) => {
		emulator.injectFault({ provider: 'kieAi', endpoint: 'generate', code, retryAfter: 0 });
		const result = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			status: 'pending',
			providerStatus: 'CREATED',
			coverTaskId: emulator.findCoverTask('kieAi', 'music-1')?.coverTaskId,
		});
		expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(2);
		expect(emulator.listTasks('kieAi')).toHaveLength(1);
	});

	test.each([400, 409] as const)(
		'%i with the existing cover task id: a duplicate, and On Duplicate "error" names that id',
		async (code) => {
			emulator.configure({ kieDuplicateCode: code });
			await runNode(emulator, { provider: 'kieAi', parameters: generate() });
			const existing = emulator.findCoverTask('kieAi', 'music-1')?.coverTaskId as string;
			const reused = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
			expect(reused.error).toBeUndefined();
			expect(reused.items[0].json).toMatchObject({ coverTaskId: existing, status: 'success' });
			const refused = await runNode(emulator, {
				provider: 'kieAi',
				parameters: generate({ onDuplicate: 'error' }),
			});
			expect(refused.error?.message).toBe('Music task music-1 already has a cover on kie.ai');
			expect(refused.error?.description).toContain(`Its cover task id is ${existing}`);
			expect(emulator.listTasks('kieAi')).toHaveLength(1);
		},
	);
});

describe('kie.ai callback codes: what the Music Cover Trigger outputs for each', () => {
	async function callBack(code: number) {
		const created = await runNode(emulator, { provider: 'kieAi', parameters: generate() });
		const coverTaskId = String(created.items[0].json.coverTaskId);
		const server = await serveNodeWebhook({
			node: musicCoverNode('musicCoverTrigger', { options: {} }, ['kieAiApi']),
			credentials: {
				kieAiApi: { apiKey: emulator.keys.kieAi, baseUrl: emulator.baseUrls.kieAi },
			},
		});
		try {
			// The failure sample of kie.ai's page has this msg; the code alone must say what happened.
			const msg = code === 200 ? 'success' : 'Cover generation failed';
			const answer = await emulator.sendKieCallback({
				coverTaskId,
				url: `${server.url}/cb`,
				code,
				msg,
			});
			expect(answer.status).toBe(200);
			return { coverTaskId, item: server.calls[0].workflowData?.[0][0].json };
		} finally {
			await server.close();
		}
	}

	test('200: a successful cover with its images', async () => {
		const { coverTaskId, item } = await callBack(200);
		expect(item).toMatchObject({
			coverTaskId,
			status: 'success',
			images: emulator.imageUrls(coverTaskId),
		});
		expect(item?.error).toBeUndefined();
	});

	test.each([
		{ code: 400, meaning: /refused the cover task's parameters/ },
		{ code: 408, meaning: /timed out generating the cover/ },
		{ code: 500, meaning: /server error while generating the cover/ },
		{ code: 501, meaning: /^kie\.ai could not generate the cover \(/ },
		{ code: 531, meaning: /could not generate the cover and refunded the credits/ },
	])('$code: a failed cover whose message says $meaning', async ({ code, meaning }) => {
		const { coverTaskId, item } = await callBack(code);
		expect(item).toMatchObject({
			coverTaskId,
			status: 'failed',
			providerStatus: `CALLBACK_${code}`,
			images: [],
			error: { code, message: expect.stringMatching(meaning) },
		});
		expect(String((item?.error as { message: string }).message)).toContain(
			'Cover generation failed',
		);
	});
});
