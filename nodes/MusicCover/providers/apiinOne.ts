import { coverStatusApiAdapter } from './coverStatusApi';

function isoTime(value: string): string {
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export const apiinOne = coverStatusApiAdapter({
	id: 'apiinOne',
	displayName: 'apiin.one',
	description: 'Covers through apiin.one (it documents no credits endpoint: no Get Credits)',
	// "Credits: 1 credit per request" (https://apiin.one/docs/suno/cover).
	coverCost: { credits: 1, source: 'https://apiin.one/docs/suno/cover' },
	credentialType: 'apiinOneApi',
	generatePath: '/audio/music/cover/generate',
	// Its current English and Chinese pages (apiin.one/docs/suno/cover, /zh/docs/suno/cover) send
	// `task_id`; the older ones and the copies (/de/, /pt/docs/suno/cover) send `taskId`.
	musicTaskIdFields: ['task_id', 'taskId'],
	statusPath: '/audio/music/cover/status',
	toIsoTime: isoTime,
	outOfCreditsHint:
		'Your apiin.one account is out of credits: top it up at apiin.one, then run the node again.',
	// Seed 001 (https://apiin.one/docs/suno/cover): "Requires a completed music generation task ID".
	// Its pages document no credits endpoint, so Get Credits is not offered for it.
	finishedMusicNote:
		'apiin.one "requires a completed music generation task ID" and does not document its answer for unfinished music.',
	// The cover page names 400, 401 and 404; 402 (out of credits) is assumed, as for udioapi.pro.
	codes: [200, 400, 401, 402, 404],
});
