import { z } from 'zod';

import type {
	CoverCost,
	CoverResult,
	CoverStatus,
	CreditSupport,
	ProviderAdapter,
	ProviderEnvelope,
	ProviderId,
} from './types';

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
	.object({
		taskId: z.string().min(1).optional(),
		task_id: z.string().min(1).optional(),
	})
	.passthrough()
	.refine((data) => data.taskId ?? data.task_id, {
		message: 'taskId is missing',
	});

/**
 * Only SUCCESS is documented everywhere, IN_PROGRESS and FAILED on udioapi.pro's status page;
 * FAILURE and ERROR are read as failures too. Anything else is treated as still running.
 */
const STATUS_WORDS: Readonly<Record<string, CoverStatus>> = {
	SUCCESS: 'success',
	IN_PROGRESS: 'pending',
	FAILED: 'failed',
	FAILURE: 'failed',
	ERROR: 'failed',
};

function statusOf(providerStatus: string): CoverStatus {
	return STATUS_WORDS[providerStatus] ?? 'pending';
}

function parseGeneratedTaskId(data: unknown): string {
	const parsed = generatedSchema.parse(data);
	return (parsed.taskId ?? parsed.task_id) as string;
}

function parseCoverStatusRecord(
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
		result.error = {
			code: providerStatus,
			message: message || 'The provider reports that the cover generation failed',
		};
	}
	if (record.created_at) result.createdAt = toIsoTime(record.created_at);
	if (record.completed_at) result.completedAt = toIsoTime(record.completed_at);
	return result;
}

/** A 400 whose message says the track already has a cover: these providers do not return its id. */
function isAlreadyCoveredAnswer(envelope: ProviderEnvelope): boolean {
	return envelope.code === 400 && /already/i.test(envelope.message);
}

/** What differs between the providers that share this API: names, paths, time format, top-up hint. */
export interface CoverStatusApiProfile {
	id: ProviderId;
	displayName: string;
	description: string;
	coverCost: CoverCost;
	credentialType: string;
	generatePath: string;
	/**
	 * The generate body fields that carry the music task id: every spelling the provider's pages
	 * document, since a server reads only its own and the pages do not say which one it runs.
	 */
	musicTaskIdFields: readonly [string, ...string[]];
	statusPath: string;
	toIsoTime: (value: string) => string;
	outOfCreditsHint: string;
	/** The provider's words on generating for unfinished music (see ProviderAdapter). */
	finishedMusicNote: string;
	/** Where its pages document the account's credits; none for a provider that does not. */
	credits?: CreditSupport;
	/** The envelope codes the provider's pages name. */
	codes: readonly number[];
}

export function coverStatusApiAdapter(profile: CoverStatusApiProfile): ProviderAdapter {
	return {
		id: profile.id,
		displayName: profile.displayName,
		description: profile.description,
		coverCost: profile.coverCost,
		credentialType: profile.credentialType,
		musicTaskIdName: 'workId',
		// Both pages: the music task id "is the workId returned from the /v2/generate endpoint".
		musicTaskIdSources: [{ source: 'music generate answer', path: 'workId' }],
		finishedMusicNote: profile.finishedMusicNote,
		credits: profile.credits,
		duplicateReturnsExistingId: false,
		transientCodes: [],
		rateLimitCodes: [],

		generateRequest(musicTaskId) {
			return {
				method: 'POST',
				path: profile.generatePath,
				body: Object.fromEntries(profile.musicTaskIdFields.map((field) => [field, musicTaskId])),
			};
		},

		isGenerateAnswer(envelope) {
			return envelope.code === 200 || isAlreadyCoveredAnswer(envelope);
		},

		parseGenerate(envelope) {
			if (envelope.code !== 200) return { duplicate: true, message: envelope.message };
			return {
				coverTaskId: parseGeneratedTaskId(envelope.data),
				duplicate: false,
				message: envelope.message,
			};
		},

		statusRequest(coverTaskId) {
			return {
				method: 'GET',
				path: profile.statusPath,
				qs: { task_id: coverTaskId },
			};
		},

		parseStatus(envelope, coverTaskId) {
			return parseCoverStatusRecord(profile.id, envelope, coverTaskId, profile.toIsoTime);
		},

		hintFor(code) {
			return code === 402 ? profile.outOfCreditsHint : undefined;
		},

		knownAnswers: {
			codes: profile.codes,
			generateData: generatedSchema,
			statusData: statusRecordSchema,
			statusWords: Object.keys(STATUS_WORDS),
		},
	};
}
