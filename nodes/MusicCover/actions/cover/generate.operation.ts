import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import {
	DUPLICATE,
	readCover,
	startCover,
	waitForCovers,
	type OnDuplicate,
	type WaitTask,
} from '../../helpers/coverTasks';
import type { CoverResult } from '../../providers/types';
import {
	binaryPropertyPrefixOption,
	downloadOption,
	optionsCollection,
	pollIntervalOption,
	timeoutOption,
} from '../common.descriptions';
import { awaitingCallbackItem, readResumeUrl } from './callbackWait';
import { settleEach, type OperationExecute, type OperationResult } from './outcomes';
import { readOptions, readPollSettings, readTaskId } from './parameters';

type WaitMode = 'noWait' | 'poll' | 'callback';

const properties: INodeProperties[] = [
	{
		displayName: 'Music Task ID',
		name: 'musicTaskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. {{ $json.taskId }}',
		description:
			'Task ID of the finished music generation (kie.ai taskId, udioapi.pro or apiin.one workId). Each track can get one cover.',
	},
	{
		displayName: 'Callback URL',
		name: 'callbackUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com/webhook/.../callback',
		description:
			'Where kie.ai POSTs the result when the cover is ready, e.g. the production URL of a Music Cover Trigger. Leave empty when this node waits or you check with Get Status.',
		displayOptions: { show: { '/provider': ['kieAi'] } },
	},
	{
		displayName: 'Wait for Completion',
		name: 'waitMode',
		type: 'options',
		options: [
			{
				name: "Don't Wait",
				value: 'noWait',
				description:
					'Return the cover task ID at once; check later with Get Status or Wait for Completion',
			},
			{
				name: 'Poll Until Done',
				value: 'poll',
				description:
					'Check the status of all items together until every cover is done or the timeout passes',
			},
			{
				name: 'Wait for Callback (kie.ai)',
				value: 'callback',
				description:
					"Park the execution without holding a worker; kie.ai's callback resumes it when every cover is done, or the timeout does",
			},
		],
		default: 'noWait',
		description: 'Whether to return at once or when the covers are ready',
	},
	{
		displayName:
			"kie.ai must reach this n8n: the callback goes to the execution's resume URL, built from n8n's WEBHOOK_URL setting. With a Webhook HMAC Key in the credential only signed callbacks resume it, and each result is confirmed with a status read.",
		name: 'callbackNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { waitMode: ['callback'] } },
	},
	optionsCollection([
		binaryPropertyPrefixOption,
		{
			...downloadOption,
			displayOptions: { show: { '/waitMode': ['poll', 'callback'] } },
		},
		{
			displayName: 'On Duplicate',
			name: 'onDuplicate',
			type: 'options',
			options: [
				{
					name: 'Use Existing Cover',
					value: 'useExisting',
					description:
						'Continue with the cover the track already has (kie.ai returns its ID, at no charge); error where the provider does not tell the ID',
				},
				{
					name: 'Error',
					value: 'error',
					description: 'Fail the item when the track already has a cover',
				},
				{
					name: 'Continue',
					value: 'continue',
					description:
						'Use the existing cover where its ID is known, otherwise pass the item on with status "failed" and error code DUPLICATE',
				},
			],
			default: 'useExisting',
			description: 'What to do when the music track already has a cover (one cover per track)',
		},
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

function readCallbackUrl(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = String(ctx.getNodeParameter('callbackUrl', itemIndex, '') ?? '').trim();
	if (value === '') return undefined;
	if (!/^https?:\/\/[^\s/]+/i.test(value)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Callback URL "${value.slice(0, 60)}" is not an http(s) URL`,
			{
				itemIndex,
				description:
					'Paste the production URL of a Music Cover Trigger (or any https endpoint), or leave it empty.',
			},
		);
	}
	return value;
}

export const execute: OperationExecute = async function (adapter, itemIndexes) {
	const waitMode = this.getNodeParameter('waitMode', 0, 'noWait') as WaitMode;
	if (waitMode === 'callback' && !adapter.supportsCallbacks) {
		throw new NodeOperationError(this.getNode(), `${adapter.displayName} sends no callbacks`, {
			description:
				'Wait for Callback works with kie.ai only: choose "Poll Until Done" for this provider.',
		});
	}
	const settings = waitMode === 'noWait' ? undefined : readPollSettings(this);
	const resumeUrl = waitMode === 'callback' ? readResumeUrl(this) : undefined;
	const started = await settleEach(this, itemIndexes, async (itemIndex) => {
		const onDuplicate = (readOptions(this, itemIndex).onDuplicate ?? 'useExisting') as OnDuplicate;
		return await startCover(this, adapter, {
			musicTaskId: readTaskId(this, 'musicTaskId', itemIndex),
			callbackUrl:
				resumeUrl ?? (adapter.supportsCallbacks ? readCallbackUrl(this, itemIndex) : undefined),
			onDuplicate,
			itemIndex,
		});
	});
	if (!settings) return { outcomes: started };
	if (resumeUrl) {
		// An existing cover's callback went to the URL of the Generate that created it, so it is
		// read now: a finished one needs no wait; a running one is confirmed when a callback of
		// another cover of this run, or the timeout, resumes the execution.
		const current = await Promise.all(
			started.map(async (outcome, position) =>
				outcome instanceof Error || outcome.providerStatus !== DUPLICATE
					? outcome
					: await readCover(this, adapter, outcome.coverTaskId, itemIndexes[position]).catch(
							() => outcome,
						),
			),
		);
		return parkUntilCallbacks(current, settings.timeoutMs);
	}

	const tasks: WaitTask[] = [];
	started.forEach((outcome, position) => {
		if (!(outcome instanceof Error) && outcome.status === 'pending') {
			tasks.push({
				itemIndex: itemIndexes[position],
				coverTaskId: outcome.coverTaskId,
				musicTaskId: outcome.musicTaskId,
			});
		}
	});
	const finished = await waitForCovers(this, adapter, tasks, settings);
	const outcomes = started.map((outcome, position): CoverResult | Error => {
		const waited = tasks.findIndex((task) => task.itemIndex === itemIndexes[position]);
		return waited === -1 ? outcome : finished[waited];
	});
	return { outcomes };
};

/** A duplicate whose cover already finished needs no callback: only pending covers are awaited. */
function parkUntilCallbacks(
	started: Array<CoverResult | Error>,
	timeoutMs: number,
): OperationResult {
	if (!started.some((outcome) => !(outcome instanceof Error) && outcome.status === 'pending')) {
		return { outcomes: started };
	}
	const waitTill = new Date(Date.now() + timeoutMs);
	const outcomes = started.map((outcome) =>
		outcome instanceof Error || outcome.status !== 'pending'
			? outcome
			: (awaitingCallbackItem(outcome, waitTill) as unknown as CoverResult),
	);
	return { outcomes, waitTill };
}
