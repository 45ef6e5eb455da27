'use strict';
// Where the suite looks for leaked keys: the run's own console output (captured from the start),
// plus whatever a scenario hands to findSecrets().

const output = [];
let capturing = false;

/** Keeps a copy of everything this process writes to stdout and stderr from now on. */
function captureOutput() {
	if (capturing) return;
	capturing = true;
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream);
		stream.write = (chunk, ...rest) => {
			output.push(String(chunk));
			return write(chunk, ...rest);
		};
	}
}

/** The console output captured so far. */
function capturedOutput() {
	return output.join('');
}

/**
 * places: [{ name, text }]; secrets: { label: value }. Returns the findings
 * [{ place, secret, at }] (no secret value in them, so a report can be printed safely).
 */
function findSecrets(places, secrets) {
	const findings = [];
	for (const { name, text } of places) {
		for (const [label, value] of Object.entries(secrets)) {
			if (!value) continue;
			const at = text.indexOf(value);
			if (at >= 0) findings.push({ place: name, secret: label, at });
		}
	}
	return findings;
}

module.exports = { captureOutput, capturedOutput, findSecrets };
