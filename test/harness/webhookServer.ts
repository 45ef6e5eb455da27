/**
 * Serves a node's real `webhook()` over real HTTP on 127.0.0.1, through n8n-core's real
 * WebhookContext, so the emulator can POST genuine kie.ai callbacks at it. The request and
 * response objects are the small part of Express that n8n hands a webhook (rawBody, parsed JSON
 * body, headers; status/json/send): the node code under test is the real one.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IRunExecutionData,
	IWebhookData,
	IWebhookResponseData,
} from 'n8n-workflow';

import { additionalDataFor, nodeTypes, workflowOf, type RuntimeEnvironment } from './n8nRuntime';

export interface WebhookCall {
	path: string;
	status: number;
	answer: unknown;
	/** What n8n would start or resume with; undefined when the node started nothing. */
	workflowData?: INodeExecutionData[][];
	/** The credential types n8n decrypted for this call, once per decryption. */
	decrypted: string[];
	/** Expressions the node had n8n evaluate for this call (on n8n 2.x each runs in an isolate). */
	evaluated: string[];
}

export interface WebhookServer {
	url: string;
	calls: WebhookCall[];
	requests: IHttpRequestOptions[];
	close(): Promise<void>;
}

class ResponseRecorder {
	statusCode = 200;
	body: unknown = undefined;
	finished = false;
	status(code: number) {
		this.statusCode = code;
		return this;
	}
	json(body: unknown) {
		this.body = body;
		this.finished = true;
		return this;
	}
	send(body: unknown) {
		return this.json(body);
	}
	end() {
		this.finished = true;
		return this;
	}
}

export async function serveNodeWebhook(options: {
	node: INode;
	credentials: RuntimeEnvironment['credentials'];
	/** The parked execution a restart webhook resumes (its stack holds the node's input). */
	runExecutionData?: () => IRunExecutionData | null;
	/**
	 * Plays an n8n whose webhook context does not expose the parked run to the node (it is not part
	 * of the typed interface): n8n's own code on the context still sees it.
	 */
	hideRunFromNode?: boolean;
}): Promise<WebhookServer> {
	const calls: WebhookCall[] = [];
	const requests: IHttpRequestOptions[] = [];
	// The workflow's static data as n8n's database holds it: like n8n's LiveWebhooks, each call
	// gets it freshly loaded, and it is saved after the call when the call changed it (as n8n 1.x
	// does for every call; n8n 2.x loses the change of a call that starts a run, see replay.ts).
	let savedStaticData: IDataObject = {};
	const nodeType = nodeTypes.getByNameAndVersion(options.node.type, 1);
	const description = nodeType.description.webhooks?.[0];
	if (!nodeType.webhook || !description) throw new Error(`${options.node.type} has no webhook`);

	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const rawBody = Buffer.concat(chunks);
				let body: IDataObject = {};
				try {
					if (String(req.headers['content-type']).includes('json'))
						body = JSON.parse(rawBody.toString());
				} catch {
					body = {};
				}
				const request = {
					headers: req.headers,
					body,
					rawBody,
					params: {},
					query: {},
					method: req.method,
					url: req.url,
				};
				const recorder = new ResponseRecorder();
				const decrypted: string[] = [];
				const additionalData = additionalDataFor(
					{
						credentials: options.credentials,
						requests,
						decrypted,
						httpRequest: request,
						httpResponse: recorder,
					},
					options.node,
				);
				const webhookData = {
					httpMethod: 'POST',
					node: options.node.name,
					path: String(description.path),
					webhookDescription: description,
					workflowId: 'music-cover-test',
				} as unknown as IWebhookData;
				const workflow = workflowOf(options.node, structuredClone(savedStaticData));
				const context = new WebhookContext(
					workflow,
					options.node,
					additionalData,
					'webhook',
					webhookData,
					[],
					options.runExecutionData?.() ?? null,
				);
				// The node's view of the real context: it records the expressions the node evaluates.
				const evaluated: string[] = [];
				const seenByNode = new Proxy(context, {
					get: (target, key) => {
						if (key === 'runExecutionData' && options.hideRunFromNode) return undefined;
						const value: unknown = Reflect.get(target, key);
						if (typeof value !== 'function') return value;
						if (key !== 'evaluateExpression') return value.bind(target);
						return (expression: string, itemIndex?: number) => {
							evaluated.push(expression);
							return target.evaluateExpression(expression, itemIndex);
						};
					},
				});
				let result: IWebhookResponseData | undefined;
				try {
					result = await nodeType.webhook!.call(seenByNode);
				} catch (error) {
					// n8n would resume a parked execution with this error: record it as a 500 to fail tests.
					recorder.status(500).json({ thrown: (error as Error).message });
				}
				if (!recorder.finished) recorder.json({ message: 'Workflow was started' });
				if (workflow.staticData.__dataChanged === true)
					savedStaticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
				calls.push({
					path: req.url ?? '',
					status: recorder.statusCode,
					answer: recorder.body,
					workflowData: result?.workflowData,
					decrypted,
					evaluated,
				});
				res.writeHead(recorder.statusCode, { 'content-type': 'application/json' });
				res.end(JSON.stringify(recorder.body ?? ''));
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		calls,
		requests,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
