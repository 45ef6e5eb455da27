import type { IExecuteFunctions } from 'n8n-workflow';

import { asNodeError } from '../../helpers/errors';
import type { CoverResult, ProviderAdapter } from '../../providers/types';

/** Per input item: its cover result, or the error that item ended with. */
export type ItemOutcome = CoverResult | Error;

/** Set `waitTill` to park the execution until a callback resumes it or the time comes. */
export interface OperationResult {
	outcomes: ItemOutcome[];
	waitTill?: Date;
}

export type OperationExecute = (
	this: IExecuteFunctions,
	adapter: ProviderAdapter,
	itemIndexes: number[],
) => Promise<OperationResult>;

/**
 * Runs `work` for one item after another. Without Continue On Fail the first error stops the
 * run, so no further paid generate is sent after a failure.
 */
export async function settleEach<T>(
	ctx: IExecuteFunctions,
	itemIndexes: number[],
	work: (itemIndex: number) => Promise<T>,
): Promise<Array<T | Error>> {
	const outcomes: Array<T | Error> = [];
	for (const itemIndex of itemIndexes) {
		try {
			outcomes.push(await work(itemIndex));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndex);
			outcomes.push(error as Error);
		}
	}
	return outcomes;
}
