import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { REPLAY_MEMORY_MAX } from '../util/constants';

/**
 * Signed deliveries the trigger accepted (`<task id>.<signature timestamp>` -> timestamp), kept in
 * the node's workflow static data. n8n loads a workflow's static data from its database for each
 * production webhook call and saves it, when the call changed it, as soon as the call is answered,
 * whether or not it started a run (LiveWebhooks.executeWebhook in n8n's
 * packages/cli/src/webhooks/live-webhooks.ts, WorkflowStaticDataService.saveStaticData): so the
 * memory holds across calls, restarts, and the mains and webhook processes of queue mode, which
 * share the database. Two deliveries handled at the same moment both read it before either saves
 * it, so this stops a replay sent after the first delivery was answered, not a simultaneous one.
 * Test URL calls keep their static data in memory only.
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
