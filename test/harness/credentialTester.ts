/**
 * Runs a credential class's declarative `test` the way n8n's CredentialsTester does
 * (packages/cli/src/services/credentials-tester.service.ts): the test request becomes the
 * routing of a temporary node, n8n-core's real RoutingNode sends it over real HTTP with the
 * credential's `authenticate` applied (a function, called as n8n's CredentialsHelper calls it),
 * then the rules are applied to the outcome:
 * - the request threw with an HTTP response: `responseCode` rules, then any non-2xx fails;
 * - it threw without one: the network error code fails;
 * - it answered: each `responseSuccessBody` rule fails when get(body, key) === value.
 */
import './n8nUserFolder';

import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createRunExecutionData,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
	/** The request as sent (after authentication), for assertions on headers and URL. */
	requests: IHttpRequestOptions[];
}

/** lodash `get` for the dotted keys the rules use (`code`, `error.code`). */
function getPath(value: unknown, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(current, key) =>
				current !== null && typeof current === 'object' ? (current as IDataObject)[key] : undefined,
			value,
		);
}

export async function testCredential(
	credentialType: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome> {
	const test = credentialType.test;
	if (!test) throw new Error(`${credentialType.name} has no declarative test`);
	const requests: IHttpRequestOptions[] = [];

	const nodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'temp',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'temp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: {
			[credentialType.name]: { id: 'credential-under-test', name: credentialType.name },
		},
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

	/** n8n's CredentialsHelper.authenticate for a function (ours are; see providerCredentialFields.ts). */
	const authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		_type: string,
		request: IHttpRequestOptions,
	) => {
		const auth = credentialType.authenticate;
		let options: IHttpRequestOptions = { ...request, headers: { ...(request.headers ?? {}) } };
		if (auth && typeof auth !== 'function')
			throw new Error(`${credentialType.name}: the harness applies function authentication only`);
		if (auth) options = await auth(credentials, options);
		requests.push(options);
		return options;
	};
	const additionalData = {
		credentialsHelper: {
			authenticate,
			preAuthentication: async () => undefined,
			runPreAuthentication: async () => undefined,
			getParentTypes: () => [],
			getDecrypted: async () => data,
			getCredentials: async () => {
				throw new Error('not used');
			},
			updateCredentials: async () => {},
			updateCredentialsOauthTokenData: async () => {},
			getCredentialsProperties: () => credentialType.properties,
		},
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;

	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData({}),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: 'credential-under-test',
		name: credentialType.name,
		type: credentialType.name,
		data,
	});

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as {
			message: string;
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		const httpResponse = error.cause?.response;
		if (httpResponse) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === httpResponse.status) {
					return { status: 'Error', message: rule.properties.message, requests };
				}
			}
			if (httpResponse.status < 199 || httpResponse.status > 299) {
				return {
					status: 'Error',
					message: httpResponse.statusText || `Received HTTP status code: ${httpResponse.status}`,
					requests,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code, requests };
		}
		return { status: 'Error', message: String(error.message), requests };
	}

	for (const rule of test.rules ?? []) {
		if (
			rule.type === 'responseSuccessBody' &&
			getPath(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value
		) {
			return { status: 'Error', message: rule.properties.message, requests };
		}
	}
	return { status: 'OK', message: 'Connection successful!', requests };
}
