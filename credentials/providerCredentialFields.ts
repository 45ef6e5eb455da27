import type {
	ICredentialDataDecryptedObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/** The fields and Bearer authentication that all three providers' credentials share. */
export function apiKeyField(providerName: string, where: string): INodeProperties {
	return {
		displayName: 'API Key',
		name: 'apiKey',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: `Your ${providerName} API key, from ${where}`,
	};
}

export function baseUrlField(providerName: string, defaultUrl: string): INodeProperties {
	return {
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		required: true,
		default: defaultUrl,
		description: `The ${providerName} API address. Change it only for a proxy or a test server.`,
	};
}

/**
 * The API key as a Bearer token. A function rather than a `generic` template: n8n evaluates a
 * template's expression for every request (in n8n 2.x in a fresh isolate), which under a burst of
 * status reads costs more than the read itself.
 */
export async function bearerAuthentication(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	return {
		...requestOptions,
		headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey)}` },
	};
}

/** The credential tests' base URL, without a trailing slash so paths join cleanly. */
export const testBaseUrl = '={{ String($credentials.baseUrl).replace(/\\/+$/, "") }}';
