import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_TIMEOUT_SECONDS,
} from '../util/constants';
import type { PollSettings } from '../covers/polling';
import { allProviders } from '../providers';
import type { ProviderAdapter } from '../providers/types';
import { boundForTool } from './tool';

/** "kie.ai taskId, udioapi.pro workId, ...": what each provider calls the music task's id. */
export function musicTaskIdNames(): string {
	return allProviders()
		.map((adapter) => `${adapter.displayName} ${adapter.musicTaskIdName}`)
		.join(', ');
}

/** "{{ $json.data.taskId }} from its music generate answer, ...": where one provider's id is. */
export function musicTaskIdExpressions(adapter: ProviderAdapter): string {
	return adapter.musicTaskIdSources
		.map(({ source, path }) => `{{ $json.${path} }} from its ${source}`)
		.join(', ');
}

/** Every provider's expressions, for a message that cannot know which music step came before. */
function allMusicTaskIdExpressions(): string {
	return allProviders()
		.map((adapter) => `${adapter.displayName}: ${musicTaskIdExpressions(adapter)}`)
		.join('; ');
}

/** A link someone mapped where an id belongs (a track or image URL). */
const LINK = /^https?:\/\//i;

function valueAt(json: IDataObject, path: string): unknown {
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined,
			json,
		);
}

/**
 * What to map instead of an object or URL: the known music-step field the input item has (the
 * expression exactly), else every provider's expressions.
 */
function musicTaskIdAdvice(ctx: IExecuteFunctions, itemIndex: number): string {
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	for (const adapter of allProviders()) {
		for (const { source, path } of adapter.musicTaskIdSources) {
			const found = valueAt(json, path);
			if (typeof found === 'string' && found.trim() !== '' && !LINK.test(found)) {
				return `This item has the id in ${path} (${adapter.displayName}'s ${source}): map {{ $json.${path} }}.`;
			}
		}
	}
	return `Map the id field of the music step's answer: ${allMusicTaskIdExpressions()}.`;
}

/** "a list", "an object" (also an object turned into text), or the value's type. */
function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	if ((typeof value === 'object' && value !== null) || value === '[object Object]')
		return 'an object';
	return typeof value;
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
	const isMusic = name === 'musicTaskId';
	if (isMusic && (text === undefined || text === '[object Object]')) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Music Task ID must be the music task's id, not ${kindOf(value)}`,
			{ itemIndex, description: musicTaskIdAdvice(ctx, itemIndex) },
		);
	}
	if (isMusic && text !== undefined && LINK.test(text)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Music Task ID "${text.slice(0, 60)}" is a URL, not the music task's id`,
			{ itemIndex, description: musicTaskIdAdvice(ctx, itemIndex) },
		);
	}
	if (text === undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
			{
				itemIndex,
				description: 'Map the task ID itself, e.g. {{ $json.coverTaskId }}, not an object or list.',
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
