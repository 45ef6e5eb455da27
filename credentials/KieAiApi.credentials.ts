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

export class KieAiApi implements ICredentialType {
	name = 'kieAiApi';

	displayName = 'kie.ai API';

	icon: Icon = { light: 'file:kieAi.svg', dark: 'file:kieAi.dark.svg' };

	documentationUrl = 'https://docs.kie.ai/suno-api/cover-suno';

	properties: INodeProperties[] = [
		apiKeyField('kie.ai', 'https://kie.ai/api-key'),
		baseUrlField('kie.ai', 'https://api.kie.ai'),
		{
			displayName: 'Webhook HMAC Key',
			name: 'webhookHmacKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Optional. The webhook HMAC key from your kie.ai settings: when set, the Music Cover Trigger and the callback wait accept only callbacks signed with it.',
		},
	];

	authenticate: IAuthenticate = bearerAuthentication;

	// kie.ai answers HTTP 200 to a bad key, with code 401 in the body.
	test: ICredentialTestRequest = {
		request: {
			baseURL: testBaseUrl,
			url: '/api/v1/chat/credit',
			headers: { 'User-Agent': 'n8n-nodes-music-cover' },
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 401,
					message: 'kie.ai refused the API key (code 401)',
				},
			},
		],
	};
}
