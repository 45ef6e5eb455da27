import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { forEachLimited } from '../util/concurrency';
import { asNodeError } from '../util/errors';

/**
 * Runs `work` for one item after another. Without Continue On Fail the first error stops the
 * run, so no further paid generate is sent after a failure.
 */
export async function settleEach<T>(
	ctx: IExecuteFunctions,
	itemIndexes: number[],
	work: (itemIndex: number, position: number) => Promise<T>,
): Promise<Array<T | Error>> {
	const outcomes: Array<T | Error> = [];
	for (const [position, itemIndex] of itemIndexes.entries()) {
		try {
			outcomes.push(await work(itemIndex, position));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndex);
			outcomes.push(error as Error);
		}
	}
	return outcomes;
}

/**
 * Runs `work` for every item, `concurrency` at a time: for reads and downloads, which cost nothing
 * and may go out together. Without Continue On Fail the error of the first failing item (in item order) is
 * thrown once all have settled.
 */
export async function settleAll<T>(
	ctx: IExecuteFunctions,
	itemIndexes: number[],
	work: (itemIndex: number, position: number) => Promise<T>,
	concurrency: number,
): Promise<Array<T | Error>> {
	const outcomes: Array<T | Error> = new Array(itemIndexes.length);
	await forEachLimited(itemIndexes, concurrency, async (itemIndex, position) => {
		try {
			outcomes[position] = await work(itemIndex, position);
		} catch (error) {
			outcomes[position] = asNodeError(ctx.getNode(), error, itemIndex);
		}
	});
	if (!ctx.continueOnFail()) {
		const failed = outcomes.find((outcome): outcome is Error => outcome instanceof Error);
		if (failed) throw failed;
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
