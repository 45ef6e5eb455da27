import type { IHookFunctions } from 'n8n-workflow';

/**
 * kie.ai has no webhook registry: the callback URL travels with each Generate request, and n8n
 * never registers restart webhooks at activation. So there is nothing to check, create or delete.
 */
export const webhookMethodsWithoutRegistration = {
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
