import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_TIMEOUT_SECONDS,
} from '../util/constants';
import type { PollSettings } from '../covers/polling';
import { allProviders } from '../providers';
import { boundForTool } from './tool';

/** "kie.ai taskId, udioapi.pro workId, ...": what each provider calls the music task's id. */
export function musicTaskIdNames(): string {
	return allProviders()
		.map((adapter) => `${adapter.displayName} ${adapter.musicTaskIdName}`)
		.join(', ');
}

/** Reads a required id parameter; numbers from expressions are accepted, anything else is refused. */
export function readTaskId(
	ctx: IExecuteFunctions,
	name: 'musicTaskId' | 'coverTaskId',
	itemIndex: number,
): string {
	const label = name === 'musicTaskId' ? 'Music Task ID' : 'Cover Task ID';
	const value = (ctx.getNodeParameter(name, itemIndex, '') as unknown) ?? '';
	const text =
		typeof value === 'number'
			? String(value)
			: typeof value === 'string'
				? value.trim()
				: undefined;
	if (text === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
			{
				itemIndex,
				description: `Map the task ID itself, e.g. {{ $json.${name === 'musicTaskId' ? 'taskId' : 'coverTaskId'} }}, not an object or list.`,
			},
		);
	}
	// An error item of an earlier step (Continue On Fail) has no id: its own error is the reason.
	const earlierError = ctx.getInputData()[itemIndex]?.json?.error;
	if (text === '' && typeof earlierError === 'string') {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} is empty: this item failed earlier (${earlierError.slice(0, 300)})`,
			{
				itemIndex,
				description:
					'The item carries the error of an earlier step instead of an ID: fix that step, or route error items (with an errorCode) away before this node.',
			},
		);
	}
	if (text === '') {
		throw new NodeOperationError(ctx.getNode(), `${label} is empty`, {
			itemIndex,
			description:
				name === 'musicTaskId'
					? `Enter the task ID of the finished music generation (${musicTaskIdNames()}).`
					: 'Enter the cover task ID returned by the Generate operation.',
		});
	}
	if (text.length > 200 || /\s/.test(text)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} "${text.slice(0, 40)}" is not a task ID`,
			{
				itemIndex,
				description: 'A task ID is a single word of letters, digits and dashes, without spaces.',
			},
		);
	}
	return text;
}

export function readOptions(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	return ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
}

function boundedNumber(
	ctx: IExecuteFunctions,
	value: unknown,
	label: string,
	bounds: { min: number; max: number; fallback: number },
): number {
	if (value === undefined || value === null || value === '') return bounds.fallback;
	const number = Number(value);
	if (!Number.isFinite(number) || number < bounds.min || number > bounds.max) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be a number from ${bounds.min} to ${bounds.max}`,
			{
				itemIndex: 0,
				description: `Got ${JSON.stringify(value)}. Set it under Options.`,
			},
		);
	}
	return number;
}

/** The wait applies to all items of a run at once, so the first item's options set it. */
export function readPollSettings(ctx: IExecuteFunctions): PollSettings {
	const options = readOptions(ctx, 0);
	const timeout = boundedNumber(ctx, options.timeout, 'Timeout (Seconds)', {
		min: 10,
		max: MAX_TIMEOUT_SECONDS,
		fallback: DEFAULT_TIMEOUT_SECONDS,
	});
	const interval = boundedNumber(ctx, options.pollInterval, 'Poll Interval (Seconds)', {
		min: 1,
		max: 30,
		fallback: DEFAULT_POLL_INTERVAL_SECONDS,
	});
	return boundForTool(ctx, {
		timeoutMs: timeout * 1000,
		initialIntervalMs: interval * 1000,
		signal: ctx.getExecutionCancelSignal(),
	});
}

/** The user's own callback URL (a Music Cover Trigger, say); empty means none. */
export function readCallbackUrl(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
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
