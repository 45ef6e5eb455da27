/** The error helpers on their own: provider hints, redaction, what counts as transient, network errors. */
import { NodeApiError, type INode } from 'n8n-workflow';

import { PROVIDERS } from '../../../../nodes/MusicCover/providers';
import { networkError } from '../../../../nodes/MusicCover/transport/errors';
import { hintFor, redact } from '../../../../nodes/MusicCover/transport/hints';
import { isTransientError } from '../../../../nodes/MusicCover/transport/retry';
import { musicCoverNode } from '../../../harness/n8nRuntime';
describe('error helpers', () => {
	const node: INode = musicCoverNode('musicCover', {}, []);

	test.each([
		{
			text: 'key kie-test-key and again kie-test-key',
			secrets: ['kie-test-key'],
			expected: 'key *** and again ***',
		},
		{
			text: 'two secrets: aio_x1 / hmac-secret',
			secrets: ['aio_x1', 'hmac-secret'],
			expected: 'two secrets: *** / ***',
		},
		{
			text: 'a short value abc is not a secret worth hiding',
			secrets: ['abc'],
			expected: 'a short value abc is not a secret worth hiding',
		},
		{ text: 'nothing to hide', secrets: [], expected: 'nothing to hide' },
	])('redact("$text")', ({ text, secrets, expected }) => {
		expect(redact(text, secrets)).toBe(expected);
	});

	test.each([
		{ provider: 'kieAi' as const, code: 402, hint: /kie\.ai account is out of credits/ },
		{ provider: 'udioApiPro' as const, code: 402, hint: /recharge it at udioapi\.pro/ },
		{ provider: 'udioApiPro' as const, code: 409, hint: /already exists/ },
		{ provider: 'apiinOne' as const, code: 599, hint: /internal error/ },
		{ provider: 'apiinOne' as const, code: 418, hint: /Check the task id and the credential/ },
		// kie.ai declares 430 ("call frequency too high" on sibling pages of its docs) a rate limit.
		{ provider: 'kieAi' as const, code: 430, hint: /Rate limited by the provider/ },
		{ provider: 'udioApiPro' as const, code: 430, hint: /Check the task id and the credential/ },
	])(
		'hintFor($provider, $code): provider advice first, then the generic one',
		({ provider, code, hint }) => {
			expect(hintFor(PROVIDERS[provider], code)).toMatch(hint);
		},
	);

	test.each(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT'])(
		"a %s wrapped by n8n's request helper keeps the provider name and code, and is worth another read",
		(code) => {
			// What n8n-core's httpRequestWithAuthentication throws for a failed request.
			const wrapped = new NodeApiError(
				node,
				Object.assign(new Error('request failed'), { code }) as never,
			);
			const error = networkError(node, PROVIDERS.kieAi, wrapped, []);
			expect(error.message).toBe(`Could not reach kie.ai: ${code}`);
			expect(error.httpCode).toBeNull();
			expect(isTransientError(error)).toBe(true);
		},
	);
});
