import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readDuplicates } from '../covers/create';
import type { ItemOutcome } from '../covers/wait';
import type { CoverResult, ProviderAdapter } from '../providers/types';

/** providerStatus of an item whose cover is still awaited by a parked execution. */
export const AWAITING_CALLBACK = 'AWAITING_CALLBACK';

/**
 * The item a parked execution holds for a cover. n8n passes it through unchanged when the
 * deadline comes without a callback, so its words must be true both while waiting and then.
 */
export interface ParkedItem extends CoverResult {
	status: 'pending';
	providerStatus: typeof AWAITING_CALLBACK;
	error: { code: 'NO_CALLBACK'; message: string };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

/** The URL that resumes this execution: the provider's callback URL for every item of the run. */
export function readResumeUrl(ctx: IExecuteFunctions): string {
	const resumeUrl = String(ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0) ?? '');
	if (!/^https?:\/\//.test(resumeUrl)) {
		throw new NodeOperationError(
			ctx.getNode(),
			'This n8n did not provide a resume URL for the callback wait',
			{
				description:
					'Choose "Poll Until Done" instead, or check that WEBHOOK_URL is set for this n8n.',
			},
		);
	}
	return resumeUrl;
}

/**
 * Why the provider may never call back: n8n's webhook URL is a local address. The warning goes to
 * the log and onto the parked items (n8n discards a parked run's hints when it resumes, but the
 * items reach the output when the timeout resumes the run).
 */
export function unreachableWarning(
	ctx: IExecuteFunctions,
	adapter: ProviderAdapter,
	resumeUrl: string,
): string | undefined {
	const { hostname, origin } = new URL(resumeUrl);
	if (!LOCAL_HOSTS.has(hostname)) return undefined;
	const message = `n8n's webhook URL is ${origin}, which ${adapter.displayName} cannot reach: set WEBHOOK_URL to n8n's public address, or the covers will wait until the timeout.`;
	ctx.addExecutionHints({ message, location: 'outputPane' });
	ctx.logger.warn(message);
	return message;
}

function awaitingCallbackItem(
	result: CoverResult,
	adapter: ProviderAdapter,
	waitTill: Date,
	warning?: string,
): ParkedItem {
	const waiting = `Waiting for ${adapter.displayName}'s callback until ${waitTill.toISOString()}. If this is the node's final output, no callback came by then: check the cover with Get Status and this cover task ID.`;
	return {
		...result,
		status: 'pending',
		providerStatus: AWAITING_CALLBACK,
		error: { code: 'NO_CALLBACK', message: warning ? `${waiting} ${warning}` : waiting },
	};
}

/**
 * Decides what a callback wait parks with. An existing (duplicate) cover's callback went to the
 * URL of the Generate that created it, so it has been read: a finished one needs no wait; a running
 * one is confirmed when a callback of another cover of this run, or the timeout, resumes the run.
 * `waitTill` is set only when some cover is still pending.
 */
export async function planCallbackWait(
	ctx: IExecuteFunctions,
	adapter: ProviderAdapter,
	started: ItemOutcome[],
	itemIndexes: number[],
	wait: { timeoutMs: number; warning?: string },
): Promise<{ outcomes: ItemOutcome[]; waitTill?: Date }> {
	const current = await readDuplicates(ctx, adapter, started, itemIndexes);
	const isPending = (outcome: ItemOutcome): outcome is CoverResult =>
		!(outcome instanceof Error) && outcome.status === 'pending';
	if (!current.some(isPending)) return { outcomes: current };
	const waitTill = new Date(Date.now() + wait.timeoutMs);
	const outcomes = current.map((outcome) =>
		isPending(outcome) ? awaitingCallbackItem(outcome, adapter, waitTill, wait.warning) : outcome,
	);
	return { outcomes, waitTill };
}

/**
 * Parks the execution: n8n frees the worker and resumes on a callback to the resume URL or, with
 * the same data, at the deadline. Invariant: the parked items are written over this node's input
 * on the execution stack (a new object; the previous node's saved items are not mutated). n8n
 * gives a resumed node its input again, and that is the only state that travels with the
 * execution to whichever process receives a callback: the webhook reads the awaited covers there.
 * The images of a cover finished before the park travel the same way (as n8n's binary data
 * references, or inline in its in-memory mode): the deadline passes these items on as they are,
 * and a callback's resume keeps them, so every finished cover leaves with its images.
 */
export async function parkExecution(
	ctx: IExecuteFunctions,
	output: INodeExecutionData[],
	waitTill: Date,
) {
	ctx.getExecuteData().data = {
		main: [
			output.map(({ json, binary, pairedItem }) =>
				binary ? { json, binary, pairedItem } : { json, pairedItem },
			),
		],
	};
	await ctx.putExecutionToWait(waitTill);
}
