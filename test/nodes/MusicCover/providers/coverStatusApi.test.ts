/** udioapi.pro and apiin.one share the status record and the duplicate answer (coverStatusApi.ts). */
import { apiinOne } from '../../../../nodes/MusicCover/providers/apiinOne';
import type { ProviderEnvelope } from '../../../../nodes/MusicCover/providers/types';
import { udioApiPro } from '../../../../nodes/MusicCover/providers/udioApiPro';

const ok = (data: unknown): ProviderEnvelope => ({
	httpStatus: 200,
	code: 200,
	message: 'success',
	data,
});

/** The status example both providers' docs show (seeds/000, seeds/001). */
const DOC_IMAGES = [
	'https://tempcover.storage.com/s/123.png',
	'https://tempcover.storage.com/s/456.png',
];

describe.each([
	{ adapter: udioApiPro, duplicateMessage: 'Cover already exists for this task' },
	{ adapter: apiinOne, duplicateMessage: 'Cover already generated for this task' },
])('$adapter.displayName adapter (shared status API)', ({ adapter, duplicateMessage }) => {
	describe('parseStatus', () => {
		test.each([
			{
				name: 'SUCCESS with images',
				data: { taskId: 'cover-1', status: 'SUCCESS', images: DOC_IMAGES },
				status: 'success',
				providerStatus: 'SUCCESS',
				images: DOC_IMAGES,
			},
			{
				name: 'success in lower case',
				data: { taskId: 'cover-1', status: 'success', images: DOC_IMAGES },
				status: 'success',
				providerStatus: 'SUCCESS',
				images: DOC_IMAGES,
			},
			{
				name: 'SUCCESS with images null',
				data: { taskId: 'cover-1', status: 'SUCCESS', images: null },
				status: 'success',
				providerStatus: 'SUCCESS',
				images: [],
			},
			{
				name: 'IN_PROGRESS',
				data: { taskId: 'cover-1', status: 'IN_PROGRESS', images: null },
				status: 'pending',
				providerStatus: 'IN_PROGRESS',
				images: [],
			},
			{
				name: 'an unknown status (QUEUED)',
				data: { taskId: 'cover-1', status: 'QUEUED' },
				status: 'pending',
				providerStatus: 'QUEUED',
				images: [],
			},
			{
				name: 'a running status that already lists images',
				data: { taskId: 'cover-1', status: 'PROCESSING', images: DOC_IMAGES },
				status: 'pending',
				providerStatus: 'PROCESSING',
				images: [],
			},
			{
				name: 'FAILED',
				data: {
					taskId: 'cover-1',
					status: 'FAILED',
					images: null,
					error: 'Cover generation failed',
				},
				status: 'failed',
				providerStatus: 'FAILED',
				images: [],
			},
			{
				name: 'ERROR',
				data: { taskId: 'cover-1', status: 'ERROR' },
				status: 'failed',
				providerStatus: 'ERROR',
				images: [],
			},
		])('maps $name to $status', ({ data, status, providerStatus, images }) => {
			expect(adapter.parseStatus(ok(data), 'cover-1')).toMatchObject({
				provider: adapter.id,
				coverTaskId: 'cover-1',
				status,
				providerStatus,
				images,
			});
		});

		test.each([
			{ name: 'a string', error: 'Content policy violation', message: 'Content policy violation' },
			{
				name: 'an object with a message',
				error: { message: 'GPU out of memory', type: 'server' },
				message: 'GPU out of memory',
			},
			{ name: 'missing', error: undefined, message: expect.stringMatching(/failed/) },
		])('a FAILED record whose error is $name keeps that message', ({ error, message }) => {
			expect(
				adapter.parseStatus(ok({ taskId: 'cover-1', status: 'FAILED', error }), 'cover-1').error,
			).toEqual({
				code: 'FAILED',
				message,
			});
		});

		test('reads task_id when taskId is missing, and the requested id when both are', () => {
			expect(
				adapter.parseStatus(ok({ task_id: 'cover-snake', status: 'IN_PROGRESS' }), 'asked')
					.coverTaskId,
			).toBe('cover-snake');
			expect(adapter.parseStatus(ok({ status: 'IN_PROGRESS' }), 'asked').coverTaskId).toBe('asked');
		});

		test('refuses a record without a status', () => {
			expect(() => adapter.parseStatus(ok({ taskId: 'cover-1' }), 'cover-1')).toThrow();
		});
	});

	describe('generate answers', () => {
		test.each([
			{ name: 'taskId', data: { taskId: 'cover123123213213b880d2' } },
			{ name: 'task_id', data: { task_id: 'cover123123213213b880d2' } },
		])('success with $name', ({ data }) => {
			const envelope = ok(data);
			expect(adapter.isGenerateAnswer(envelope)).toBe(true);
			expect(adapter.parseGenerate(envelope)).toMatchObject({
				coverTaskId: 'cover123123213213b880d2',
				duplicate: false,
			});
		});

		test('the duplicate 400 is an answer without the existing id', () => {
			const envelope: ProviderEnvelope = {
				httpStatus: 400,
				code: 400,
				message: duplicateMessage,
				data: undefined,
			};
			expect(adapter.isGenerateAnswer(envelope)).toBe(true);
			expect(adapter.parseGenerate(envelope)).toEqual({
				duplicate: true,
				message: duplicateMessage,
			});
		});

		test.each([
			{ name: 'another 400', code: 400, message: 'Invalid request parameters' },
			{ name: 'a 401', code: 401, message: 'Unauthorized' },
			{ name: 'a 404', code: 404, message: 'Original music task not found' },
			{ name: 'a 409 that says "already"', code: 409, message: 'Cover record already exists' },
		])('$name is a failure, not an answer', ({ code, message }) => {
			expect(adapter.isGenerateAnswer({ httpStatus: code, code, message, data: undefined })).toBe(
				false,
			);
		});

		test('a success without a task id is refused', () => {
			expect(() => adapter.parseGenerate(ok({}))).toThrow();
		});
	});

	test('advises to top up on 402', () => {
		expect(adapter.hintFor(402)).toMatch(
			new RegExp(`(top it up|recharge).*${adapter.displayName.replace('.', '\\.')}`, 'i'),
		);
	});
});

