import type { IExecuteFunctions } from 'n8n-workflow';

import type { ItemOutcome, OnCoverFinished } from '../covers/wait';
import type { CreditBalance, ProviderAdapter } from '../providers/types';

/** Every operation of the node, as stored in workflows (`operation` parameter). */
export type MusicCoverOperation = 'generate' | 'getStatus' | 'waitForCompletion' | 'getCredits';

/** One outcome per input item, in order; set `waitTill` to park the execution until then. */
export interface OperationResult {
	outcomes: Array<ItemOutcome | CreditBalance>;
	/**
	 * Set by a run that may park (Wait for Callback): its output stays one item per input item, One
	 * Item per Image aside. n8n resumes a parked node as a disabled pass-through and pairs output
	 * item i with input item i (n8n-core's workflow-execute.ts, addPairedItemLineage), so more
	 * items than inputs would be paired with the wrong input items, or with none.
	 */
	onePerInputItem?: boolean;
	waitTill?: Date;
}

/**
 * The contract of an operation's `execute`: the router hands it the items and the provider, and
 * a waiting operation tells it of each cover as soon as it is finished (so its images can go).
 */
export type OperationExecute = (
	this: IExecuteFunctions,
	adapter: ProviderAdapter,
	itemIndexes: number[],
	onFinished?: OnCoverFinished,
) => Promise<OperationResult>;
