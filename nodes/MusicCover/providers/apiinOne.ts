import type { ProviderAdapter } from './types';
import {
	isAlreadyCoveredAnswer,
	parseCoverStatusRecord,
	parseGeneratedTaskId,
} from './coverStatusApi';

function isoTime(value: string): string {
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export const apiinOne: ProviderAdapter = {
	id: 'apiinOne',
	displayName: 'apiin.one',
	credentialType: 'apiinOneApi',
	duplicateReturnsExistingId: false,
	supportsCallbacks: false,

	generateRequest(musicTaskId) {
		return { method: 'POST', path: '/audio/music/cover/generate', body: { taskId: musicTaskId } };
	},

	isGenerateAnswer(envelope) {
		return envelope.code === 200 || isAlreadyCoveredAnswer(envelope);
	},

	parseGenerate(envelope) {
		if (envelope.code !== 200) return { duplicate: true, message: envelope.message };
		return { coverTaskId: parseGeneratedTaskId(envelope.data), duplicate: false, message: envelope.message };
	},

	statusRequest(coverTaskId) {
		return { method: 'GET', path: '/audio/music/cover/status', qs: { task_id: coverTaskId } };
	},

	parseStatus(envelope, coverTaskId) {
		return parseCoverStatusRecord('apiinOne', envelope, coverTaskId, isoTime);
	},

	hintFor(code) {
		if (code === 402) return 'Your apiin.one account is out of credits: top it up at apiin.one, then run the node again.';
		return undefined;
	},
};
