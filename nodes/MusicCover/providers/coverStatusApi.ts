import { z } from 'zod';

import type { CoverResult, CoverStatus, ProviderEnvelope, ProviderId } from './types';

/**
 * udioapi.pro and apiin.one answer status reads with the same record (apiin.one very likely
 * resells the udioapi.pro backend): `{ taskId, status, images, created_at, error }`.
 */

const statusRecordSchema = z
	.object({
		taskId: z.string().optional(),
		task_id: z.string().optional(),
		status: z.string(),
		images: z.array(z.string()).nullish(),
		created_at: z.string().nullish(),
		completed_at: z.string().nullish(),
		error: z.union([z.string(), z.object({ message: z.string() }).passthrough()]).nullish(),
	})
	.passthrough();

const generatedSchema = z
	.object({ taskId: z.string().min(1).optional(), task_id: z.string().min(1).optional() })
	.passthrough()
	.refine((data) => data.taskId ?? data.task_id, { message: 'taskId is missing' });

/** Only SUCCESS is documented everywhere; anything unknown is treated as still running. */
function statusOf(providerStatus: string): CoverStatus {
	if (providerStatus === 'SUCCESS') return 'success';
	if (providerStatus === 'FAILED' || providerStatus === 'FAILURE' || providerStatus === 'ERROR')
		return 'failed';
	return 'pending';
}

export function parseGeneratedTaskId(data: unknown): string {
	const parsed = generatedSchema.parse(data);
	return (parsed.taskId ?? parsed.task_id) as string;
}

export function parseCoverStatusRecord(
	provider: ProviderId,
	envelope: ProviderEnvelope,
	coverTaskId: string,
	toIsoTime: (value: string) => string,
): CoverResult {
	const record = statusRecordSchema.parse(envelope.data);
	const providerStatus = record.status.toUpperCase();
	const status = statusOf(providerStatus);
	const result: CoverResult = {
		provider,
		coverTaskId: record.taskId ?? record.task_id ?? coverTaskId,
		status,
		providerStatus,
		images: status === 'success' ? (record.images ?? []) : [],
	};
	if (status === 'failed') {
		const message = typeof record.error === 'string' ? record.error : record.error?.message;
		result.error = { code: providerStatus, message: message || 'The provider reports that the cover generation failed' };
	}
	if (record.created_at) result.createdAt = toIsoTime(record.created_at);
	if (record.completed_at) result.completedAt = toIsoTime(record.completed_at);
	return result;
}

/** A 400 whose message says the track already has a cover: these providers do not return its id. */
export function isAlreadyCoveredAnswer(envelope: ProviderEnvelope): boolean {
	return envelope.code === 400 && /already/i.test(envelope.message);
}
