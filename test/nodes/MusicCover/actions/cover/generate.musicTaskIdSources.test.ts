/**
 * The Music Task ID as the music step gives it: kie.ai's music generate answer (`data.taskId`), its
 * music callback (`data.task_id`), udioapi.pro's and apiin.one's `workId`. The field shows the
 * expression per provider; an object or a URL is refused with the field to map; a refused generate
 * says what the provider asks about unfinished music.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { MusicCover } from '../../../../../nodes/MusicCover/MusicCover.node';
import { PROVIDERS } from '../../../../../nodes/MusicCover/providers';
import { PROVIDER_NAMES, requestsTo, runNode, useEmulator } from '../../support';

const emulator = useEmulator({ readyAfterMs: 0 });

/** An item whose JSON holds `value` at the dotted `path`, as the music step's answer would. */
function itemWith(path: string, value: unknown): IDataObject {
	return path
		.split('.')
		.reverse()
		.reduce<unknown>((inner, key) => ({ [key]: inner }), value) as IDataObject;
}

const generate = (musicTaskId: string) => ({
	operation: 'generate',
	waitMode: 'noWait',
	musicTaskId,
});

/** kie.ai's music answers, shaped as its pages show them. */
const KIE_MUSIC_ANSWER = { code: 200, msg: 'success', data: { taskId: 'music-kie-1' } };
const KIE_MUSIC_CALLBACK = {
	code: 200,
	msg: 'All generated successfully.',
	data: {
		callbackType: 'complete',
		task_id: 'music-kie-2',
		data: [{ id: 'track-1', audio_url: 'https://cdn.example.com/track-1.mp3' }],
	},
};

describe.each(PROVIDER_NAMES)('%s', (provider) => {
	const adapter = PROVIDERS[provider];

	test.each(adapter.musicTaskIdSources.map((source) => [source.source, source.path]))(
		'the expression shown for its %s ({{ $json.%s }}) reaches the generate',
		async (_source, path) => {
			const result = await runNode(emulator, {
				provider,
				parameters: generate(`={{ $json.${path} }}`),
				items: [{ json: itemWith(path, 'music-from-step') }],
			});
			expect(result.error).toBeUndefined();
			expect(result.items[0].json.musicTaskId).toBe('music-from-step');
			const [create] = requestsTo(emulator, provider, 'generate');
			expect(Object.values(create.body as IDataObject)).toContain('music-from-step');
		},
	);

	test('the field describes those expressions for this provider', () => {
		const fields = new MusicCover().description.properties.filter(
			(property: INodeProperties) =>
				property.name === 'musicTaskId' &&
				(property.displayOptions?.show?.['/provider'] as string[] | undefined)?.includes(provider),
		);
		expect(fields).toHaveLength(1);
		for (const { path } of adapter.musicTaskIdSources)
			expect(fields[0].description).toContain(`{{ $json.${path} }}`);
		expect(fields[0].placeholder).toBe(`e.g. {{ $json.${adapter.musicTaskIdSources[0].path} }}`);
	});

	test("a refused music task: the error adds what the provider's page asks about unfinished music", async () => {
		const result = await runNode(emulator, {
			provider,
			parameters: generate('notfound-music'),
		});
		expect(result.error?.message).toMatch(/404/);
		expect(result.error?.description).toContain(
			`If the music is still generating: ${adapter.finishedMusicNote}`,
		);
	});
});

describe('a value that is not the id: refused before any request, naming the field to map', () => {
	const NOT_AN_OBJECT = "Music Task ID must be the music task's id, not an object";
	test.each([
		[
			"kie.ai's whole music generate answer mapped as an object",
			'kieAi',
			'={{ $json.data }}',
			KIE_MUSIC_ANSWER,
			NOT_AN_OBJECT,
			"This item has the id in data.taskId (kie.ai's music generate answer): map {{ $json.data.taskId }}.",
		],
		[
			"an audio URL from kie.ai's music callback",
			'kieAi',
			'={{ $json.data.data[0].audio_url }}',
			KIE_MUSIC_CALLBACK,
			'Music Task ID "https://cdn.example.com/track-1.mp3" is a URL, not the music task\'s id',
			"This item has the id in data.task_id (kie.ai's music callback): map {{ $json.data.task_id }}.",
		],
		[
			'an object inside text ([object Object]) from a udioapi.pro answer',
			'udioApiPro',
			'={{ "" + $json }}',
			{ code: 200, message: 'success', workId: 'work-9' },
			NOT_AN_OBJECT,
			expect.stringContaining('map {{ $json.workId }}'),
		],
	] as const)('%s', async (_what, provider, expression, json, message, description) => {
		const result = await runNode(emulator, {
			provider,
			parameters: generate(expression),
			items: [{ json }],
		});
		expect(result.error?.message).toBe(message);
		expect(result.error?.description).toEqual(description);
		expect(emulator.requests).toHaveLength(0);
	});

	test('with Continue On Fail, the item fails alone and says the same', async () => {
		const result = await runNode(emulator, {
			provider: 'kieAi',
			continueOnFail: true,
			parameters: generate('={{ $json.data }}'),
			items: [{ json: { data: { other: 1 } } }, { json: { data: 'music-ok' } }],
		});
		expect(result.items[0].json.error).toBe(
			"Music Task ID must be the music task's id, not an object",
		);
		// No known field in the item: every provider's expressions.
		expect(result.items[0].json.errorDescription).toBe(
			"Map the id field of the music step's answer: kie.ai: {{ $json.data.taskId }} from its music generate answer, {{ $json.data.task_id }} from its music callback; udioapi.pro: {{ $json.workId }} from its music generate answer; apiin.one: {{ $json.workId }} from its music generate answer.",
		);
		expect(result.items[1].json.status).toBe('pending');
		expect(requestsTo(emulator, 'kieAi', 'generate')).toHaveLength(1);
	});
});
