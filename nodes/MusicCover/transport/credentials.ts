import type { ProviderAdapter } from '../providers/types';
import type { ProviderContext } from './context';

interface ProviderCredentials {
	apiKey?: string;
	baseUrl?: string;
	[field: string]: unknown;
}

/**
 * The credential of a provider, decrypted once per execution (or webhook call) and kept with that
 * context only: a run of 1000 items needs it once, not 1000 times.
 */
const credentialsByContext = new WeakMap<
	ProviderContext,
	Map<string, Promise<ProviderCredentials>>
>();

export async function secretsOf(
	ctx: ProviderContext,
	adapter: ProviderAdapter,
	itemIndex?: number,
) {
	const cached = credentialsByContext.get(ctx) ?? new Map<string, Promise<ProviderCredentials>>();
	credentialsByContext.set(ctx, cached);
	let loading = cached.get(adapter.credentialType);
	if (!loading) {
		loading = ctx.getCredentials(adapter.credentialType, itemIndex) as Promise<ProviderCredentials>;
		cached.set(adapter.credentialType, loading);
		loading.catch(() => cached.delete(adapter.credentialType));
	}
	const credentials = await loading;
	// The API key, and the callback signing key where the provider has one: never echoed back.
	const signingKey = adapter.callbacks ? credentials[adapter.callbacks.signingKeyField] : undefined;
	const secrets = [credentials.apiKey, signingKey].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
	return { credentials, secrets };
}
