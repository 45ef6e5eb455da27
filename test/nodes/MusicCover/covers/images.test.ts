/** Download Images: the covers become n8n binary properties, byte for byte. */
import type { IBinaryData } from 'n8n-workflow';

import { DOWNLOAD_CONCURRENCY } from '../../../../nodes/MusicCover/util/constants';
import {
	PROVIDER_NAMES,
	expectOnePairedItemPerInput,
	generateCovers,
	maxImagesInFlight,
	runNode,
	useEmulator,
	type ProviderName,
} from '../support';

const emulator = useEmulator({ readyAfterMs: 0 });

function expectCoverImages(
	binary: Record<string, IBinaryData> | undefined,
	coverTaskId: string,
	prefix = 'cover',
) {
	expect(Object.keys(binary ?? {}).sort()).toEqual([`${prefix}_1`, `${prefix}_2`]);
	for (const position of [1, 2]) {
		const file = binary?.[`${prefix}_${position}`] as IBinaryData;
		const fileName = `${coverTaskId}_${position}.png`;
		expect(file).toMatchObject({ fileName, mimeType: 'image/png', fileExtension: 'png' });
		expect(Buffer.from(file.data, 'base64').equals(emulator.imageBytes(fileName))).toBe(true);
	}
}

/** Get Status with Download Images, one item per cover task id. */
const readWithDownloads = (provider: ProviderName, ids: string[], continueOnFail = false) =>
	runNode(emulator, {
		provider,
		continueOnFail,
		parameters: {
			operation: 'getStatus',
			coverTaskId: '={{ $json.id }}',
			options: { download: true },
		},
		items: ids.map((id) => ({ json: { id } })),
	});

/** The error item of a cover whose image `position` could not be downloaded. */
const downloadError = (position: number, coverTaskId: string) => ({
	error: `Could not download cover image ${position} of cover task ${coverTaskId}`,
	errorDescription: expect.stringContaining('Download Images'),
});

describe.each(PROVIDER_NAMES)('Download Images on %s', (provider: ProviderName) => {
	test('Generate with Poll Until Done gives cover_1 and cover_2 with the exact image bytes', async () => {
		const result = await runNode(emulator, {
			provider,
			parameters: {
				operation: 'generate',
				musicTaskId: 'music-1',
				waitMode: 'poll',
				options: { pollInterval: 1, download: true },
			},
		});
		expectCoverImages(result.items[0].binary, String(result.items[0].json.coverTaskId));
		// The two images differ: each property holds its own file.
		expect(result.items[0].binary?.cover_1.data).not.toBe(result.items[0].binary?.cover_2.data);
	});

	test('Get Status and Wait for Completion honour a custom binary property prefix', async () => {
		const [coverTaskId] = await generateCovers(emulator, provider, ['music-1']);
		for (const operation of ['getStatus', 'waitForCompletion']) {
			const result = await runNode(emulator, {
				provider,
				parameters: {
					operation,
					coverTaskId,
					options: { pollInterval: 1, download: true, binaryPropertyPrefix: 'artwork' },
				},
			});
			expectCoverImages(result.items[0].binary, coverTaskId, 'artwork');
		}
	});
});

test('nothing is downloaded without the option, nor for a cover that is not a success', async () => {
	emulator.configure({ readyAfterMs: 60_000 });
	const [pendingId, failedId, doneId] = await generateCovers(emulator, 'kieAi', [
		'music-1',
		'fail-2',
		'music-3',
	]);
	emulator.completeTask(failedId);
	emulator.completeTask(doneId, 'success');
	const ids = [pendingId, failedId, doneId];

	const withOption = await readWithDownloads('kieAi', ids);
	expect(withOption.items.map((item) => [item.json.status, item.binary === undefined])).toEqual([
		['pending', true],
		['failed', true],
		['success', false],
	]);

	const withoutOption = await runNode(emulator, {
		provider: 'kieAi',
		parameters: { operation: 'getStatus', coverTaskId: doneId },
	});
	expect(withoutOption.items[0].binary).toBeUndefined();
	expect(emulator.requests.filter((request) => request.provider === 'images')).toHaveLength(2);
});

