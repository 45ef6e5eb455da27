import { KIE_PLACEHOLDER_CALLBACK_URL, kieAi } from '../../../../nodes/MusicCover/providers/kieAi';
import type { ProviderEnvelope } from '../../../../nodes/MusicCover/providers/types';

const ok = (data: unknown): ProviderEnvelope => ({
	httpStatus: 200,
	code: 200,
	message: 'success',
	data,
});

/** The record-info example of kie.ai's docs (seeds/003). */
const DOC_RECORD = {
	taskId: '21aee3c3c2a01fa5e030b3799fa4dd56',
	parentTaskId: '73d6128b3523a0079df10da9471017c8',
	callbackUrl: 'https://api.example.com/callback',
	completeTime: '2025-01-15T10:35:27.000Z',
	response: {
		images: [
			'https://tempfile.aiquickdraw.com/s/1753958521_6c1b3015141849d1a9bf17b738ce9347.png',
			'https://tempfile.aiquickdraw.com/s/1753958524_c153143acc6340908431cf0e90cbce9e.png',
		],
	},
	successFlag: 1,
	createTime: '2025-01-15T10:33:01.000Z',
	errorCode: 200,
	errorMessage: '',
};

describe('kie.ai adapter', () => {
	describe('generateRequest', () => {
		test('posts the music task id with the user callback URL', () => {
			expect(kieAi.generateRequest('music-1', 'https://n8n.example.com/webhook/cover')).toEqual({
				method: 'POST',
				path: '/api/v1/suno/cover/generate',
				body: { taskId: 'music-1', callBackUrl: 'https://n8n.example.com/webhook/cover' },
			});
		});

		test('sends a placeholder callBackUrl when the user polls (kie.ai requires one)', () => {
			expect(kieAi.generateRequest('music-1', undefined).body).toEqual({
				taskId: 'music-1',
				callBackUrl: KIE_PLACEHOLDER_CALLBACK_URL,
			});
			expect(KIE_PLACEHOLDER_CALLBACK_URL).toMatch(/^https:\/\//);
		});
	});

	test('statusRequest reads record-info by taskId', () => {
		expect(kieAi.statusRequest('cover-1')).toEqual({
			method: 'GET',
			path: '/api/v1/suno/cover/record-info',
			qs: { taskId: 'cover-1' },
		});
	});

	describe('generate answers', () => {
		test.each([
			{
				name: 'success',
				envelope: ok({ taskId: 'cover-new' }),
				answer: { coverTaskId: 'cover-new', duplicate: false },
			},
			{
				name: 'duplicate as 400 with the existing id (doc)',
				envelope: {
					httpStatus: 200,
					code: 400,
					message: 'Cover record already exists',
					data: { taskId: 'cover-old' },
				},
				answer: {
					coverTaskId: 'cover-old',
					duplicate: true,
					message: 'Cover record already exists',
				},
			},
			{
				name: 'duplicate as 409 with the existing id',
				envelope: {
					httpStatus: 200,
					code: 409,
					message: 'Cover record already exists',
					data: { taskId: 'cover-old' },
				},
				answer: { coverTaskId: 'cover-old', duplicate: true },
			},
		])('$name is an answer', ({ envelope, answer }) => {
			expect(kieAi.isGenerateAnswer(envelope)).toBe(true);
			expect(kieAi.parseGenerate(envelope)).toMatchObject(answer);
		});

		test.each([
			{
				name: '400 without an existing id',
				envelope: {
					httpStatus: 200,
					code: 400,
					message: 'Invalid request parameters',
					data: undefined,
				},
			},
			{
				name: '409 with an empty id',
				envelope: { httpStatus: 200, code: 409, message: 'Conflict', data: { taskId: '' } },
			},
			{
				name: '401 bad key',
				envelope: {
					httpStatus: 200,
					code: 401,
					message: 'You do not have access permissions',
					data: undefined,
				},
			},
			{
				name: '422 missing callBackUrl',
				envelope: {
					httpStatus: 200,
					code: 422,
					message: 'Please enter callBackUrl',
					data: undefined,
				},
			},
			{
				name: '429 rate limited',
				envelope: {
					httpStatus: 200,
					code: 429,
					message: 'Your call frequency is too high.',
					data: undefined,
				},
			},
		])('$name is a failure, not an answer', ({ envelope }) => {
			expect(kieAi.isGenerateAnswer(envelope)).toBe(false);
		});
	});

	describe('parseStatus', () => {
		test("reads the docs' finished record", () => {
			expect(kieAi.parseStatus(ok(DOC_RECORD), DOC_RECORD.taskId)).toEqual({
				provider: 'kieAi',
				coverTaskId: DOC_RECORD.taskId,
				musicTaskId: DOC_RECORD.parentTaskId,
				status: 'success',
				providerStatus: 'SUCCESS',
				images: DOC_RECORD.response.images,
				createdAt: '2025-01-15T10:33:01.000Z',
				completedAt: '2025-01-15T10:35:27.000Z',
			});
		});

		const running = {
			...DOC_RECORD,
			completeTime: null,
			response: { images: null },
			errorCode: null,
			errorMessage: null,
		};

		/** A record with this successFlag (and no status string). */
		const flagged = (successFlag: unknown, base: { taskId: string } = running) => ({
			...base,
			successFlag,
		});
		/** A record with this status string and no successFlag. */
		const named = (status: string, base: { taskId: string } = running) => ({
			...base,
			successFlag: undefined,
			status,
		});

		// [what the record says, the status it maps to, the providerStatus it keeps, the record]
		test.each<[string, string, string, { taskId: string }]>([
			['successFlag 0', 'pending', 'PENDING', flagged(0)],
			['successFlag 2', 'pending', 'GENERATING', flagged(2)],
			['successFlag 1', 'success', 'SUCCESS', DOC_RECORD],
			['successFlag "1" as a string', 'success', 'SUCCESS', flagged('1', DOC_RECORD)],
			['successFlag 3', 'failed', 'GENERATE_COVER_FAILED', flagged(3)],
			['an undocumented successFlag', 'pending', 'SUCCESS_FLAG_7', flagged(7)],
			['status PENDING', 'pending', 'PENDING', named('PENDING')],
			['status SUCCESS', 'success', 'SUCCESS', named('SUCCESS', DOC_RECORD)],
			['status in lower case', 'success', 'SUCCESS', named('success', DOC_RECORD)],
			['status CREATE_TASK_FAILED', 'failed', 'CREATE_TASK_FAILED', named('CREATE_TASK_FAILED')],
			[
				'status GENERATE_COVER_FAILED',
				'failed',
				'GENERATE_COVER_FAILED',
				named('GENERATE_COVER_FAILED'),
			],
			[
				'a status string next to a successFlag (the string wins)',
				'success',
				'SUCCESS',
				flagged(0, named('SUCCESS', DOC_RECORD)),
			],
		])('maps %s to %s', (_name, status, providerStatus, record) => {
			const result = kieAi.parseStatus(ok(record), record.taskId);
			expect(result).toMatchObject({ status, providerStatus });
			expect(result.images).toEqual(status === 'success' ? DOC_RECORD.response.images : []);
			if (status === 'pending') expect(result.completedAt).toBeUndefined();
			if (status !== 'failed') expect(result.error).toBeUndefined();
		});

		test('a failed record carries the error code and message', () => {
			const record = {
				...running,
				successFlag: 3,
				errorCode: 501,
				errorMessage: 'Cover generation failed',
				completeTime: '2025-01-15T10:35:27.000Z',
			};
			expect(kieAi.parseStatus(ok(record), record.taskId)).toMatchObject({
				status: 'failed',
				error: { code: 501, message: 'Cover generation failed' },
				completedAt: '2025-01-15T10:35:27.000Z',
			});
		});

		test('a failed record without an error message still explains itself', () => {
			const record = named('CREATE_TASK_FAILED');
			expect(kieAi.parseStatus(ok(record), record.taskId).error).toEqual({
				code: 'CREATE_TASK_FAILED',
				message: expect.stringContaining('kie.ai'),
			});
		});

		test('ignores image URLs of a record that is not finished', () => {
			const record = { ...DOC_RECORD, successFlag: 2 };
			expect(kieAi.parseStatus(ok(record), record.taskId).images).toEqual([]);
		});

		test('falls back to the requested id and accepts epoch-millisecond times', () => {
			const result = kieAi.parseStatus(
				ok({ successFlag: 0, createTime: Date.UTC(2025, 0, 15, 10, 33, 1) }),
				'cover-asked',
			);
			expect(result).toMatchObject({
				coverTaskId: 'cover-asked',
				createdAt: '2025-01-15T10:33:01.000Z',
			});
			expect(result.musicTaskId).toBeUndefined();
		});
	});

	test.each([
		[402, /top up/i],
		[455, /maintenance/i],
		[505, /disabled/i],
		[403, /User-Agent/],
	])('hintFor(%i) gives kie.ai-specific advice', (code, hint) => {
		expect(kieAi.hintFor(code)).toMatch(hint);
	});

	test('hintFor leaves codes kie.ai does not document to the generic hints', () => {
		expect(kieAi.hintFor(503)).toBeUndefined();
	});
});
