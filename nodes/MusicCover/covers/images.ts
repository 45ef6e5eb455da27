import { NodeApiError } from 'n8n-workflow';
import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';

import type { CoverResult } from '../providers/types';
import { downloadFile } from '../transport/download';

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

/**
 * Downloads the images of a finished cover, all at once, into binary properties `<prefix>_1`,
 * `<prefix>_2`, ...; each goes to n8n's binary data service as soon as it has arrived. A failed
 * image fails the cover (the first failing one in image order).
 */
export async function downloadCoverImages(
	ctx: IExecuteFunctions | IWebhookFunctions,
	result: CoverResult,
	prefix: string,
	itemIndex: number,
): Promise<IBinaryKeyData> {
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	const downloads = await Promise.allSettled(
		result.images.map(async (url, position) => {
			const label = `cover image ${position + 1} of cover task ${result.coverTaskId}`;
			const { body, mimeType } = await downloadFile(ctx, { url, label, itemIndex }, signal);
			if (mimeType && /^(text\/|application\/json)/.test(mimeType)) {
				throw new NodeApiError(ctx.getNode(), { url, contentType: mimeType } as JsonObject, {
					message: `Could not download ${label}: the server answered with ${mimeType}, not an image`,
					description:
						'The image link probably expired (images are kept 14 days) or points to an error page. Turn off "Download Images" to get only the URLs.',
					itemIndex,
				});
			}
			const extension = extensionOf(url, mimeType);
			return await ctx.helpers.prepareBinaryData(
				body,
				`${result.coverTaskId}_${position + 1}.${extension}`,
				mimeType && mimeType.startsWith('image/') ? mimeType : MIME_BY_EXTENSION[extension],
			);
		}),
	);
	const binary: IBinaryKeyData = {};
	for (const [position, download] of downloads.entries()) {
		if (download.status === 'rejected') throw download.reason;
		binary[`${prefix}_${position + 1}`] = download.value;
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
