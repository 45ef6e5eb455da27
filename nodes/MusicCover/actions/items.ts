import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asNodeError } from '../util/errors';

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

/** The output item of an input item that failed, under Continue On Fail. */
export function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const context = (error as { context?: IDataObject }).context ?? {};
	const description = (error as { description?: unknown }).description;
	const json: IDataObject = { error: error.message };
	const code = (error as { httpCode?: unknown }).httpCode;
	if (typeof code === 'string' && code !== '') json.errorCode = code;
	if (typeof description === 'string' && description) json.errorDescription = description;
	if (typeof context.coverTaskId === 'string') json.coverTaskId = context.coverTaskId;
	return { json, pairedItem: { item: itemIndex } };
}
