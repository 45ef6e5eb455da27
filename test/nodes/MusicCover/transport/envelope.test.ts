import { readEnvelope } from '../../../../nodes/MusicCover/transport/envelope';

describe('readEnvelope', () => {
	test.each([
		{
			name: 'kie.ai success',
			httpStatus: 200,
			body: { code: 200, msg: 'success', data: { taskId: 'cover-1' } },
			expected: { httpStatus: 200, code: 200, message: 'success', data: { taskId: 'cover-1' } },
		},
		{
			name: 'kie.ai bad key: HTTP 200 with body code 401',
			httpStatus: 200,
			body: { code: 401, msg: 'You do not have access permissions' },
			expected: {
				httpStatus: 200,
				code: 401,
				message: 'You do not have access permissions',
				data: undefined,
			},
		},
		{
			name: 'kie.ai duplicate: body code 400 with the existing task id',
			httpStatus: 200,
			body: { code: 400, msg: 'Cover record already exists', data: { taskId: 'cover-old' } },
			expected: {
				code: 400,
				message: 'Cover record already exists',
				data: { taskId: 'cover-old' },
			},
		},
		{
			name: 'udioapi.pro error worded with `message`',
			httpStatus: 402,
			body: { code: 402, message: 'Insufficient balance, please recharge' },
			expected: { httpStatus: 402, code: 402, message: 'Insufficient balance, please recharge' },
		},
		{
			name: 'udioapi.pro error worded with `msg`',
			httpStatus: 400,
			body: { code: 400, msg: 'Cover already exists for this task' },
			expected: { code: 400, message: 'Cover already exists for this task' },
		},
		{
			name: 'udioapi.pro credits answer with `message: success`',
			httpStatus: 200,
			body: { code: 200, message: 'success', data: { credits: 195, used_credits: 5 } },
			expected: { code: 200, message: 'success', data: { credits: 195, used_credits: 5 } },
		},
		{
			name: 'apiin.one error object',
			httpStatus: 401,
			body: {
				error: { code: 401, message: 'Invalid or missing API key', type: 'authentication_error' },
			},
			expected: { httpStatus: 401, code: 401, message: 'Invalid or missing API key' },
		},
		{
			name: 'apiin.one error object with only a type and no code',
			httpStatus: 404,
			body: { error: { type: 'not_found' } },
			expected: { code: 404, message: 'not_found' },
		},
		{
			name: 'apiin.one error object without a code inside HTTP 200',
			httpStatus: 200,
			body: { error: { message: 'something broke' } },
			expected: { code: 400, message: 'something broke' },
		},
		{
			name: 'body code 200 inside HTTP 500',
			httpStatus: 500,
			body: { code: 200, msg: 'success', data: null },
			expected: { httpStatus: 500, code: 500, message: 'success' },
		},
		{
			name: 'body without a code takes the HTTP status',
			httpStatus: 503,
			body: { msg: 'Service unavailable' },
			expected: { code: 503, message: 'Service unavailable' },
		},
		{
			name: 'body code as a numeric string',
			httpStatus: 200,
			body: { code: '429', msg: 'Your call frequency is too high.' },
			expected: { code: 429, message: 'Your call frequency is too high.' },
		},
		{
			name: 'JSON delivered as text',
			httpStatus: 200,
			body: '{"code":455,"msg":"System maintenance"}',
			expected: { code: 455, message: 'System maintenance' },
		},
		{
			name: 'JSON delivered as a Buffer',
			httpStatus: 200,
			body: Buffer.from('{"code":200,"msg":"success","data":{"taskId":"x"}}'),
			expected: { code: 200, data: { taskId: 'x' } },
		},
		{
			name: 'empty body on HTTP 200',
			httpStatus: 200,
			body: '',
			expected: { httpStatus: 200, code: 200, message: '', data: undefined },
		},
		{
			name: 'whitespace body on HTTP 502',
			httpStatus: 502,
			body: '  \n',
			expected: { code: 502, message: '' },
		},
		{
			name: 'JSON that is not an object (a number)',
			httpStatus: 200,
			body: 42,
			expected: { code: 200, message: '', data: 42 },
		},
	])('$name', ({ httpStatus, body, expected }) => {
		const envelope = readEnvelope(httpStatus, body);
		expect(envelope).toMatchObject(expected);
		expect(envelope.nonJson).toBeUndefined();
	});

	test.each([
		{
			name: 'an HTML gateway page on HTTP 502 keeps the status',
			httpStatus: 502,
			body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
			code: 502,
			snippet: '502 Bad Gateway',
		},
		{
			name: "Cloudflare's 403 page keeps the 403",
			httpStatus: 403,
			body: '<!DOCTYPE html><html><head><title>Access denied</title><style>h1{color:red}</style></head><body><h1>Access denied</h1><p>error code: 1010</p></body></html>',
			code: 403,
			snippet: 'Access denied Access denied error code: 1010',
		},
		{
			name: 'an HTML page on HTTP 200 becomes a gateway error',
			httpStatus: 200,
			body: '<html><body>Welcome to nginx!</body></html>',
			code: 502,
			snippet: 'Welcome to nginx!',
		},
	])('$name', ({ httpStatus, body, code, snippet }) => {
		const envelope = readEnvelope(httpStatus, body);
		expect(envelope).toMatchObject({ httpStatus, code, nonJson: true, data: undefined });
		expect(envelope.message).toContain(`non-JSON body (HTTP ${httpStatus})`);
		expect(envelope.message).toContain(snippet);
		expect(envelope.message).not.toMatch(/<[a-z!/]/i);
	});

	test('shortens a long non-JSON page to a readable snippet', () => {
		const envelope = readEnvelope(500, `<p>${'x'.repeat(1000)}</p>`);
		expect(envelope.message.length).toBeLessThan(250);
		expect(envelope.message).toMatch(/\.\.\.$/);
	});
});
