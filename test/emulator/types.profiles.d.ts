/**
 * Types of the provider emulator: a provider profile (profiles/<id>.js) and what it answers.
 * Re-exported by ./types.d.ts, where tests and modules import them from.
 */
import type { CoverTask, EmulatorOptions } from './types';

/** A provider profile's name (providers.js PROFILES): the same id as the node's registry uses. */
export type ProviderName = string;
/** `musicGenerate` / `musicStatus`: kie.ai's music generation (kieMusic.js), routed by kie.ai only. */
export type ApiEndpoint =
	| 'generate'
	| 'status'
	| 'credits'
	| 'musicGenerate'
	| 'musicStatus'
	| 'unknown';
export type TaskPhase = 'pending' | 'generating' | 'success' | 'failed';

/** An answer a profile builds: HTTP status, body (object -> JSON, string -> HTML or contentType). */
export interface Answer {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
	contentType?: string;
}

/**
 * One emulated provider (profiles/<id>.js, listed in providers.js). The first fields are what tests
 * need to know of it; the rest is how it answers.
 */
export interface Profile {
	/** the provider id, the same as the node's registry (nodes/MusicCover/providers) uses. */
	name: ProviderName;
	/** how people write the provider's name ("kie.ai"): the adapter's displayName. */
	displayName: string;
	/** the n8n credential type the node uses for it: the adapter's credentialType. */
	credentialType: string;
	/** the API key the emulator accepts unless told another. */
	defaultKey: string;
	/** environment variable of cli.js that sets that key. */
	keyEnv: string;
	/** mount point; the credential's base URL is `${url}${prefix}`. */
	prefix: string;
	/** POSTs a cover's result to its callBackUrl when it turns terminal (adapter has `callbacks`). */
	sendsCallbacks: boolean;
	/** the credential field for the callbacks' signing key (kieWebhookHmacKey); null without callbacks. */
	signingKeyField: string | null;
	/** `'METHOD /path'` below the prefix -> endpoint. */
	routes: Record<string, ApiEndpoint>;
	/** generate body fields the server reads the music task id from. */
	musicTaskIdFields(options: EmulatorOptions): string[];
	/** code of the answer to a generate without the music task id. */
	invalidParamsCode: number;
	/** query parameter of the status endpoint. */
	statusIdParam: string;
	newCoverId(): string;
	/** answers requests without User-Agent with Cloudflare's 403. */
	cloudflare: boolean;
	requireCallBackUrl: boolean;
	/** generate is limited per key (kieRateLimit). */
	rateLimited: boolean;
	/** default error message per code. */
	messages: Record<number, string>;
	taskNotFound: string;
	ok(data: unknown): Answer;
	error(code: number, message: string, extra?: { data?: unknown; httpStatus?: number }): Answer;
	/** null: no credits endpoint (404). */
	credits: ((options: EmulatorOptions) => Answer) | null;
	duplicate(
		existingCoverId: string,
		options: EmulatorOptions,
	): { code: number; message: string; data?: unknown };
	/** the `data` of a status answer for the task as it is shown now. */
	statusData(task: CoverTask, options: EmulatorOptions): Record<string, unknown>;
}
