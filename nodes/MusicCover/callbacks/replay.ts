import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { REPLAY_MEMORY_MAX } from '../util/constants';

/**
 * Signed deliveries the trigger accepted (`<task id>.<signature timestamp>` -> timestamp), kept in
 * the node's workflow static data: n8n loads it from its database for each production webhook
 * call and saves it, when the call changed it, once the call is answered (LiveWebhooks in n8n's
 * packages/cli/src/webhooks/live-webhooks.ts). n8n 1.x answers an accepted call before starting
 * its run, so the memory holds across calls and processes (they share the database). n8n 2.x
 * starts the run first, and WorkflowRunner builds a Workflow over the same static data, clearing
 * its change flag: the change is not saved, and a replay there starts a second run (filled from the
 * provider's record when Confirm Status is on). Two deliveries handled at the same moment both read
 * the memory before either saves it. Test URL calls keep static data in memory only.
 */
export function acceptedDeliveries(ctx: IWebhookFunctions, toleranceSeconds: number) {
	const data = ctx.getWorkflowStaticData('node');
	const nowSeconds = Math.floor(Date.now() / 1000);
	// A delivery whose signature is too old to pass the check again needs no remembering.
	const kept = Object.entries((data.acceptedCallbacks ?? {}) as IDataObject).filter(
		(entry): entry is [string, number] =>
			typeof entry[1] === 'number' && nowSeconds - entry[1] <= toleranceSeconds,
	);
	return {
		has: (delivery: string) => kept.some(([key]) => key === delivery),
		remember(delivery: string, signedAt: number) {
			// Assigned whole, so n8n sees the static data changed and saves it.
			data.acceptedCallbacks = Object.fromEntries(
				[...kept, [delivery, signedAt] as [string, number]]
					.sort((a, b) => a[1] - b[1])
					.slice(-REPLAY_MEMORY_MAX),
			);
		},
	};
}
