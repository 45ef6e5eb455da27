/**
 * Runs our real node classes inside n8n-core's real WorkflowExecute, in-process. What n8n's
 * server would supply is supplied here in its simplest faithful form: node types, decrypted
 * credentials (applied with the credential class's own `authenticate`), lifecycle hooks.
 * The real-n8n suite (test/e2e) covers what this cannot: the credential store, webhooks, waits.
 */
import './n8nUserFolder';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { MusicCover } from '../../nodes/MusicCover/MusicCover.node';
import { MusicCoverTrigger } from '../../nodes/MusicCover/MusicCoverTrigger.node';
import { credentialTypes } from './credentialTypes';

export { credentialTypes };

const nodeClasses: Record<string, INodeType> = {
	'n8n-nodes-music-cover.musicCover': new MusicCover(),
	'n8n-nodes-music-cover.musicCoverTrigger': new MusicCoverTrigger(),
};

export const nodeTypes: INodeTypes = {
	getByName: (type) => nodeClasses[type] as INodeType | IVersionedNodeType,
	getByNameAndVersion: (type) => nodeClasses[type],
	getKnownTypes: () => ({}),
};

/**
 * A credential class's `authenticate`, applied as n8n's CredentialsHelper applies a function (ours
 * are functions: n8n evaluates a `generic` template per request, see providerCredentialFields.ts).
 */
async function applyAuthenticate(
	type: string,
	credentials: ICredentialDataDecryptedObject,
	options: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const authenticate = credentialTypes[type]?.authenticate;
	if (!authenticate) return options;
	if (typeof authenticate !== 'function')
		throw new Error(`${type}: the harness applies function authentication only`);
	return await authenticate(credentials, options);
}

export interface RunOptions {
	/** Credentials by type, as the user stored them. */
	credentials: Record<string, ICredentialDataDecryptedObject>;
	parameters: IDataObject;
	items: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Aborts the run from outside, as n8n's "stop execution" does. */
	cancelAfterMs?: number;
	webhookWaitingBaseUrl?: string;
	/**
	 * A parked run's data, to play n8n's wait tracker at its deadline: n8n loads the saved run and
	 * runs it again with WorkflowExecute, which passes the parked node's stack input on as its
	 * output. `items` is then unused.
	 */
	parkedRun?: IRunExecutionData;
}

export interface RunResult {
	run: IRun;
	items: INodeExecutionData[];
	error?: Error & { description?: string; context?: IDataObject };
	/** Every HTTP request the node sent, as n8n would send it (after authentication). */
	requests: IHttpRequestOptions[];
	/** The credential types n8n decrypted for the run, once per decryption. */
	decrypted: string[];
	executionId: string;
	node: INode;
}

let executionCounter = 0;

export function musicCoverNode(
	type: 'musicCover' | 'musicCoverTrigger',
	parameters: IDataObject,
	credentialTypeNames: string[],
	continueOnFail = false,
	typeVersion = 1,
): INode {
	return {
		id: `${type}-node`,
		name: type === 'musicCover' ? 'Music Cover' : 'Music Cover Trigger',
		type: `n8n-nodes-music-cover.${type}`,
		typeVersion,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: Object.fromEntries(
			credentialTypeNames.map((name) => [name, { id: `${name}-id`, name }]),
		),
		onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow',
	};
}

export function workflowOf(node: INode, staticData?: IDataObject): Workflow {
	return new Workflow({
		id: 'music-cover-test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData,
		settings: {},
	});
}

export interface RuntimeEnvironment {
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** Where `$execution.resumeUrl` points (default: a base URL nothing listens on). */
	webhookWaitingBaseUrl?: string;
	executionId?: string;
	requests: IHttpRequestOptions[];
	/** Filled with the credential type of each decryption n8n is asked for. */
	decrypted?: string[];
	httpRequest?: unknown;
	httpResponse?: unknown;
}

export function additionalDataFor(
	env: RuntimeEnvironment,
	node: INode,
): IWorkflowExecuteAdditionalData {
	const executionId = env.executionId ?? String(++executionCounter);
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'music-cover-test',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
		activeVersionId: null,
	} as never);
	const credentialsHelper = {
		getParentTypes: () => [],
		isCredentialUsableByNode: () => true,
		authenticate: async (
			credentials: ICredentialDataDecryptedObject,
			type: string,
			request: IHttpRequestOptions,
		) => {
			const authenticated = await applyAuthenticate(type, credentials, request);
			env.requests.push(authenticated);
			return authenticated;
		},
		preAuthentication: async () => undefined,
		runPreAuthentication: async () => undefined,
		getCredentials: async () => {
			throw new Error('not used');
		},
		getDecrypted: async (_additionalData: unknown, _details: unknown, type: string) => {
			const credentials = env.credentials[type];
			if (!credentials) throw new Error(`No test credentials of type ${type}`);
			env.decrypted?.push(type);
			// A copy, as n8n decrypts afresh each time: nothing the node changes leaks back.
			return { ...credentials };
		},
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async () => {},
		getCredentialsProperties: () => [],
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		restApiUrl: 'http://127.0.0.1:9/rest',
		instanceBaseUrl: 'http://127.0.0.1:9/',
		webhookBaseUrl: 'http://127.0.0.1:9/webhook',
		webhookWaitingBaseUrl: env.webhookWaitingBaseUrl ?? 'http://127.0.0.1:9/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:9/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:9/form-waiting',
		variables: {},
		currentNodeExecutionIndex: 0,
		getRunExecutionData: async () => undefined,
		httpRequest: env.httpRequest,
		httpResponse: env.httpResponse,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function runMusicCover(options: RunOptions): Promise<RunResult> {
	const node = musicCoverNode(
		'musicCover',
		options.parameters,
		Object.keys(options.credentials),
		options.continueOnFail,
	);
	const workflow = workflowOf(node);
	const requests: IHttpRequestOptions[] = [];
	const decrypted: string[] = [];
	const additionalData = additionalDataFor(
		{
			credentials: options.credentials,
			requests,
			decrypted,
			webhookWaitingBaseUrl: options.webhookWaitingBaseUrl,
		},
		node,
	);
	const runExecutionData =
		options.parkedRun ??
		createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: [options.items] }, source: null }],
			},
		});
	const executionId = additionalData.executionId as string;
	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const promise = execute.processRunExecutionData(workflow);
	const timer =
		options.cancelAfterMs !== undefined
			? setTimeout(() => promise.cancel(), options.cancelAfterMs)
			: undefined;
	try {
		const run = await promise;
		const taskData = run.data.resultData.runData[node.name]?.[0];
		return {
			run,
			items: taskData?.data?.main?.[0] ?? [],
			error: (taskData?.error ?? run.data.resultData.error) as RunResult['error'],
			requests,
			decrypted,
			executionId,
			node,
		};
	} finally {
		if (timer) clearTimeout(timer);
	}
}