test('a link that answers with a page instead of an image is an error, not a .png file', async () => {
	const [coverTaskId] = await generateCovers(emulator, 'udioApiPro', ['music-1']);
	emulator.injectFault({
		provider: 'images',
		code: 200,
		message: '<html>link expired</html>',
		taskId: `${coverTaskId}_1`,
	});
	const result = await runNode(emulator, {
		provider: 'udioApiPro',
		parameters: { operation: 'getStatus', coverTaskId, options: { download: true } },
	});
	expect(result.error?.message).toBe(
		`Could not download cover image 1 of cover task ${coverTaskId}: the server answered with text/plain, not an image`,
	);
});

test.each([
	['an expired link (404) is not retried', 404, 1, 1],
	['[~3 s: real retry back-off] a failing storage server (503) is tried 3 times', 503, 3, 3],
])(
	'%s: a clear error on its item, the other items keep their images',
	async (_name, code, failures, attempts) => {
		const [brokenId, goodId] = await generateCovers(emulator, 'udioApiPro', ['music-1', 'music-2']);
		emulator.injectFault({
			provider: 'images',
			code,
			times: failures,
			taskId: `${brokenId}_1`,
		});

		const result = await readWithDownloads('udioApiPro', [brokenId, goodId], true);

		expectOnePairedItemPerInput(result, 2);
		expect(result.items[0].json).toEqual(downloadError(1, brokenId));
		expectCoverImages(result.items[1].binary, goodId);
		expect(
			emulator.requests.filter((request) => request.path === `/images/${brokenId}_1.png`),
		).toHaveLength(attempts);
	},
);

describe('downloads in parallel (images answered after 150 ms)', () => {
	test('[~9 s: 72 images] the images of many items download together, up to the bound, in item order; a failed one fails only its item', async () => {
		const count = DOWNLOAD_CONCURRENCY + 4;
		const musicTaskIds = Array.from({ length: count }, (_, index) => `music-${index}`);
		const ids = await generateCovers(emulator, 'udioApiPro', musicTaskIds);
		const brokenPosition = 5;
		emulator.configure({ imageDelayMs: 150 });
		emulator.injectFault({ provider: 'images', code: 404, taskId: `${ids[brokenPosition]}_2` });

		const result = await readWithDownloads('udioApiPro', ids, true);

		// One after another, one image would be in flight at a time; a cover's own two make 2. The
		// bound's covers start together, 2 images each (some may be answered before the last leaves).
		const inFlight = maxImagesInFlight(emulator);
		expect(inFlight).toBeGreaterThan(1.5 * DOWNLOAD_CONCURRENCY);
		expect(inFlight).toBeLessThanOrEqual(2 * DOWNLOAD_CONCURRENCY);
		expectOnePairedItemPerInput(result, count);
		for (const [position, item] of result.items.entries()) {
			if (position === brokenPosition) {
				expect(item.json).toEqual(downloadError(2, ids[position]));
				expect(item.binary).toBeUndefined();
			} else {
				expect(item.json.coverTaskId).toBe(ids[position]);
				expectCoverImages(item.binary, ids[position]);
			}
		}
	}, 30_000);

	test('without Continue On Fail, the first failing item in item order stops the run', async () => {
		const ids = await generateCovers(emulator, 'udioApiPro', ['music-1', 'music-2', 'music-3']);
		emulator.configure({ imageDelayMs: 150 });
		emulator.injectFault({ provider: 'images', code: 404, taskId: `${ids[2]}_1` });
		emulator.injectFault({ provider: 'images', code: 404, taskId: `${ids[1]}_2` });
		const result = await readWithDownloads('udioApiPro', ids);
		expect(result.error?.message).toBe(`Could not download cover image 2 of cover task ${ids[1]}`);
	});
});
