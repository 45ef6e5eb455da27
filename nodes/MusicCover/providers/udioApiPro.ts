import type { ProviderAdapter } from './types';
import {
	isAlreadyCoveredAnswer,
	parseCoverStatusRecord,
	parseGeneratedTaskId,
} from './coverStatusApi';

/** udioapi.pro writes `created_at` as "2026-01-01 00:00:30", in UTC without saying so. */
function udioTimeToIso(value: string): string {
	const date = new Date(/^\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value);
	return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export const udioApiPro: ProviderAdapter = {
	id: 'udioApiPro',
	displayName: 'udioapi.pro',
	credentialType: 'udioApiProApi',
	duplicateReturnsExistingId: false,
	supportsCallbacks: false,

	generateRequest(musicTaskId) {
		return { method: 'POST', path: '/v2/cover/generate', body: { taskId: musicTaskId } };
	},

	isGenerateAnswer(envelope) {
		return envelope.code === 200 || isAlreadyCoveredAnswer(envelope);
	},

	parseGenerate(envelope) {
		if (envelope.code !== 200) return { duplicate: true, message: envelope.message };
		return { coverTaskId: parseGeneratedTaskId(envelope.data), duplicate: false, message: envelope.message };
	},

	statusRequest(coverTaskId) {
		return { method: 'GET', path: '/v2/cover/status', qs: { task_id: coverTaskId } };
	},

	parseStatus(envelope, coverTaskId) {
		return parseCoverStatusRecord('udioApiPro', envelope, coverTaskId, udioTimeToIso);
	},

	hintFor(code) {
		if (code === 402) return 'Your udioapi.pro balance is too low: recharge it at udioapi.pro, then run the node again.';
		return undefined;
	},
};
