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

export class ApiinOneApi implements ICredentialType {
	name = 'apiinOneApi';

	displayName = 'apiin.one API';

	icon: Icon = { light: 'file:apiinOne.svg', dark: 'file:apiinOne.dark.svg' };

	documentationUrl = 'https://apiin.one/docs/suno/cover';

	properties: INodeProperties[] = [
		apiKeyField('apiin.one', 'your apiin.one dashboard (keys start with aio_)'),
		baseUrlField('apiin.one', 'https://apiin.one/api/v1'),
	];

	authenticate: IAuthenticate = bearerAuthentication;

	// apiin.one has no account endpoint: a status read for a cover that cannot exist answers 404
	// to a valid key and 401 to a bad one, so HTTP errors are read as bodies and judged by rules.
	test: ICredentialTestRequest = {
		request: {
			baseURL: testBaseUrl,
			url: '/audio/music/cover/status',
			qs: { task_id: 'n8n-credential-check' },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error.code',
					value: 401,
					message: 'apiin.one refused the API key (code 401)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 401,
					message: 'apiin.one refused the API key (code 401)',
				},
			},
		],
	};
}
