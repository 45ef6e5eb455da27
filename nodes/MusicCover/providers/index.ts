import { apiinOne } from './apiinOne';
import { kieAi } from './kieAi';
import type { ProviderAdapter, ProviderId } from './types';
import { udioApiPro } from './udioApiPro';

export const PROVIDERS: Record<ProviderId, ProviderAdapter> = {
	kieAi,
	udioApiPro,
	apiinOne,
};

export function isProviderId(value: unknown): value is ProviderId {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROVIDERS, value);
}

export type { CoverResult, CoverStatus, ProviderAdapter, ProviderId } from './types';
