import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { description as coverOperations } from './actions/cover';
import { router } from './actions/router';
import { noRegistrationNeeded } from './callbacks/registration';
import { resumeOnCallback } from './callbacks/resume';
import {
	credentialPlacement,
	DEFAULT_NODE_VERSION,
	musicTaskIdFields,
	NODE_VERSIONS,
	providerCredentials,
	providerProperty,
} from './descriptions';
import { allProviders, providerNames, triggerProvider } from './providers';

/** A ternary chain that turns a parameter's stored value into its label, for the subtitle. */
function labelOf(parameter: string, labels: Array<{ value: string; name: string }>): string {
	return labels.reduce(
		(otherwise, { value, name }) =>
			`($parameter["${parameter}"] === ${JSON.stringify(value)} ? ${JSON.stringify(name)} : ${otherwise})`,
		`$parameter["${parameter}"]`,
	);
}

/** "Generate · kie.ai" under the node on the canvas, not the stored values. */
function humanSubtitle(): string {
	const operations = (coverOperations[0].options ?? []) as Array<{ value: string; name: string }>;
	const providers = allProviders().map((adapter) => ({
		value: adapter.id,
		name: adapter.displayName,
	}));
	return `={{ ${labelOf('operation', operations)} + " · " + ${labelOf('provider', providers)} }}`;
}

export class MusicCover implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Music Cover',
		name: 'musicCover',
		icon: { light: 'file:musicCover.svg', dark: 'file:musicCover.dark.svg' },
		group: ['transform'],
		version: NODE_VERSIONS,
		defaultVersion: DEFAULT_NODE_VERSION,
		subtitle: humanSubtitle(),
		description: `Generate cover art for AI music tracks with ${providerNames()}`,
		defaults: { name: 'Music Cover' },
		usableAsTool: true,
		// What n8n 2.x's AI workflow builder is told; written here so n8n's lint checks the texts.
		builderHint: {
			searchHint: `Cover art images for AI music tracks (Suno, Udio) from ${providerNames()}. Place it after the music generation step and map that step's task id into Music Task ID (${musicTaskIdFields()}). Generate with Wait Mode "Poll Until Done" and the option One Item per Image gives one item per image with the file in binary data, ready for an upload node. Get Credits reads the balance; the Generate option Check Credits First refuses a batch the account cannot pay for.`,
			relatedNodes: [
				{
					nodeType: 'n8n-nodes-base.httpRequest',
					relationHint: 'Starts the music generation whose task id this node needs',
				},
				{
					nodeType: 'n8n-nodes-base.googleDrive',
					relationHint: 'Uploads each cover image: One Item per Image puts it in binary data',
				},
				{
					nodeType: 'n8n-nodes-base.awsS3',
					relationHint: 'Uploads each cover image: One Item per Image puts it in binary data',
				},
				{
					nodeType: 'n8n-nodes-base.youTube',
					relationHint:
						"Publishes the track's video; One Item per Image gives each cover image as binary data",
				},
				{
					nodeType: 'n8n-nodes-music-cover.musicCoverTrigger',
					relationHint: `Receives ${triggerProvider().displayName}'s callback when Generate sends it to the trigger's Callback URL`,
				},
			],
		},
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials,
		// The resume URL of a parked execution (Generate > Wait for Callback): the provider posts there.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: '',
				restartWebhook: true,
			},
		],
		properties: [providerProperty, credentialPlacement, ...coverOperations],
	};

	webhookMethods = noRegistrationNeeded;

	webhook = resumeOnCallback;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
