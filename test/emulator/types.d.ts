/**
 * Types of the provider emulator. Type-only: its modules import them in JSDoc and are checked
 * against them (`// @ts-check`); index.js re-exports the public ones as typedefs, so TypeScript
 * tests can `import { createEmulator, type Emulator } from '../emulator'` (the project has allowJs).
 */

import type { ApiEndpoint, ProviderName, TaskPhase } from './types.profiles';
import type {
	CallbackLogEntry,
	SendKieCallbackOptions,
	SendKieCallbackResult,
	SendKieMusicCallbackOptions,
} from './types.callbacks';

export * from './types.profiles';
export * from './types.callbacks';

export interface EmulatorOptions {
	/** ms from creation until a cover task is terminal (default 1500). kie: successFlag 0, then 2 after half of it. */
	readyAfterMs: number;
	/** ms added before every provider API answer (default 0). */
	responseDelayMs: number;
	/** test device: ms before every image answer, a file host's latency (default 0). */
	imageDelayMs: number;
	/** valid API keys (defaults kie-test-key, udio-test-key, aio_test_key). */
	keys: Record<ProviderName, string>;
	/** kie record-info style: integer `successFlag` (default) or a `status` string. */
	kieStatusStyle: 'successFlag' | 'status';
	/** body code of kie's duplicate answer (default 400). */
	kieDuplicateCode: 400 | 409;
	/**
	 * kie generate sliding window per key (default 20 per 10000 ms) and the body code of a refused
	 * generate: 429 (kie.ai's cover page, default) or 430 "call frequency too high" (sibling pages of
	 * kie.ai's doc family; assumed for kie.ai itself, PROVIDERS.md "What no page says").
	 */
	kieRateLimit: { max: number; windowMs: number; code: 429 | 430 };
	/** kie answers a request without User-Agent with Cloudflare's 403 page (default true). */
	kieRequireUserAgent: boolean;
	/** when set, kie callbacks carry X-Webhook-Timestamp / X-Webhook-Signature (default null). */
	kieWebhookHmacKey: string | null;
	/** key in callback `data` that carries the cover task id (default 'taskId'). */
	kieCallbackIdField: 'taskId' | 'task_id';
	/**
	 * ASSUMED (no page says whether it happens): ms kie.ai's record-info keeps showing a cover as
	 * generating after its callback went out (default 0).
	 */
	kieRecordLagMs: number;
	/**
	 * ms from a kie.ai music generate (kieMusic.js) until its record shows SUCCESS (default 3000);
	 * before that a cover generate naming it is refused (ASSUMED, kieMusic.js unfinishedMusic).
	 */
	kieMusicReadyAfterMs: number;
	/** how many times the same callback is delivered (default 1; 0 disables callbacks). */
	callbackDeliveries: number;
	/** retries after a non-2xx answer or a network error (default 3): ASSUMED, no kie.ai page says it retries. */
	callbackRetries: number;
	/** pause between retries (default 1000). */
	callbackRetryDelayMs: number;
	/** timeout of one callback POST (default 15000). */
	callbackTimeoutMs: number;
	/** apiin status while a task runs (default 'IN_PROGRESS'). */
	apiinPendingStatus: string;
	/**
	 * the one generate body field apiin.one reads the music task id from (default 'task_id', its
	 * current pages; 'taskId' in the seed and older pages); without it: HTTP 400 bad_request.
	 */
	apiinTaskIdField: 'task_id' | 'taskId';
	/** kie credit balance (default 100). */
	kieCredits: number;
	/** udio credits answer (default { credits: 195, used_credits: 5 }). */
	udioCredits: { credits: number; used_credits: number };
	/**
	 * Test device, not a provider quirk: answers that drifted from every page, for the live check's
	 * own test. `dataFields` are added to the `data` of every generate and status answer;
	 * `runningStatus` replaces the status word (kie: `successFlag` or `status`) while a task runs.
	 */
	drift: { dataFields: Record<string, unknown>; runningStatus: string | number | null };
}

export type EmulatorOptionsInput = Partial<
	Omit<EmulatorOptions, 'keys' | 'kieRateLimit' | 'udioCredits' | 'drift'>
> & {
	keys?: Partial<EmulatorOptions['keys']>;
	kieRateLimit?: Partial<EmulatorOptions['kieRateLimit']>;
	udioCredits?: Partial<EmulatorOptions['udioCredits']>;
	drift?: Partial<EmulatorOptions['drift']>;
};

