import { z } from 'zod';

import { KIE_AI_ID, kieAiAdapter } from './kieAiAccount';
import type { CoverResult, CoverStatus, ProviderEnvelope } from './types';

/**
 * kie.ai's suno/cover endpoints (https://docs.kie.ai/suno-api/cover-suno and
 * get-cover-suno-details): their request and payload shapes and status names. What any kie.ai
 * endpoint family shares (account, codes, callbacks) is in kieAiAccount.ts. kie.ai answers
 * HTTP 200 for most errors with the real code in the body; the transport reads the body code for
 * every provider.
 */

/** kie.ai insists on a callBackUrl even when the caller polls; this one receives nothing. */
export const KIE_PLACEHOLDER_CALLBACK_URL = 'https://example.com/n8n-music-cover/no-callback';

const recordSchema = z
	.object({
		taskId: z.string().optional(),
		parentTaskId: z.string().nullish(),
		// Documented (the callBackUrl the task was created with), not read.
		callbackUrl: z.unknown().optional(),
		completeTime: z.union([z.string(), z.number()]).nullish(),
		createTime: z.union([z.string(), z.number()]).nullish(),
		response: z
			.object({ images: z.array(z.string()).nullish() })
			.passthrough()
			.nullish(),
		successFlag: z.union([z.number(), z.string()]).nullish(),
		status: z.string().nullish(),
		errorCode: z.union([z.number(), z.string()]).nullish(),
		errorMessage: z.string().nullish(),
	})
	.passthrough();

const taskIdSchema = z.object({ taskId: z.string().min(1) }).passthrough();

/** The page text names status strings, the schema an integer successFlag: both occur. */
const SUCCESS_FLAG_NAMES: Record<number, string> = {
	0: 'PENDING',
	1: 'SUCCESS',
	2: 'GENERATING',
	3: 'GENERATE_COVER_FAILED',
};

const FAILED_STATUSES = new Set(['CREATE_TASK_FAILED', 'GENERATE_COVER_FAILED', 'FAILED']);

function statusOf(providerStatus: string): CoverStatus {
	if (providerStatus === 'SUCCESS') return 'success';
	if (FAILED_STATUSES.has(providerStatus)) return 'failed';
	return 'pending';
}

function providerStatusOf(record: z.infer<typeof recordSchema>): string {
	if (record.status) return record.status.toUpperCase();
	const flag = Number(record.successFlag);
	return SUCCESS_FLAG_NAMES[flag] ?? `SUCCESS_FLAG_${String(record.successFlag)}`;
}

function isoTime(value: string | number | null | undefined): string | undefined {
	if (value === null || value === undefined || value === '') return undefined;
	const date = new Date(typeof value === 'number' ? value : value);
	return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

export const kieAi = kieAiAdapter({
	musicTaskIdName: 'taskId',
	// Its music generate answers `data.taskId` (https://docs.kie.ai/suno-api/generate-music); its
	// music callbacks carry `data.task_id` (PROVIDERS.md, kie.ai's music callback shape).
	musicTaskIdSources: [
		{ source: 'music generate answer', path: 'data.taskId' },
		{ source: 'music callback', path: 'data.task_id' },
	],
	// Seed 002 (https://docs.kie.ai/suno-api/cover-suno); the page does not say what a generate
	// for unfinished music answers.
	finishedMusicNote:
		'kie.ai asks for the cover "after music generation is complete" (its music callback with callbackType "complete", or its record-info with status SUCCESS), and does not document its answer for unfinished music.',
	// Assumed: kie.ai's cover pages (seeds 002-004) state no price; udioapi.pro and apiin.one charge
	// 1 credit per cover. kie.ai's own price list may differ.
	coverCost: {
		credits: 1,
		source: "kie.ai's cover page states no price",
		assumed: true,
	},
	duplicateReturnsExistingId: true,

	generateRequest(musicTaskId, callbackUrl) {
		return {
			method: 'POST',
			path: '/api/v1/suno/cover/generate',
			body: {
				taskId: musicTaskId,
				callBackUrl: callbackUrl ?? KIE_PLACEHOLDER_CALLBACK_URL,
			},
		};
	},

	isGenerateAnswer(envelope) {
		// A duplicate comes back as 400 or 409 together with the existing cover task id.
		return (
			envelope.code === 200 ||
			((envelope.code === 400 || envelope.code === 409) &&
				taskIdSchema.safeParse(envelope.data).success)
		);
	},

	parseGenerate(envelope) {
		const data = taskIdSchema.parse(envelope.data);
		return {
			coverTaskId: data.taskId,
			duplicate: envelope.code !== 200,
			message: envelope.message,
		};
	},

	statusRequest(coverTaskId) {
		return {
			method: 'GET',
			path: '/api/v1/suno/cover/record-info',
			qs: { taskId: coverTaskId },
		};
	},

	parseStatus(envelope: ProviderEnvelope, coverTaskId: string): CoverResult {
		const record = recordSchema.parse(envelope.data);
		const providerStatus = providerStatusOf(record);
		const status = statusOf(providerStatus);
		const result: CoverResult = {
			provider: KIE_AI_ID,
			coverTaskId: record.taskId ?? coverTaskId,
			status,
			providerStatus,
			images: status === 'success' ? (record.response?.images ?? []) : [],
		};
		if (record.parentTaskId) result.musicTaskId = record.parentTaskId;
		if (status === 'failed') {
			result.error = {
				code: record.errorCode ?? providerStatus,
				message: record.errorMessage || 'kie.ai reports that the cover generation failed',
			};
		}
		const createdAt = isoTime(record.createTime);
		const completedAt = isoTime(record.completeTime);
		if (createdAt) result.createdAt = createdAt;
		if (completedAt && status !== 'pending') result.completedAt = completedAt;
		return result;
	},

	knownAnswers: {
		// The cover page's code list, Cloudflare's 403 (reported, not on a kie.ai page) and 430
		// "call frequency too high" (sibling pages; assumed for kie.ai).
		codes: [200, 400, 401, 402, 403, 404, 409, 422, 429, 430, 455, 500, 501, 505],
		generateData: taskIdSchema,
		statusData: recordSchema,
		statusWords: [...new Set([...Object.values(SUCCESS_FLAG_NAMES), ...FAILED_STATUSES])],
	},
});
