import type { IHookFunctions } from 'n8n-workflow';

/**
 * What n8n runs when a workflow with a webhook node is activated. The providers keep no webhook
 * registry: the callback URL travels with each Generate request. So there is nothing to look
 * up, create or delete, and saying so is the whole lifecycle (n8n's community-node rules and its
 * package scanner require the methods on every node with webhooks).
 */
export const noRegistrationNeeded = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
