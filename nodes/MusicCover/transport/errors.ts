import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { ProviderAdapter, ProviderEnvelope } from '../providers/types';
import { hintFor, redact } from './hints';

/**
 * NodeApiError swaps a message that mentions a Node.js error code (ECONNRESET, ENOTFOUND, ...) for
 * n8n's generic sentence, which would drop the provider's name: the message is set back.
 */
function keepMessage(error: NodeApiError, message: string): NodeApiError {
	error.message = message;
	return error;
}

export function providerError(
	node: INode,
	adapter: ProviderAdapter,
	envelope: ProviderEnvelope & { nonJson?: boolean },
	secrets: string[],
	itemIndex?: number,
): NodeApiError {
	const remote = redact(envelope.message, secrets) || 'no message';
	const message = envelope.nonJson
		? `${adapter.displayName} ${remote}`
		: `${adapter.displayName} answered code ${envelope.code}: ${remote}`;
	const description = envelope.nonJson
		? 'The provider answered with a page instead of JSON: usually a wrong base URL in the credential, or a gateway or proxy error. Try again later if the base URL is right.'
		: hintFor(adapter, envelope.code);
	const response: JsonObject = {
		provider: adapter.id,
		code: envelope.code,
		httpStatus: envelope.httpStatus,
		message: remote,
	};
	return keepMessage(
		new NodeApiError(node, response, {
			message,
			description,
			httpCode: String(envelope.code),
			itemIndex,
		}),
		message,
	);
}

/**
 * The Node.js code of a failed request (ECONNRESET, ENOTFOUND, ...). n8n's authenticated request
 * helper wraps the axios error into a NodeApiError whose message is n8n's generic sentence and
 * whose `cause` keeps the code.
 */
function networkReason(cause: unknown): string {
	const details = cause as
		| {
				code?: unknown;
				httpCode?: unknown;
				message?: unknown;
				cause?: { code?: unknown };
		  }
		| undefined;
	for (const candidate of [details?.code, details?.cause?.code, details?.httpCode]) {
		if (typeof candidate === 'string' && candidate !== '') return candidate;
	}
	return String(details?.message ?? 'unknown error');
}

export function networkError(
	node: INode,
	adapter: ProviderAdapter,
	cause: unknown,
	secrets: string[],
	itemIndex?: number,
): NodeApiError {
	const reason = redact(networkReason(cause), secrets);
	const message = `Could not reach ${adapter.displayName}: ${reason}`;
	// No `code` key in the response: NodeApiError would take a network code such as ECONNRESET as
	// the HTTP code, and a network failure must keep httpCode null (it is worth another read).
	return keepMessage(
		new NodeApiError(
			node,
			{ provider: adapter.id, networkError: reason },
			{
				message,
				description:
					'Check the base URL in the credential and that n8n can reach it (proxy, firewall, DNS), then try again.',
				itemIndex,
			},
		),
		message,
	);
}

/**
 * A success answer whose data does not have the provider's documented shape (for example a 200
 * without `data`): named after the provider instead of surfacing a raw schema error. Not transient
 * (httpCode is the answer's 2xx status), so a wait does not spin on it until its deadline.
 */
export function unexpectedAnswerError(
	node: INode,
	adapter: ProviderAdapter,
	envelope: ProviderEnvelope,
	cause: unknown,
	itemIndex?: number,
): NodeApiError {
	const issue = (
		cause as {
			issues?: Array<{ path: Array<string | number>; message: string }>;
		}
	)?.issues?.[0];
	const detail = issue
		? `${['data', ...issue.path].join('.')}: ${issue.message}`
		: String((cause as { message?: unknown })?.message ?? cause);
	const message = `${adapter.displayName} answered in an unexpected shape (${detail})`;
	return keepMessage(
		new NodeApiError(
			node,
			{
				provider: adapter.id,
				code: envelope.code,
				httpStatus: envelope.httpStatus,
				message: detail,
			},
			{
				message,
				description:
					"The provider's answer does not match its documented format, so the cover's state is unknown. Try again later; if it persists, the provider may have changed its API: check the base URL in the credential and report it to the node's maintainers.",
				httpCode: String(envelope.httpStatus),
				itemIndex,
			},
		),
		message,
	);
}
