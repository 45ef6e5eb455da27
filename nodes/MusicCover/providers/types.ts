import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

export type ProviderId = 'kieAi' | 'udioApiPro' | 'apiinOne';

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
	/** Which attempt of the request this answer came from (1 unless the transport retried). */
	attempt?: number;
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

export interface ProviderAdapter {
	id: ProviderId;
	displayName: string;
	credentialType: string;
	/** True when a repeated generate for the same music task returns the existing cover task id. */
	duplicateReturnsExistingId: boolean;
	/** True when the provider can POST the result to a callback URL (kie.ai). */
	supportsCallbacks: boolean;
	generateRequest(musicTaskId: string, callbackUrl: string | undefined): ProviderRequest;
	/** Envelope codes that are not failures of the generate call (for example a duplicate). */
	isGenerateAnswer(envelope: ProviderEnvelope): boolean;
	parseGenerate(envelope: ProviderEnvelope): GenerateAnswer;
	statusRequest(coverTaskId: string): ProviderRequest;
	parseStatus(envelope: ProviderEnvelope, coverTaskId: string): CoverResult;
	/** What the user should do about this provider's error code, when it differs from the usual. */
	hintFor(code: number): string | undefined;
}
