import { NodeApiError } from 'n8n-workflow';
import type {
	IBinaryKeyData,
	IDataObject,
	INodeExecutionData,
	IExecuteFunctions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';

import type { CoverResult } from '../providers/types';
import { MAX_ATTEMPTS, REQUEST_TIMEOUT_MS, RETRY_BASE_DELAY_MS, USER_AGENT } from './constants';
import { cancellableSleep } from './sleep';

const MIME_BY_EXTENSION: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	gif: 'image/gif',
};

function extensionOf(url: string, mimeType: string | undefined): string {
	const fromUrl = /\.([a-z0-9]{3,4})(?:$|[?#])/i.exec(url)?.[1]?.toLowerCase();
	if (fromUrl && MIME_BY_EXTENSION[fromUrl]) return fromUrl;
	const fromMime = Object.entries(MIME_BY_EXTENSION).find(([, mime]) => mime === mimeType)?.[0];
	return fromMime ?? 'png';
}

/** Network errors, 429 and 5xx may pass; an expired link (404) or a refusal (403) will not. */
function isWorthRetrying(error: unknown): boolean {
	const status = Number(
		(error as { httpCode?: unknown }).httpCode ?? (error as { status?: unknown }).status,
	);
	return !Number.isFinite(status) || status === 429 || status >= 500;
}

/**
 * Image URLs are public storage links, so they are fetched without the provider's credential:
 * the API key must never travel to a storage host.
 */
async function fetchImage(
	ctx: IExecuteFunctions | IWebhookFunctions,
	image: { url: string; label: string; itemIndex: number },
	signal?: AbortSignal,
): Promise<IN8nHttpFullResponse> {
	for (let attempt = 1; ; attempt++) {
		try {
			return (await ctx.helpers.httpRequest({
				method: 'GET',
				url: image.url,
				encoding: 'arraybuffer',
				returnFullResponse: true,
				timeout: REQUEST_TIMEOUT_MS,
				headers: { 'User-Agent': USER_AGENT },
			})) as IN8nHttpFullResponse;
		} catch (error) {
			if (attempt >= MAX_ATTEMPTS || signal?.aborted || !isWorthRetrying(error)) {
				const cause = error as { message?: string };
				throw new NodeApiError(
					ctx.getNode(),
					{
						url: image.url,
						message: String(cause.message ?? error),
					} as JsonObject,
					{
						message: `Could not download ${image.label}`,
						description: `${image.url} did not answer with the image. The provider keeps images for 14 days: for an older cover, generate it anew. Turn off "Download Images" to get only the URLs.`,
						itemIndex: image.itemIndex,
					},
				);
			}
			await cancellableSleep(RETRY_BASE_DELAY_MS * 2 ** (attempt - 1), signal);
		}
	}
}

/** Downloads every image of a finished cover into binary properties `<prefix>_1`, `<prefix>_2`, ... */
export async function downloadCoverImages(
	ctx: IExecuteFunctions | IWebhookFunctions,
	result: CoverResult,
	prefix: string,
	itemIndex: number,
): Promise<IBinaryKeyData> {
	const binary: IBinaryKeyData = {};
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	for (const [position, url] of result.images.entries()) {
		const label = `cover image ${position + 1} of cover task ${result.coverTaskId}`;
		const response = await fetchImage(ctx, { url, label, itemIndex }, signal);
		const headers = response.headers as Record<string, string | undefined>;
		const mimeType = headers['content-type']?.split(';')[0]?.trim();
		if (mimeType && /^(text\/|application\/json)/.test(mimeType)) {
			throw new NodeApiError(ctx.getNode(), { url, contentType: mimeType } as JsonObject, {
				message: `Could not download ${label}: the server answered with ${mimeType}, not an image`,
				description:
					'The image link probably expired (images are kept 14 days) or points to an error page. Turn off "Download Images" to get only the URLs.',
				itemIndex,
			});
		}
		const extension = extensionOf(url, mimeType);
		const fileName = `${result.coverTaskId}_${position + 1}.${extension}`;
		binary[`${prefix}_${position + 1}`] = await ctx.helpers.prepareBinaryData(
			Buffer.from(response.body as ArrayBuffer),
			fileName,
			mimeType && mimeType.startsWith('image/') ? mimeType : MIME_BY_EXTENSION[extension],
		);
	}
	return binary;
}

/** Whether the node's options ask for the images and the cover has some to download. */
export function wantsImages(options: IDataObject, result: CoverResult): boolean {
	return options.download === true && result.status === 'success' && result.images.length > 0;
}

export function binaryPrefixOf(options: IDataObject): string {
	return String(options.binaryPropertyPrefix || 'cover');
}

/**
 * The item a callback starts or resumes a run with. A failed download is noted on the item
 * instead of failing it: the callback is still worth the run, and the URLs live 14 days.
 */
export async function callbackCoverItem(
	ctx: IWebhookFunctions,
	result: CoverResult,
	options: IDataObject,
	itemIndex: number,
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json: { ...result } };
	if (!wantsImages(options, result)) return item;
	try {
		item.binary = await downloadCoverImages(ctx, result, binaryPrefixOf(options), itemIndex);
	} catch (error) {
		item.json.downloadError = (error as Error).message;
	}
	return item;
}
