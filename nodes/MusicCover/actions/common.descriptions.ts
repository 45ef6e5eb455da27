import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_TIMEOUT_SECONDS,
} from '../helpers/constants';

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'kie.ai',
			value: 'kieAi',
			description: 'Suno covers through kie.ai',
		},
		{
			name: 'udioapi.pro',
			value: 'udioApiPro',
			description: 'Covers through udioapi.pro',
		},
		{
			name: 'apiin.one',
			value: 'apiinOne',
			description: 'Covers through apiin.one',
		},
	],
	default: 'kieAi',
	description: 'The service that generated the music and makes its cover',
};

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 10, maxValue: MAX_TIMEOUT_SECONDS },
	default: DEFAULT_TIMEOUT_SECONDS,
	description:
		'How long to wait for the covers before a still-running task becomes an error item carrying its cover task ID. The value of the first item applies to the whole run.',
};

export const pollIntervalOption: INodeProperties = {
	displayName: 'First Poll Interval (Seconds)',
	name: 'pollInterval',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 30 },
	default: DEFAULT_POLL_INTERVAL_SECONDS,
	description:
		'Pause before the second status check. Each pause is 1.5 times longer than the last, up to 30 seconds, as kie.ai recommends.',
};

export const downloadOption: INodeProperties = {
	displayName: 'Download Images',
	name: 'download',
	type: 'boolean',
	default: false,
	description:
		'Whether to download finished cover images into binary properties (cover_1, cover_2, ...) so the next node can upload them. Image URLs expire after 14 days.',
};

export const binaryPropertyPrefixOption: INodeProperties = {
	displayName: 'Binary Property Prefix',
	name: 'binaryPropertyPrefix',
	type: 'string',
	default: 'cover',
	description:
		'Name of the binary properties before the image number, e.g. "cover" gives cover_1, cover_2',
};

export const coverTaskIdProperty: INodeProperties = {
	displayName: 'Cover Task ID',
	name: 'coverTaskId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. {{ $json.coverTaskId }}',
	description: 'The cover task ID that the Generate operation returned',
};

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}
