import type { ProviderAdapter } from '../providers/types';
import { isRateLimitCode } from './retry';

/** What to do about each code when the provider's adapter has nothing more specific to say. */
const GENERIC_HINTS: Record<number, string> = {
	400: 'The provider refused the request: check the task id you passed.',
	401: "The API key was refused: check the API key in this provider's credential.",
	402: 'The account is out of credits: top it up at the provider, then run the node again.',
	403: 'The provider refused access: check the API key and the base URL in the credential.',
	404: 'The provider does not know this task: check the task id, and that it was made with this provider and account.',
	409: 'A cover already exists for this music task.',
	422: 'The provider rejected the request parameters: check the task id (and, for a callback, the callback URL).',
	429: 'Rate limited by the provider: run fewer items at once or add a Wait node before this one.',
	500: 'The provider had an internal error: try again later.',
	502: "The provider's gateway failed: try again later, and check the base URL in the credential.",
	503: 'The provider is unavailable: try again later.',
	504: 'The provider timed out: try again later.',
};

export function hintFor(adapter: ProviderAdapter, code: number): string {
	return (
		adapter.hintFor(code) ??
		GENERIC_HINTS[isRateLimitCode(code, adapter.rateLimitCodes) ? 429 : code] ??
		(code >= 500 ? GENERIC_HINTS[500] : 'Check the task id and the credential, then try again.')
	);
}

/** Removes secrets a provider might echo back (for example in a 401 message). */
export function redact(text: string, secrets: string[]): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((result, secret) => result.split(secret).join('***'), text);
}
