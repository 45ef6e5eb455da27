import type { INodeCredentialDescription, INodeProperties } from 'n8n-workflow';

import { allProviders, DEFAULT_PROVIDER_ID } from './providers';
import {
	DEFAULT_POLL_INTERVAL_SECONDS,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_TIMEOUT_SECONDS,
} from './util/constants';

/**
 * Versions of both nodes. 1.1 is 1 with nothing changed for the user: n8n evaluates the `binaryData`
 * option of its own Webhook node v1 in an expression isolate on every webhook call to any node at
 * version 1 (a callback to a parked run, the trigger's callbacks) and skips that from 1.1 on, which
 * saves main's CPU in a burst of callbacks. Workflows saved at version 1 keep working as before.
 */
export const NODE_VERSIONS = [1, 1.1];
export const DEFAULT_NODE_VERSION = 1.1;

/**
 * Versions of the Music Cover Trigger: 1.2 confirms each callback by reading the cover's status
 * unless Confirm Status is turned off (kie.ai's signature does not cover the body, so a signed
 * callback seen once could be sent again with other images), and starts no second run for a
 * signed delivery it accepted already. Triggers saved at 1 or 1.1 keep trusting the body unless
 * Confirm Status is on, and keep starting a run for each delivery.
 */
export const TRIGGER_NODE_VERSIONS = [...NODE_VERSIONS, 1.2];
export const DEFAULT_TRIGGER_NODE_VERSION = 1.2;
/** The first trigger version that confirms by default and remembers accepted deliveries. */
export const TRIGGER_CONFIRMS_FROM = 1.2;

/** The Provider field: one option per registered provider, the registry's first as default. */
export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: allProviders().map((adapter) => ({
		name: adapter.displayName,
		value: adapter.id,
		description: adapter.description,
	})),
	default: DEFAULT_PROVIDER_ID,
	description: 'The service that generated the music and makes its cover',
};

/**
 * One credential per provider, asked for only when that provider is chosen. Written as "hide
 * for every other provider", not "show for this one": n8n's editor takes a parameter named in
 * the credentials' `show` conditions for the node's main auth field, hides it, merges all the
 * credentials into one dropdown and sets the provider from whichever credential it picks. With
 * `hide`, Provider stays a visible, deliberate choice.
 */
export const providerCredentials: INodeCredentialDescription[] = allProviders().map((adapter) => ({
	name: adapter.credentialType,
	required: true,
	displayOptions: {
		hide: {
			provider: allProviders()
				.filter((other) => other.id !== adapter.id)
				.map((other) => other.id),
		},
	},
}));

/** Where the editor puts the credential field: right under Provider. */
export const credentialPlacement: INodeProperties = {
	displayName: 'Credential',
	name: 'credentialPlacement',
	type: 'credentials',
	default: '',
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
	displayName: 'Poll Interval (Seconds)',
	name: 'pollInterval',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 30 },
	default: DEFAULT_POLL_INTERVAL_SECONDS,
	description:
		"Pause between status checks during a cover's first minute. Later each pause is 1.5 times longer, up to 30 seconds. A cover this run just started is first checked after 2.1 intervals. Once some covers are ready, the others are checked more often.",
};

export const downloadOption: INodeProperties = {
	displayName: 'Download Images',
	name: 'download',
	type: 'boolean',
	default: false,
	description:
		'Whether to download finished cover images into binary properties (cover_1, cover_2, ...) so the next node can upload them. Image URLs expire after 14 days.',
};

/** One item per image, for upload nodes: see covers/imageItems.ts. */
export const oneItemPerImageOption: INodeProperties = {
	displayName: 'One Item per Image',
	name: 'oneItemPerImage',
	type: 'boolean',
	default: false,
	description:
		"Whether to output each image of a finished cover as its own item, with the image in the binary property 'data' (what the Google Drive, S3 and YouTube nodes upload by default) and the cover's fields plus imagePosition and imageUrl. Downloads the images whether or not Download Images is on. A failed or unfinished cover stays one item.",
};

export const binaryPropertyPrefixOption: INodeProperties = {
	displayName: 'Binary Property Prefix',
	name: 'binaryPropertyPrefix',
	type: 'string',
	default: 'cover',
	description:
		'Name of the binary properties before the image number, e.g. "cover" gives cover_1, cover_2',
};

/** The prefix matters only when images are downloaded. */
export const binaryPrefixWhenDownloading: INodeProperties = {
	...binaryPropertyPrefixOption,
	displayOptions: { show: { download: [true] } },
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

/** What Generate does when the track already has a cover (each track can get one). */
export const onDuplicateOption: INodeProperties = {
	displayName: 'On Duplicate',
	name: 'onDuplicate',
	type: 'options',
	options: [
		{
			name: 'Use Existing Cover',
			value: 'useExisting',
			description:
				'Continue with the cover the track already has (at no charge) where the provider returns its ID; error where it does not',
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

/** "kie.ai: data.taskId of its music generate answer or ...; ...": where each provider's id is. */
export function musicTaskIdFields(): string {
	return allProviders()
		.map(
			(adapter) =>
				`${adapter.displayName}: ${adapter.musicTaskIdSources.map(({ source, path }) => `${path} of its ${source}`).join(' or ')}`,
		)
		.join('; ');
}
