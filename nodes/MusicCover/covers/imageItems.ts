import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { binaryPrefixOf } from './images';

/** The binary property each image item carries: the one upload nodes read by default. */
export const IMAGE_ITEM_BINARY_PROPERTY = 'data';

/** Whether the node's options ask for one output item per image. */
export function wantsItemPerImage(options: IDataObject): boolean {
	return options.oneItemPerImage === true;
}

/**
 * The options the download step runs with: one item per image needs the images, so it downloads
 * them whether or not Download Images is on.
 */
export function downloadOptionsOf(options: IDataObject): IDataObject {
	return wantsItemPerImage(options) ? { ...options, download: true } : options;
}

/**
 * One item per image of a finished cover, after its download: the cover's fields plus the image's
 * position (from 1) and URL, the image in `data`, paired like the cover's item. Anything else (an
 * error item, a pending or failed cover, a cover without images) stays one item as it is.
 */
export function itemsPerImage(
	item: INodeExecutionData,
	options: IDataObject,
): INodeExecutionData[] {
	const images = item.json.images;
	if (item.json.status !== 'success' || !Array.isArray(images) || images.length === 0) {
		return [item];
	}
	const prefix = binaryPrefixOf(options);
	return images.map((imageUrl, position) => {
		const file = item.binary?.[`${prefix}_${position + 1}`];
		const json: IDataObject = {
			...item.json,
			imagePosition: position + 1,
			imageCount: images.length,
			imageUrl: String(imageUrl),
		};
		const split: INodeExecutionData = { json };
		if (file) split.binary = { [IMAGE_ITEM_BINARY_PROPERTY]: file };
		if (item.pairedItem !== undefined) split.pairedItem = item.pairedItem;
		return split;
	});
}

/** `itemsPerImage` over a node's output when the options ask for it; the output as it is otherwise. */
export function splitByImage(
	items: INodeExecutionData[],
	options: IDataObject,
): INodeExecutionData[] {
	return wantsItemPerImage(options) ? items.flatMap((item) => itemsPerImage(item, options)) : items;
}
