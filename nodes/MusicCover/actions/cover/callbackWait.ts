import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { callbackCoverItem } from '../../helpers/binary';
import { readCover } from '../../helpers/coverTasks';
import { STATUS_READ_CONCURRENCY } from '../../helpers/constants';
import { receiveKieCallback } from '../../helpers/kieCallbackWebhook';
import { PROVIDERS } from '../../providers';
import type { CoverResult } from '../../providers/types';

/** providerStatus of an item whose cover is still awaited by a parked execution. */
export const AWAITING_CALLBACK = 'AWAITING_CALLBACK';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

/** The URL that resumes this execution: kie.ai's callBackUrl for every item of the run. */
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
	const host = new URL(resumeUrl).hostname;
	if (LOCAL_HOSTS.has(host)) {
		const message = `n8n's webhook URL is ${new URL(resumeUrl).origin}, which kie.ai cannot reach: set WEBHOOK_URL to n8n's public address, or the covers will wait until the timeout.`;
		ctx.addExecutionHints({ message, location: 'outputPane' });
		ctx.logger.warn(message);
	}
	return resumeUrl;
}

/**
 * The item a parked execution holds for a cover. n8n passes it through unchanged when the
 * deadline comes without a callback, so its words must be true both while waiting and then.
 */
export function awaitingCallbackItem(result: CoverResult, waitTill: Date): IDataObject {
	return {
		...result,
		providerStatus: AWAITING_CALLBACK,
		error: {
			code: 'NO_CALLBACK',
			message: `Waiting for kie.ai's callback until ${waitTill.toISOString()}. If this is the node's final output, no callback came by then: check the cover with Get Status and this cover task ID.`,
		},
	};
}

/**
 * Parks the execution: n8n frees the worker, keeps `output` on the execution stack as this node's
 * input (a new object; the previous node's saved items are not mutated), and resumes on a
 * callback to the resume URL or, with that same data, at the deadline.
 */
export async function parkExecution(
	ctx: IExecuteFunctions,
	output: INodeExecutionData[],
	waitTill: Date,
) {
	ctx.getExecuteData().data = {
		main: [output.map((item) => ({ json: item.json, pairedItem: item.pairedItem }))],
	};
	await ctx.putExecutionToWait(waitTill);
}

function readParkedItems(ctx: IWebhookFunctions): IDataObject[] {
	const items = ctx.evaluateExpression('{{ $input.all().map((item) => item.json) }}', 0);
	return Array.isArray(items) ? (items as IDataObject[]) : [];
}

function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * Handles kie.ai's callback to a parked execution. One execution resumes once for all its items,
 * so it resumes only when a status read shows every awaited cover terminal; until then the
 * callback is acknowledged and the execution stays parked. Never throws: n8n would resume the
 * execution with the error.
 */
export async function resumeOnCallback(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		const callback = await receiveKieCallback(this);
		if (!callback) return { noWebhookResponse: true };
		const parked = readParkedItems(this);
		const awaited = parked
			.map((json, index) => ({ json, index }))
			.filter(
				({ json }) =>
					json.providerStatus === AWAITING_CALLBACK && typeof json.coverTaskId === 'string',
			);
		if (!awaited.some(({ json }) => json.coverTaskId === callback.coverTaskId)) {
			return answer(this, 200, {
				received: true,
				resumed: false,
				reason: 'not a cover this execution waits for',
			});
		}
		// The signature does not cover the body: the status read is the truth, for every item. The
		// called-back cover is read first, then the others in small batches, stopping at the first
		// one still running: its own callback will come, and each callback re-reads (no state is
		// kept between callbacks; in queue mode they may land on different mains).
		const ordered = [
			...awaited.filter(({ json }) => json.coverTaskId === callback.coverTaskId),
			...awaited.filter(({ json }) => json.coverTaskId !== callback.coverTaskId),
		];
		const confirmed = new Map<number, CoverResult>();
		for (let start = 0; start < ordered.length; start += STATUS_READ_CONCURRENCY) {
			const batch = ordered.slice(start, start + STATUS_READ_CONCURRENCY);
			const reads = await Promise.all(
				batch.map(async ({ json, index }) => {
					try {
						return await readCover(this, PROVIDERS.kieAi, json.coverTaskId as string, index);
					} catch {
						return undefined;
					}
				}),
			);
			for (const [position, { json, index }] of batch.entries()) {
				const result = reads[position];
				const isCalledBack = json.coverTaskId === callback.coverTaskId;
				if (!result || (isCalledBack && result.status === 'pending')) {
					// kie.ai redelivers on a 5xx: better than waiting for a callback that already came.
					return answer(this, 503, {
						received: false,
						reason: `could not confirm cover ${String(json.coverTaskId)} with kie.ai yet; please retry`,
					});
				}
				if (result.status === 'pending') {
					return answer(this, 200, {
						received: true,
						resumed: false,
						stillRunning: json.coverTaskId,
					});
				}
				confirmed.set(
					index,
					json.musicTaskId && !result.musicTaskId
						? { ...result, musicTaskId: json.musicTaskId as string }
						: result,
				);
			}
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const output: INodeExecutionData[] = parked.map((json, index) => ({
			json,
			pairedItem: { item: index },
		}));
		for (const [index, result] of confirmed) {
			output[index] = {
				...(await callbackCoverItem(this, result, options, index)),
				pairedItem: { item: index },
			};
		}
		return { workflowData: [output] };
	} catch (error) {
		this.logger.error(`Music Cover callback wait: ${(error as Error).message}`);
		return answer(this, 500, {
			received: false,
			error: 'the callback could not be processed; kie.ai may retry',
		});
	}
}