describe('provider-specific request shapes and times', () => {
	test.each([
		{
			adapter: udioApiPro,
			generatePath: '/v2/cover/generate',
			statusPath: '/v2/cover/status',
			body: { taskId: 'gen123213213213123bksv' },
		},
		{
			adapter: apiinOne,
			generatePath: '/audio/music/cover/generate',
			statusPath: '/audio/music/cover/status',
			// Both documented spellings: a server reads only its own.
			body: { task_id: 'gen123213213213123bksv', taskId: 'gen123213213213123bksv' },
		},
	])(
		'$adapter.displayName generate and status requests',
		({ adapter, generatePath, statusPath, body }) => {
			expect(
				adapter.generateRequest('gen123213213213123bksv', 'https://ignored.example.com'),
			).toEqual({
				method: 'POST',
				path: generatePath,
				body,
			});
			expect(adapter.statusRequest('cover-1')).toEqual({
				method: 'GET',
				path: statusPath,
				qs: { task_id: 'cover-1' },
			});
		},
	);

	test.each([
		{ adapter: udioApiPro, createdAt: '2026-01-01 00:00:30', iso: '2026-01-01T00:00:30.000Z' },
		{ adapter: udioApiPro, createdAt: '2026-01-01 00:00', iso: '2026-01-01T00:00:00.000Z' },
		{ adapter: udioApiPro, createdAt: '2026-01-01T00:00:30Z', iso: '2026-01-01T00:00:30.000Z' },
		{ adapter: apiinOne, createdAt: '2026-02-24T12:00:30Z', iso: '2026-02-24T12:00:30.000Z' },
		{ adapter: apiinOne, createdAt: 'yesterday', iso: 'yesterday' },
	])(
		'$adapter.displayName reads created_at "$createdAt" as $iso',
		({ adapter, createdAt, iso }) => {
			expect(
				adapter.parseStatus(
					ok({ taskId: 'c', status: 'SUCCESS', images: DOC_IMAGES, created_at: createdAt }),
					'c',
				).createdAt,
			).toBe(iso);
		},
	);
});
