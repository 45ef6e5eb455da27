import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';
import type { ZodTypeAny } from 'zod';

/** A provider's id as stored in workflows (`provider` parameter): a key of the registry. */
export type ProviderId = string;

export type CoverStatus = 'pending' | 'success' | 'failed';

/** The one shape every operation and the trigger return, whatever the provider (public contract). */
export interface CoverResult {
	provider: ProviderId;
	coverTaskId: string;
	musicTaskId?: string;
	status: CoverStatus;
	providerStatus: string;
	images: string[];
	error?: { code: string | number; message: string };
	createdAt?: string;
	completedAt?: string;
}

/** A provider's answer after its envelope quirks are read: `code` 200 means success. */
export interface ProviderEnvelope {
	httpStatus: number;
	code: number;
	message: string;
	data: unknown;
	/**
	 * True when an earlier attempt of this request may have been carried out although this answer
	 * came from a later one: its answer was lost (network error, timeout, cut-off body) or was a
	 * server fault (5xx). A rate-limited attempt was dropped, so it does not count.
	 */
	earlierAttemptMayHaveActed?: boolean;
}

export interface ProviderRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's base URL, starting with a slash. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
}

export interface GenerateAnswer {
	/** Missing only when the provider refused a duplicate without telling the existing id. */
	coverTaskId?: string;
	duplicate: boolean;
	message: string;
}

/** An account's balance, the same shape whatever the provider (Get Credits). */
export interface CreditBalance {
	provider: ProviderId;
	/** Credits left to spend. */
	credits: number;
	/** Credits spent so far, where the provider tells. */
	usedCredits?: number;
}

/** How a provider that tells the account's balance is asked. */
export interface CreditSupport {
	request: ProviderRequest;
	parse(envelope: ProviderEnvelope): Omit<CreditBalance, 'provider'>;
}

/** Credits one cover generate costs, and where that figure comes from. */
export interface CoverCost {
	credits: number;
	/** The provider's page that states it, or why the figure is assumed. */
	source: string;
	/** True when no provider page states the price (the figure is a guess). */
	assumed?: boolean;
}

/** One place a music step hands on its task id: which answer, and the field path in it. */
export interface MusicTaskIdSource {
	/** e.g. "music generate answer" */
	source: string;
	/** The field path in that item's JSON, e.g. "data.taskId". */
	path: string;
}

export interface ParsedCallback {
	coverTaskId: string;
	result: CoverResult;
}

/**
 * `otherTask`: a callback of another kind of task on the same account (signed with the same key),
 * answered so that the provider stops sending it, and otherwise ignored.
 */
export type CallbackParse =
	| { ok: true; callback: ParsedCallback }
	| { ok: false; reason: string; otherTask?: boolean };

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

/** How a provider that POSTs results to a callback URL delivers and signs them. */
export interface CallbackSupport {
	/** Request headers (lower case) that carry the signature and its timestamp. */
	signatureHeader: string;
	timestampHeader: string;
	/** The credential field holding the signing key; empty means callbacks are unsigned. */
	signingKeyField: string;
	/** A larger body is not a callback. */
	maxBytes: number;
	/** How far a signature's timestamp may be from now: a replay after that fails the check. */
	signatureToleranceSeconds: number;
	parse(body: unknown): CallbackParse;
	verify(input: {
		key: string;
		taskId: string;
		signature: string | undefined;
		timestamp: string | undefined;
		nowSeconds: number;
	}): SignatureCheck;
}

/**
 * What an adapter knows of its provider's answers, read from the same schemas and status words it
 * parses with. Nothing in the node reads it: the live check (`npm run test:live`) reports anything
 * else in a real answer as drift.
 */
export interface KnownAnswers {
	/** Envelope codes the provider's pages name (success included). */
	codes: readonly number[];
	/** The schema `parseGenerate` reads `data` with. */
	generateData: ZodTypeAny;
	/** The schema `parseStatus` reads `data` with. */
	statusData: ZodTypeAny;
	/** The `providerStatus` words `parseStatus` maps; any other is read as still running. */
	statusWords: readonly string[];
}

export interface ProviderAdapter {
	id: ProviderId;
	displayName: string;
	/** The provider option's description in the node. */
	description: string;
	/** What one cover costs (Check Credits First, the tool description). */
	coverCost: CoverCost;
	credentialType: string;
	/** What the provider calls the music task's id, for field descriptions ("taskId", "workId"). */
	musicTaskIdName: string;
	/** Where the provider's music steps put that id, for the field's examples and error messages. */
	musicTaskIdSources: readonly MusicTaskIdSource[];
	/**
	 * What the provider's page says about generating a cover before the music is finished (none
	 * documents the answer it then gives): added to a refused generate's error.
	 */
	finishedMusicNote: string;
	/** True when a repeated generate for the same music task returns the existing cover task id. */
	duplicateReturnsExistingId: boolean;
	/** Envelope codes besides 429 and 5xx after which the same request may succeed later. */
	transientCodes: readonly number[];
	/**
	 * Envelope codes besides 429 that mean "too many requests": the provider dropped the request
	 * unheard, so sending it again later is free, a paid create included.
	 */
	rateLimitCodes: readonly number[];
	/**
	 * The provider's documented limit on new generations, per account. Creates are spaced to stay
	 * under it; without one, the node only reacts to rate-limit answers.
	 */
	createLimit?: { requests: number; perMs: number };
	/** Present when the provider documents an endpoint for the account's credits. */
	credits?: CreditSupport;
	/** Present when the provider can POST the result to a callback URL. */
	callbacks?: CallbackSupport;
	generateRequest(musicTaskId: string, callbackUrl: string | undefined): ProviderRequest;
	/** Envelope codes that are not failures of the generate call (for example a duplicate). */
	isGenerateAnswer(envelope: ProviderEnvelope): boolean;
	parseGenerate(envelope: ProviderEnvelope): GenerateAnswer;
	statusRequest(coverTaskId: string): ProviderRequest;
	parseStatus(envelope: ProviderEnvelope, coverTaskId: string): CoverResult;
	/** What the user should do about this provider's error code, when it differs from the usual. */
	hintFor(code: number): string | undefined;
	/** For the live check only (test/live): what this adapter expects of the provider's answers. */
	knownAnswers: KnownAnswers;
}
