import type { ProviderAdapter } from '../providers/types';
import type { ProviderContext } from './context';

interface ProviderCredentials {
	apiKey?: string;
	baseUrl?: string;
	webhookHmacKey?: string;
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
	const secrets = [credentials.apiKey, credentials.webhookHmacKey].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
	return { credentials, secrets };
}
