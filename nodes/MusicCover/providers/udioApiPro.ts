import { coverStatusApiAdapter } from './coverStatusApi';

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
	coverCost: '1 credit',
	credentialType: 'udioApiProApi',
	generatePath: '/v2/cover/generate',
	// udioapi.pro/docs/generate-music-cover: `taskId`, the only spelling it documents.
	musicTaskIdFields: ['taskId'],
	statusPath: '/v2/cover/status',
	toIsoTime: udioTimeToIso,
	outOfCreditsHint:
		'Your udioapi.pro balance is too low: recharge it at udioapi.pro, then run the node again.',
	// The cover and credits pages' error lists.
	codes: [200, 400, 401, 402, 404, 429, 500],
});
