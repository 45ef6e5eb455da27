import type { IAuthenticateGeneric, INodeProperties } from 'n8n-workflow';

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

export const bearerAuthentication: IAuthenticateGeneric = {
	type: 'generic',
	properties: { headers: { Authorization: '=Bearer {{$credentials.apiKey}}' } },
};

/** The credential tests' base URL, without a trailing slash so paths join cleanly. */
export const testBaseUrl = '={{ String($credentials.baseUrl).replace(/\\/+$/, "") }}';
