'use strict';
// A kie.ai cover made outside n8n, for the scenarios that send its callback themselves.
const proc = require('../../../stack/proc');

/** Where these covers' automatic callbacks go: nowhere, so only the scenario's own ones reach n8n. */
const NO_CALLBACK_URL = 'https://callbacks.example.invalid/kie';

/**
 * Creates a kie.ai cover task straight through the emulated provider API (as another client would)
 * and waits until kie.ai's record shows it finished. Resolves { coverTaskId, images }.
 */
async function finishedKieCover(emulator, musicTaskId, { timeoutMs = 30000 } = {}) {
	const coverTaskId = await emulator.kieGenerate(musicTaskId, NO_CALLBACK_URL);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const rec = await emulator.kieRecord(coverTaskId);
		if (rec?.successFlag === 1 || rec?.status === 'SUCCESS')
			return { coverTaskId, images: rec.response.images };
		await proc.sleep(300);
	}
	throw new Error(`emulator cover ${coverTaskId} did not finish within ${timeoutMs} ms`);
}

module.exports = { finishedKieCover };
