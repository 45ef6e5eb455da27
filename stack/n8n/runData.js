'use strict';
// Readers of an execution record as n8n's API returns it with data: a node's runs, the items it
// output, the error the run ended with.

/** The runs of a node in an execution ([] when it never ran). */
function nodeRuns(execution, nodeName) {
	return execution?.data?.resultData?.runData?.[nodeName] ?? [];
}

/** Items of a node's run (default the first; -1 = the last), first output: [{ json, binary }]. */
function nodeOutput(execution, nodeName, { run = 0, output = 0 } = {}) {
	const r = nodeRuns(execution, nodeName).at(run);
	if (!r) return undefined;
	return r.data?.main?.[output] ?? [];
}

/** Items a node output over all its runs (first output). */
function nodeOutputOfAllRuns(execution, nodeName) {
	return nodeRuns(execution, nodeName).flatMap((r) => r.data?.main?.[0] ?? []);
}

function executionError(execution) {
	const err = execution?.data?.resultData?.error;
	if (!err) return undefined;
	return `${err.node?.name ? `[${err.node.name}] ` : ''}${err.message}${err.description ? ` (${err.description})` : ''}`;
}

module.exports = { nodeRuns, nodeOutput, nodeOutputOfAllRuns, executionError };