export interface Fault {
	/** which provider's answers to replace; 'images' targets GET /images/... */
	provider: ProviderName | 'images';
	/** default 'any' */
	endpoint?: ApiEndpoint | 'image' | 'any';
	/** numeric: that provider's error format; 'html': 502 HTML page; 'reset': socket destroyed; 'hang': never answered. */
	code: number | 'html' | 'reset' | 'hang';
	/** how many matching answers to replace (default 1). */
	times?: number;
	/** seconds, sent as Retry-After. */
	retryAfter?: number;
	/** error message (default: the provider's message for the code). */
	message?: string;
	/** HTTP status to force (kie otherwise answers HTTP 200 with the code in the body). */
	httpStatus?: number;
	/** handle the request first (create the task, charge), then replace the answer: a lost response. */
	afterHandling?: boolean;
	/** only answers about this task: a status read of this cover id, a generate of this music task id, an image `<coverTaskId>_<n>`. */
	taskId?: string;
}

export interface RequestLogEntry {
	provider: ProviderName | 'images';
	endpoint: ApiEndpoint | 'image';
	/** the cover id of a status read, the music task id of a generate, `<coverTaskId>_<n>` of an image; null otherwise. */
	taskId?: string | null;
	method: string;
	path: string;
	query: Record<string, string>;
	/** lower-case names; authorization redacted to 'Bearer ***'. */
	headers: Record<string, string>;
	/** the bearer key was the valid one (always true for images). */
	authorized: boolean;
	/** parsed JSON, raw text when not JSON, null when empty. */
	body: unknown;
	/** epoch ms */
	at: number;
	/** set once answered (provider API and image requests). */
	answer?: AnswerLogEntry;
}

/** What a provider API request was answered. */
export interface AnswerLogEntry {
	/** null when the answer was a fault without one ('reset', 'hang'). */
	httpStatus: number | null;
	/** the provider's code: the body's (kie.ai always, udioapi.pro/apiin.one errors) or the HTTP status. */
	code: number | null;
	/** status reads of a known task: the phase the answer showed. */
	phase?: TaskPhase;
	fault?: 'reset' | 'hang';
	/** epoch ms the answer was sent (or the socket dropped); a hung request is logged at once. */
	at: number;
}

export interface CoverTask {
	provider: ProviderName;
	coverTaskId: string;
	musicTaskId: string;
	/** null: never finishes ('never...' music ids). */
	outcome: 'success' | 'failed' | null;
	createdAt: number;
	generatingAt: number;
	readyAt: number | null;
	callBackUrl: string | null;
	phase: TaskPhase;
	images: string[] | null;
}

/** One request to the OpenAI-compatible chat endpoint (openai.js), as it came and was answered. */
export interface ChatRequestLogEntry {
	/** epoch ms */
	at: number;
	/** the request body (model, messages, tools, ...) */
	body: unknown;
	/** the chat completion (or OpenAI error) answered */
	answer: unknown;
}

/** The base URL of each emulated provider, for its credential. */
export type BaseUrls = Record<ProviderName, string>;

export interface Emulator {
	/** Listens on 127.0.0.1 (port 0 = any free port); resolves with `http://127.0.0.1:PORT`. */
	start(port?: number): Promise<string>;
	/** Closes the server and its connections and cancels every timer and outgoing callback. */
	stop(): Promise<void>;
	readonly url: string;
	readonly baseUrls: BaseUrls;
	readonly keys: Record<ProviderName, string>;
	readonly options: Readonly<EmulatorOptions>;
	/**
	 * The deterministic OpenAI-compatible chat model (openai.js): an OpenAI credential's Base URL
	 * and API key, and the log of its chat completion requests (cleared in place by reset).
	 */
	readonly openAi: { baseUrl: string; key: string; requests: ChatRequestLogEntry[] };
	/** live log of provider API and image requests (cleared in place by reset). */
	readonly requests: RequestLogEntry[];
	/** live log of callback POSTs (cleared in place by reset). */
	readonly callbacks: CallbackLogEntry[];
	/** Forget tasks, logs, faults, rate windows and pending callbacks; options back to the constructor's. */
	reset(): void;
	/** Merge options (validated; throws on unknown names or bad values). */
	configure(partial: EmulatorOptionsInput): Readonly<EmulatorOptions>;
	injectFault(fault: Fault): void;
	pendingFaults(): Fault[];
	sendKieCallback(opts: SendKieCallbackOptions): Promise<SendKieCallbackResult>;
	/** POSTs a signed kie.ai music callback (logged in `callbacks` with the music task id). */
	sendKieMusicCallback(opts: SendKieMusicCallbackOptions): Promise<SendKieCallbackResult>;
	/** PNG bytes served for `/images/<fileName>` (fileName like `<coverTaskId>_1.png`). */
	imageBytes(fileName: string): Buffer;
	imageUrls(coverTaskId: string): string[];
	getCoverTask(coverTaskId: string): CoverTask | undefined;
	/** the cover task created for a music task id on a provider. */
	findCoverTask(provider: ProviderName, musicTaskId: string): CoverTask | undefined;
	listTasks(provider?: ProviderName): CoverTask[];
	/** Make a task terminal now (default: its planned outcome, or success) and fire its kie callback. */
	completeTask(coverTaskId: string, outcome?: 'success' | 'failed'): CoverTask;
}
