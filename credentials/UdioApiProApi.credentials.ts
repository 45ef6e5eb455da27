import type {
	IAuthenticate,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	apiKeyField,
	baseUrlField,
	bearerAuthentication,
	testBaseUrl,
} from './providerCredentialFields';

export class UdioApiProApi implements ICredentialType {
	name = 'udioApiProApi';

	displayName = 'udioapi.pro API';

	icon: Icon = {
		light: 'file:udioApiPro.svg',
		dark: 'file:udioApiPro.dark.svg',
	};

	documentationUrl = 'https://udioapi.pro/docs/generate-music-cover';

	properties: INodeProperties[] = [
		apiKeyField('udioapi.pro', 'your udioapi.pro dashboard'),
		baseUrlField('udioapi.pro', 'https://udioapi.pro/api'),
	];

	authenticate: IAuthenticate = bearerAuthentication;

	test: ICredentialTestRequest = {
		request: { baseURL: testBaseUrl, url: '/v2/credits' },
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 401,
					message: 'udioapi.pro refused the API key (code 401)',
				},
			},
		],
	};
}
