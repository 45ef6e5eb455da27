import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { planCallbackWait, readResumeUrl, unreachableWarning } from '../../callbacks/park';
import { readDuplicates, startCover, type OnDuplicate } from '../../covers/create';
import {
	slotOf,
	startAndWaitForSlots,
	type OnCoverFinished,
	type WaitSlot,
} from '../../covers/wait';
import {
	binaryPropertyPrefixOption,
	downloadOption,
	onDuplicateOption,
	oneItemPerImageOption,
	optionsCollection,
	pollIntervalOption,
	timeoutOption,
} from '../../descriptions';
import { allProviders, callbackProviders, providerNames } from '../../providers';
import type { ProviderAdapter } from '../../providers/types';
import { TOOL_TIMEOUT_SECONDS } from '../../util/constants';
import { settleEach } from '../items';
import type { OperationResult } from '../node.type';
import {
	musicTaskIdExpressions,
	readCallbackUrl,
	readOptions,
	readPollSettings,
	readTaskId,
} from '../parameters';
import { isToolCall, TOOL_DESCRIPTIONS, toolDescriptionProperty } from '../tool';
import { checkCreditsOption, creditShortfall } from './creditCheck';
import { callback, noWait, poll, waitModeProperty } from './waitMode';

const callbackProviderIds = callbackProviders().map((adapter) => adapter.id);

type WaitMode = 'noWait' | 'poll' | 'callback';

const properties: INodeProperties[] = [
	// One Music Task ID field per provider (one stored value): each shows where its music steps put the id.
	...allProviders().map(
		(adapter): INodeProperties => ({
			displayName: 'Music Task ID',
			name: 'musicTaskId',
			type: 'string',
			required: true,
			default: '',
			placeholder: `e.g. {{ $json.${adapter.musicTaskIdSources[0].path} }}`,
			description: `The ${adapter.displayName} ${adapter.musicTaskIdName} of a finished music generation: ${musicTaskIdExpressions(adapter)}. Each track can get one cover.`,
			displayOptions: { show: { '/provider': [adapter.id] } },
		}),
	),
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/.../callback',
		description:
			'Where the provider POSTs the result when the cover is ready, e.g. the production URL of a Music Cover Trigger. Leave empty when this node waits or you check with Get Status.',
		displayOptions: {
			show: { '/provider': callbackProviderIds },
			hide: { '/waitMode': ['callback'] },
		},
	},
	// The same field twice: Wait for Callback is offered only where the provider sends callbacks.
	{
		...waitModeProperty([noWait, poll, callback]),
		displayOptions: { show: { '/provider': callbackProviderIds } },
	},
	{
		...waitModeProperty([noWait, poll]),
		displayOptions: { hide: { '/provider': callbackProviderIds } },
	},
	{
		displayName: `${providerNames(callbackProviders())} must reach this n8n: the callback goes to the execution's resume URL, built from n8n's WEBHOOK_URL setting. With a Webhook HMAC Key in the credential only signed callbacks resume it, and each result is confirmed with a status read.`,
		name: 'callbackNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { waitMode: ['callback'], '/provider': callbackProviderIds } },
	},
	{
		displayName: `As a tool, Generate cannot park the execution: it polls for up to ${TOOL_TIMEOUT_SECONDS} seconds instead and answers a cover that is not done by then as pending, with its cover task ID`,
		name: 'toolCallbackNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { waitMode: ['callback'], '@tool': [true] } },
	},
	toolDescriptionProperty(TOOL_DESCRIPTIONS.generate),
	optionsCollection([
		{
			...downloadOption,
			displayOptions: { show: { '/waitMode': ['poll', 'callback'] } },
		},
		{
			...binaryPropertyPrefixOption,
			displayOptions: { show: { '/waitMode': ['poll', 'callback'], download: [true] } },
		},
		// Not with Wait for Callback: a resumed run keeps one item per input item (OperationResult).
		{
			...oneItemPerImageOption,
			description: `${oneItemPerImageOption.description} After Wait for Callback, follow with Get Status and this option.`,
			displayOptions: { show: { '/waitMode': ['poll'] } },
		},
		onDuplicateOption,
		checkCreditsOption,
		{
			...pollIntervalOption,
			displayOptions: { show: { '/waitMode': ['poll'] } },
		},
		{
			...timeoutOption,
			displayOptions: { show: { '/waitMode': ['poll', 'callback'] } },
		},
	]),
];

export const description = updateDisplayOptions({ show: { operation: ['generate'] } }, properties);

export async function execute(
	this: IExecuteFunctions,
	adapter: ProviderAdapter,
	itemIndexes: number[],
	onFinished?: OnCoverFinished,
): Promise<OperationResult> {
	const toolCall = isToolCall(this);
	const chosen = this.getNodeParameter('waitMode', 0, 'noWait') as WaitMode;
	// Parking would leave the agent's tool call without an answer: a tool call polls instead.
	const waitMode = toolCall && chosen === 'callback' ? 'poll' : chosen;
	if (waitMode === 'callback' && !adapter.callbacks) {
		throw new NodeOperationError(this.getNode(), `${adapter.displayName} sends no callbacks`, {
			description: `Wait for Callback works with ${providerNames(callbackProviders())} only: choose "Poll Until Done" for this provider.`,
		});
	}
	const settings = readPollSettings(this);
	// Rate-limited creates keep trying within the same budget as the wait.
	const deadline = Date.now() + settings.timeoutMs;
	const resumeUrl = waitMode === 'callback' ? readResumeUrl(this) : undefined;
	if (readOptions(this, 0).checkCredits === true) {
		const shortfall = await creditShortfall(this, adapter, itemIndexes);
		if (shortfall) {
			if (!this.continueOnFail()) throw shortfall(itemIndexes[0]);
			return { outcomes: itemIndexes.map(shortfall) };
		}
	}
	const startAll = async (onStarted?: (position: number, slot: WaitSlot) => void) =>
		await settleEach(this, itemIndexes, async (itemIndex, position) => {
			const onDuplicate = (readOptions(this, itemIndex).onDuplicate ??
				'useExisting') as OnDuplicate;
			const outcome = await startCover(this, adapter, {
				musicTaskId: readTaskId(this, 'musicTaskId', itemIndex),
				callbackUrl:
					resumeUrl ?? (adapter.callbacks ? readCallbackUrl(this, itemIndex) : undefined),
				onDuplicate,
				itemIndex,
				deadline,
				signal: settings.signal,
			});
			onStarted?.(position, slotOf(outcome, itemIndex));
			return outcome;
		});
	if (waitMode === 'poll') {
		// Each cover is waited for from its create on: the creates of a large batch are paced over
		// minutes, and its first covers are finished (and their images downloaded) long before the last.
		const outcomes = await startAndWaitForSlots(
			this,
			adapter,
			itemIndexes.length,
			async (settle) => {
				const started = await startAll(settle);
				// Items that failed to start (Continue On Fail) have nothing to wait for.
				for (const [position, outcome] of started.entries())
					if (outcome instanceof Error) settle(position, outcome);
			},
			settings,
			onFinished,
		);
		return { outcomes };
	}
	const started = await startAll();
	if (!resumeUrl) return { outcomes: await readDuplicates(this, adapter, started, itemIndexes) };
	const plan = await planCallbackWait(this, adapter, started, itemIndexes, {
		timeoutMs: settings.timeoutMs,
		warning: unreachableWarning(this, adapter, resumeUrl),
	});
	return { ...plan, onePerInputItem: true };
}
