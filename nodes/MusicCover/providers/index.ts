import { apiinOne } from './apiinOne';
import { kieAi } from './kieAi';
import type { CallbackSupport, CreditSupport, ProviderAdapter, ProviderId } from './types';
import { udioApiPro } from './udioApiPro';

/**
 * The registry: the only list of providers. The node's Provider options, its credential list and
 * every text that names the providers are derived from it; the first one is the default.
 */
const ADAPTERS: readonly ProviderAdapter[] = [kieAi, udioApiPro, apiinOne];

export const PROVIDERS: Readonly<Record<ProviderId, ProviderAdapter>> = Object.fromEntries(
	ADAPTERS.map((adapter) => [adapter.id, adapter]),
);

/** The Provider field's default: the first registered provider. */
export const DEFAULT_PROVIDER_ID: ProviderId = ADAPTERS[0].id;

export function allProviders(): readonly ProviderAdapter[] {
	return ADAPTERS;
}

export function isProviderId(value: unknown): value is ProviderId {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROVIDERS, value);
}

/** "kie.ai, udioapi.pro or apiin.one": the providers named in a sentence. */
export function providerNames(adapters: readonly ProviderAdapter[] = ADAPTERS): string {
	const names = adapters.map((adapter) => adapter.displayName);
	return names.length < 2
		? names.join('')
		: `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

export type CallbackProvider = ProviderAdapter & { callbacks: CallbackSupport };

export function callbackProviders(): CallbackProvider[] {
	return ADAPTERS.filter((adapter): adapter is CallbackProvider => adapter.callbacks !== undefined);
}

/** The provider whose callbacks the Music Cover Trigger receives. */
export function triggerProvider(): CallbackProvider {
	const [provider] = callbackProviders();
	if (!provider) throw new Error('No provider in the registry sends callbacks');
	return provider;
}

export type CreditProvider = ProviderAdapter & { credits: CreditSupport };

/** The providers that tell an account's credits (Get Credits, Check Credits First). */
export function creditProviders(): CreditProvider[] {
	return ADAPTERS.filter((adapter): adapter is CreditProvider => adapter.credits !== undefined);
}

export type {
	CallbackSupport,
	CreditBalance,
	CreditSupport,
	MusicTaskIdSource,
	CoverResult,
	CoverStatus,
	ProviderAdapter,
	ProviderEnvelope,
	ProviderId,
	ProviderRequest,
} from './types';
