import { z } from 'zod';

import { coverStatusApiAdapter } from './coverStatusApi';

/** https://udioapi.pro/docs/query-credits: `data: { credits, used_credits }`, credits being what is left. */
const creditsSchema = z
	.object({ credits: z.number(), used_credits: z.number().optional() })
	.passthrough();

/** udioapi.pro writes `created_at` as "2026-01-01 00:00:30", in UTC without saying so. */
function udioTimeToIso(value: string): string {
	const date = new Date(
		/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value,
	);
	return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export const udioApiPro = coverStatusApiAdapter({
	id: 'udioApiPro',
	displayName: 'udioapi.pro',
	description: 'Covers through udioapi.pro',
	// "Credit Cost: 1 credit per cover generation request" (https://udioapi.pro/docs/generate-music-cover).
	coverCost: { credits: 1, source: 'https://udioapi.pro/docs/generate-music-cover' },
	credentialType: 'udioApiProApi',
	generatePath: '/v2/cover/generate',
	// udioapi.pro/docs/generate-music-cover: `taskId`, the only spelling it documents.
	musicTaskIdFields: ['taskId'],
	statusPath: '/v2/cover/status',
	toIsoTime: udioTimeToIso,
	outOfCreditsHint:
		'Your udioapi.pro balance is too low: recharge it at udioapi.pro, then run the node again.',
	// Seed 000 (https://udioapi.pro/docs/generate-music-cover); no answer for unfinished music is documented.
	finishedMusicNote:
		'udioapi.pro recommends generating the cover "after music generation is complete" (its music feed with type "complete"), and does not document its answer for unfinished music.',
	credits: {
		request: { method: 'GET', path: '/v2/credits' },
		parse(envelope) {
			const data = creditsSchema.parse(envelope.data);
			return data.used_credits === undefined
				? { credits: data.credits }
				: { credits: data.credits, usedCredits: data.used_credits };
		},
	},
	// The cover and credits pages' error lists.
	codes: [200, 400, 401, 402, 404, 429, 500],
});
