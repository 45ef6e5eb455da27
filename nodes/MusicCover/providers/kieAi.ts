import { z } from 'zod';

import { kieAiCallbacks } from './kieAiCallback';
import type { CoverResult, CoverStatus, ProviderAdapter, ProviderEnvelope } from './types';

/**
 * kie.ai answers HTTP 200 for most errors and puts the real code in the body; the transport reads
 * the body code for every provider, so only kie.ai's payload shapes and status names live here.
 */

/** kie.ai insists on a callBackUrl even when the caller polls; this one receives nothing. */
export const KIE_PLACEHOLDER_CALLBACK_URL = 'https://example.com/n8n-music-cover/no-callback';

const recordSchema = z
	.object({
		taskId: z.string().optional(),
		parentTaskId: z.string().nullish(),
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

export const kieAi: ProviderAdapter = {
	id: 'kieAi',
	displayName: 'kie.ai',
	description: 'Suno covers through kie.ai',
	credentialType: 'kieAiApi',
	musicTaskIdName: 'taskId',
	duplicateReturnsExistingId: true,
	// 455: kie.ai is under maintenance for a while; the same request succeeds afterwards.
	transientCodes: [455],
	// Assumed: sibling pages of kie.ai's doc family answer 430 "call frequency too high" (kie.ai's
	// own cover page says 429); either one is the rate limit (PROVIDERS.md, "What no page says").
	rateLimitCodes: [430],
	// "20 new generation requests per 10 s per account"; excess gets 429 and is dropped, not queued.
	createLimit: { requests: 20, perMs: 10_000 },
	callbacks: kieAiCallbacks,

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
			provider: 'kieAi',
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

	hintFor(code) {
		switch (code) {
			case 402:
				return 'Your kie.ai account is out of credits: top up at kie.ai, then run the node again.';
			case 455:
				return 'kie.ai is under maintenance: try again later.';
			case 505:
				return 'kie.ai has disabled this feature for now: try again later or contact kie.ai support.';
			case 403:
				return 'kie.ai (behind Cloudflare) refused the request: check the base URL and that no proxy strips the User-Agent header.';
			default:
				return undefined;
		}
	},
};
