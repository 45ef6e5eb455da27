import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** Generate's Wait Mode field and its choices (the field is declared once per provider group). */

export const noWait: INodePropertyOptions = {
	name: "Don't Wait",
	value: 'noWait',
	description:
		'Return the cover task ID at once; check later with Get Status or Wait for Completion',
};
export const poll: INodePropertyOptions = {
	name: 'Poll Until Done',
	value: 'poll',
	description:
		'Check the status of all items together until every cover is done or the timeout passes',
};
export const callback: INodePropertyOptions = {
	name: 'Wait for Callback',
	value: 'callback',
	description:
		"Park the execution without holding a worker; the provider's callback resumes it when every cover is done, or the timeout does",
};

export function waitModeProperty(options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Wait Mode',
		name: 'waitMode',
		type: 'options',
		noDataExpression: true,
		options,
		default: 'noWait',
		description: 'Whether to return at once or when the covers are ready',
	};
}
