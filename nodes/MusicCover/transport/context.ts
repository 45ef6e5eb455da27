import type { IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';

/** The n8n contexts that send provider requests: node executions and (callback) webhooks. */
export type ProviderContext = IExecuteFunctions | IWebhookFunctions;
