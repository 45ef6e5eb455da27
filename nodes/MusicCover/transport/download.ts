import { NodeApiError } from 'n8n-workflow';
import type { IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';

import { REQUEST_TIMEOUT_MS, USER_AGENT } from '../util/constants';
import type { ProviderContext } from './context';
import { isTransientCode, withRetry } from './retry';

export interface DownloadedFile {
	body: Buffer;
	mimeType?: string;
}

function statusOf(error: unknown): number | undefined {
	const status = Number(
		(error as { httpCode?: unknown }).httpCode ?? (error as { status?: unknown }).status,
	);
	return Number.isFinite(status) ? status : undefined;
}

/**
 * Fetches a public file (a cover image) without the provider's credential: the API key must never
 * travel to a storage host. Network errors, 429 and 5xx are retried; an expired link (404) or a
 * refusal (403) is not.
 */
export async function downloadFile(
	ctx: ProviderContext,
	file: { url: string; label: string; itemIndex: number },
	signal?: AbortSignal,
): Promise<DownloadedFile> {
	return await withRetry<DownloadedFile>(
		async () => {
			try {
				const response = (await ctx.helpers.httpRequest({
					method: 'GET',
					url: file.url,
					encoding: 'arraybuffer',
					returnFullResponse: true,
					timeout: REQUEST_TIMEOUT_MS,
					headers: { 'User-Agent': USER_AGENT },
				})) as IN8nHttpFullResponse;
				const headers = response.headers as Record<string, string | undefined>;
				const mimeType = headers['content-type']?.split(';')[0]?.trim();
				return { done: true, value: { body: Buffer.from(response.body as ArrayBuffer), mimeType } };
			} catch (error) {
				return {
					done: false,
					retryable: isTransientCode(statusOf(error)),
					error: () =>
						new NodeApiError(
							ctx.getNode(),
							{
								url: file.url,
								message: String((error as { message?: string }).message ?? error),
							} as JsonObject,
							{
								message: `Could not download ${file.label}`,
								description: `${file.url} did not answer with the image. The provider keeps images for 14 days: for an older cover, generate it anew. Turn off "Download Images" to get only the URLs.`,
								itemIndex: file.itemIndex,
							},
						),
				};
			}
		},
		{ signal },
	);
}
