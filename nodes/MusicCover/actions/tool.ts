import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PollSettings } from '../covers/polling';
import { allProviders, providerNames } from '../providers';
import type { CoverResult, ProviderAdapter } from '../providers/types';
import { TOOL_TIMEOUT_SECONDS } from '../util/constants';
import type { MusicCoverOperation } from './node.type';

/**
 * Whether this run answers a tool call (an AI Agent's or an MCP Server Trigger's). n8n offers a
 * `usableAsTool` node as a second type, `<name>Tool`, which runs only as a tool; n8n 2.x also
 * says so through `isToolExecution()` when it runs the node as a sub-node. n8n 1.x has no such
 * method, and n8n 2.x agents may run a tool node as a node of the execution, where only the type
 * tells.
 */
export function isToolCall(ctx: IExecuteFunctions): boolean {
	if (ctx.getNode().type.endsWith('Tool')) return true;
	return typeof ctx.isToolExecution === 'function' && ctx.isToolExecution();
}

/**
 * A tool call waits at most TOOL_TIMEOUT_SECONDS (the user's timeout if shorter), and a cover
 * still running then is answered as pending, not as an error: the agent can ask again.
 */
export function boundForTool(ctx: IExecuteFunctions, settings: PollSettings): PollSettings {
	if (!isToolCall(ctx)) return settings;
	return {
		...settings,
		timeoutMs: Math.min(settings.timeoutMs, TOOL_TIMEOUT_SECONDS * 1000),
		pendingAtDeadline: true,
	};
}

/**
 * A cover as a tool answers it: as the node outputs it, plus for a cover that is not done the
 * next step a model should take, with the id to take it with.
 */
export function toolAnswer(
	ctx: IExecuteFunctions,
	operation: MusicCoverOperation,
	cover: CoverResult,
): IDataObject {
	const answer: IDataObject = { ...cover };
	if (cover.status !== 'pending') return answer;
	const waitMode = operation === 'generate' ? ctx.getNodeParameter('waitMode', 0, 'noWait') : '';
	const hints = [
		waitMode === 'noWait' ? 'Cover generation started.' : 'Not finished yet.',
		`Call Wait for Completion with coverTaskId "${cover.coverTaskId}" to get the image URLs.`,
	];
	if (waitMode === 'callback') {
		hints.push('(Wait for Callback does not apply to tool calls: the status was polled instead.)');
	}
	answer.hint = hints.join(' ');
	return answer;
}

/** What the model reads about one operation's tool; the user may rewrite it in the tool node. */
export function toolDescriptionProperty(text: string): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		typeOptions: { rows: 4 },
		default: text,
		description:
			'What the AI model is told about this tool: what it does, which ID it needs and what it returns',
		displayOptions: { show: { '@tool': [true] } },
	};
}

/**
 * What a cover costs on each provider, from the registry: the cost a provider's page states, or
 * "its own per-cover price" where no page states it (kie.ai's cover page names only 402
 * "insufficient credits").
 */
function coverCosts(): string {
	const byCost = new Map<string, ProviderAdapter[]>();
	for (const adapter of allProviders()) {
		const { credits, assumed } = adapter.coverCost;
		const cost = assumed ? '' : `${credits} credit${credits === 1 ? '' : 's'}`;
		byCost.set(cost, [...(byCost.get(cost) ?? []), adapter]);
	}
	return [...byCost]
		.map(([cost, adapters]) =>
			cost
				? `${cost} per cover on ${providerNames(adapters)}`
				: `${providerNames(adapters)}: its own per-cover price`,
		)
		.join('; ');
}

export const TOOL_DESCRIPTIONS: Record<MusicCoverOperation, string> = {
	generate: `Starts generating cover art for one finished AI music track. Input musicTaskId: the task ID that the music generation returned. Returns JSON with coverTaskId (the cover task's id: keep it), status ("pending", "success" or "failed") and, once done, images (the cover image URLs). While status is "pending", call Wait for Completion with the coverTaskId. Costs credits: each call starts a paid cover task on the provider account (${coverCosts()}), so call it once per track and never to check progress. A track gets one cover: generating again for it returns the existing cover, or an error where the provider does not tell its id.`,
	getStatus: `Reads the current state of one cover art task once, without waiting. Input coverTaskId: the id that Generate returned. Returns JSON with status ("pending", "success" or "failed"), images (the cover image URLs) once done, and error when it failed. An unknown coverTaskId is an error.`,
	getCredits: `Reads how many credits the music cover account has left. No input needed. Returns JSON with provider, credits (the credits left) and, where the provider tells, usedCredits. Call it before generating many covers: each cover costs credits.`,
	waitForCompletion: `Waits until one cover art task is done and returns it. Input coverTaskId: the id that Generate returned. Returns JSON with status "success" and images (the cover image URLs), or status "failed" and error. Waits ${TOOL_TIMEOUT_SECONDS} s at most: a cover still running then comes back with status "pending" and a hint; call this tool again with the same coverTaskId.`,
};
