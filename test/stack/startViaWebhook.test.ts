// The stack's start of an execution over a production webhook (stack/n8n/executions.js) against a
// stand-in for n8n's HTTP side on 127.0.0.1: a POST whose answer is lost may have started a run,
// so it is sent again only when no run shows up, and never when retries are off.
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';
import { N8n } from '../../stack/n8n';

interface FakeN8n {
	port: number;
	posts: number;
	executions: string[];
	close: () => Promise<void>;
}

/**
 * n8n's executions list (the editor's REST list) and one production webhook. `answers` says, per
 * POST in order, whether it starts an execution and which status n8n answers with.
 */
async function fakeN8n(answers: Array<{ starts: boolean; status: number }>): Promise<FakeN8n> {
	const state = { posts: 0, executions: [] as string[] };
	const server = http.createServer((req, res) => {
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (req.method === 'GET' && req.url?.startsWith('/rest/executions'))
			return send(200, { data: { results: state.executions.map((id) => ({ id })) } });
		if (req.method === 'POST' && req.url === '/webhook/start-here') {
			const answer = answers[state.posts++] ?? { starts: true, status: 200 };
			if (answer.starts) state.executions.push(String(100 + state.executions.length));
			return send(answer.status, {
				message: answer.status === 200 ? 'Workflow was started' : 'Database is not ready',
			});
		}
		return send(404, { message: 'not found' });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		get posts() {
			return state.posts;
		},
		get executions() {
			return state.executions;
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

const n8nAt = (port: number, transientRetryMs: number) =>
	new N8n({ line: '2', dir: '/nonexistent', home: '/nonexistent', port, transientRetryMs });

describe('startViaWebhook', () => {
	let fake: FakeN8n | undefined;
	afterEach(async () => await fake?.close());

	it.each([
		[
			'a POST answered 503 that started a run is not sent again: that run is the one returned',
			true,
			1000,
			1,
		],
		['a POST answered 503 that started nothing is sent again, and one run starts', false, 500, 2],
	] as const)('%s', async (_title, starts, settleMs, posts) => {
		fake = await fakeN8n([{ starts, status: 503 }]);
		const id = await n8nAt(fake.port, 10000).startViaWebhook('wf', 'start-here', {}, { settleMs });
		expect(id).toBe('100');
		expect(fake.posts).toBe(posts);
		expect(fake.executions).toEqual(['100']);
	});

	it('without a retry budget (the end-to-end suite) the first 503 is the answer', async () => {
		fake = await fakeN8n([{ starts: false, status: 503 }]);
		await expect(
			n8nAt(fake.port, 0).startViaWebhook('wf', 'start-here', {}, { settleMs: 500 }),
		).rejects.toThrow(/HTTP 503/);
		expect(fake.posts).toBe(1);
	});
});
