'use strict';
// The record-lag checks of the trigger and the callback wait: kie.ai's callback comes while its
// record still shows the cover running (an assumed lag, emulator option kieRecordLagMs).
const { ok, equal } = require('./check');

/** The emulator options of a record that lags its callback by 2 s, with no redelivery to help. */
const LAGGING_RECORD = { kieRecordLagMs: 2000, callbackRetries: 0 };

/**
 * Checks that the one delivery of the cover's callback was accepted (no redelivery needed) and that
 * the node read the record again after it, from "generating" to "success". Returns what was seen.
 */
async function expectConfirmedByRereads(emulator, coverTaskId) {
	const deliveries = (await emulator.callbacks()).filter((c) => c.coverTaskId === coverTaskId);
	equal(
		deliveries.map((c) => c.status),
		[200],
		"kie.ai's deliveries of the callback and n8n's answers (no redelivery needed)",
	);
	const phases = (await emulator.requests())
		.filter((r) => r.endpoint === 'status' && r.taskId === coverTaskId && r.at >= deliveries[0].at)
		.map((r) => r.answer?.phase);
	ok(
		phases[0] === 'generating' && phases.at(-1) === 'success',
		`record reads after the callback showed ${phases.join(', ')}: expected generating first, success last`,
	);
	return `answered ${deliveries[0].answeredAt - deliveries[0].at} ms after sending; reads: ${phases.join(', ')}`;
}

module.exports = { LAGGING_RECORD, expectConfirmedByRereads };
