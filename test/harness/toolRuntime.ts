/**
 * Calls the real MusicCover node as a tool, the way n8n does under an AI Agent or an MCP Server
 * Trigger: n8n-core's own getInputConnectionData wraps the connected `musicCoverTool` node with
 * createNodeAsTool (name, description, $fromAI schema) and runs the node's `execute` in a
 * SupplyDataContext on each call. Two stand-ins, both outside the node under test:
 * - the tool type: n8n's server derives `<name>Tool` from a `usableAsTool` node when it loads the
 *   package (`convertNodeToAiTool` in the `n8n` package, not a dependency here); `toolVariant`
 *   does the same to the description;
 * - the caller: a node with an ai_tool input whose `execute` lists the tools and invokes each
 *   requested call, as the MCP trigger does (`tool.invoke(arguments)`).
 * The real-n8n suite (test/e2e/scenarios/mcp-tools.js) proves the same over MCP in n8n itself.
 */
import './n8nUserFolder';

import { WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	deepCopy,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import { MusicCover } from '../../nodes/MusicCover/MusicCover.node';
import { additionalDataFor, musicCoverNode } from './n8nRuntime';

export const TOOL_TYPE = 'n8n-nodes-music-cover.musicCoverTool';
const CALLER_TYPE = 'test.toolCaller';

/** The tool type n8n derives from a `usableAsTool` node (as n8n 1.123 and 2.41 do it). */
export function toolVariant(base: INodeType): INodeType {
	const description = deepCopy(base.description);
	description.name += 'Tool';
	description.displayName += ' Tool';
	description.inputs = [];
	description.outputs = [NodeConnectionTypes.AiTool];
	delete description.usableAsTool;
	// n8n adds its own Tool Description field (with "Set Automatically" from the operation's action
	// where the node has a resource or operation) only to a node that defines none.
	if (!description.properties.some((property) => property.name === 'toolDescription')) {
		description.properties.unshift(
			{
				displayName: 'Tool Description',
				name: 'descriptionType',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Set Automatically', value: 'auto' },
					{ name: 'Set Manually', value: 'manual' },
				],
				default: 'auto',
			},
			{
				displayName: 'Description',
				name: 'toolDescription',
				type: 'string',
				default: description.description,
				displayOptions: { show: { descriptionType: ['manual'] } },
			},
		);
	}
	return Object.assign(Object.create(Object.getPrototypeOf(base)), base, { description });
}

export interface ToolCall {
	tool: string;
	arguments: IDataObject;
}

export interface ToolCallResult {
	tool: string;
	/** The text the tool answered (JSON of the output items), or undefined on error. */
	answer?: string;
	/** The message of the error the tool threw (an MCP client sees it as a tool error). */
	error?: string;
	ms: number;
}

export interface ListedTool {
	name: string;
	description: string;
	/** The $fromAI keys the tool's input schema asks for. */
	inputs: string[];
}

interface CallerOutput {
	tools: ListedTool[];
	results: ToolCallResult[];
}

/** Lists the connected tools, then makes the calls in order (what an MCP session does). */
function toolCaller(calls: ToolCall[]): INodeType {
	return {
		description: {
			displayName: 'Tool Caller',
			name: CALLER_TYPE,
			group: ['transform'],
			version: 1,
			description: 'Calls its tools',
			defaults: { name: 'Tool Caller' },
			inputs: [
				NodeConnectionTypes.Main,
				{ type: NodeConnectionTypes.AiTool, displayName: 'Tools' },
			],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute(this: IExecuteFunctions) {
			const connected = (await this.getInputConnectionData(
				NodeConnectionTypes.AiTool,
				0,
			)) as Array<{
				name: string;
				description: string;
				schema: { shape: Record<string, unknown> };
				invoke: (args: IDataObject) => Promise<string>;
			}>;
			const output: CallerOutput = {
				tools: connected.map((tool) => ({
					name: tool.name,
					description: tool.description,
					inputs: Object.keys(tool.schema.shape),
				})),
				results: [],
			};
			for (const call of calls) {
				const tool = connected.find((candidate) => candidate.name === call.tool);
				if (!tool) throw new Error(`no tool ${call.tool}`);
				const started = Date.now();
				try {
					const answer = await tool.invoke(call.arguments);
					output.results.push({ tool: call.tool, answer, ms: Date.now() - started });
				} catch (error) {
					output.results.push({
						tool: call.tool,
						error: (error as Error).message,
						ms: Date.now() - started,
					});
				}
			}
			return [[{ json: output as unknown as IDataObject }]];
		},
	};
}

export interface ToolNodeSpec {
	/** The tool node's name; n8n makes the tool's name from it (e.g. "Get status" -> Get_status). */
	name: string;
	parameters: IDataObject;
}

export interface ToolRunOptions {
	credentials: Record<string, ICredentialDataDecryptedObject>;
	tools: ToolNodeSpec[];
	calls: ToolCall[];
}

export interface ToolRun extends CallerOutput {
	requests: IHttpRequestOptions[];
	error?: Error;
}

/** Runs the caller with the given Music Cover Tool nodes connected, in n8n-core's WorkflowExecute. */
export async function runAsTools(options: ToolRunOptions): Promise<ToolRun> {
	const classes: Record<string, INodeType> = {
		[TOOL_TYPE]: toolVariant(new MusicCover()),
		[CALLER_TYPE]: toolCaller(options.calls),
	};
	const nodeTypes: INodeTypes = {
		getByName: (type) => classes[type],
		getByNameAndVersion: (type) => classes[type],
		getKnownTypes: () => ({}),
	};
	const toolNodes: INode[] = options.tools.map((spec) => ({
		...musicCoverNode('musicCover', spec.parameters, Object.keys(options.credentials)),
		id: `tool-${spec.name}`,
		name: spec.name,
		type: TOOL_TYPE,
	}));
	const caller: INode = {
		id: 'caller',
		name: 'Tool Caller',
		type: CALLER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const workflow = new Workflow({
		id: 'music-cover-tool-test',
		nodes: [caller, ...toolNodes],
		connections: Object.fromEntries(
			toolNodes.map((node) => [
				node.name,
				{ ai_tool: [[{ node: caller.name, type: NodeConnectionTypes.AiTool, index: 0 }]] },
			]),
		),
		active: false,
		nodeTypes,
		settings: {},
	});
	const requests: IHttpRequestOptions[] = [];
	const additionalData = additionalDataFor({ credentials: options.credentials, requests }, caller);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: caller, data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(
		additionalData,
		'manual',
		runExecutionData,
	).processRunExecutionData(workflow);
	const taskData = run.data.resultData.runData[caller.name]?.[0];
	const json = taskData?.data?.main?.[0]?.[0]?.json as unknown as CallerOutput | undefined;
	return {
		tools: json?.tools ?? [],
		results: json?.results ?? [],
		requests,
		error: (taskData?.error ?? run.data.resultData.error) as Error | undefined,
	};
}
