/**
 * What n8n 2.x's AI workflow builder is told (`builderHint`, n8n-workflow's IBuilderHint): how to
 * find the nodes and what to wire them with. n8n's community lint checks the texts
 * (no-builder-hint-leakage, in `npm run lint`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { MusicCover } from '../../../nodes/MusicCover/MusicCover.node';
import { MusicCoverTrigger } from '../../../nodes/MusicCover/MusicCoverTrigger.node';
import { allProviders } from '../../../nodes/MusicCover/providers';

const packageName = (
	JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
		name: string;
	}
).name;
const action = new MusicCover().description;
const trigger = new MusicCoverTrigger().description;
const related = (hint: typeof action.builderHint) =>
	(hint?.relatedNodes ?? []).map((node) => node.nodeType);

const UPLOAD_NODES = [
	'n8n-nodes-base.googleDrive',
	'n8n-nodes-base.awsS3',
	'n8n-nodes-base.youTube',
];

test('the action node: a search hint naming every provider and each one’s music task id field', () => {
	const hint = action.builderHint?.searchHint ?? '';
	for (const adapter of allProviders()) {
		expect(hint).toContain(adapter.displayName);
		for (const { path: field } of adapter.musicTaskIdSources) expect(hint).toContain(field);
	}
	expect(hint).toContain('One Item per Image');
	expect(hint).toContain('Check Credits First');
});

test('the action node relates the music request, the upload nodes and the trigger (by its real type)', () => {
	expect(related(action.builderHint)).toEqual([
		'n8n-nodes-base.httpRequest',
		...UPLOAD_NODES,
		`${packageName}.${trigger.name}`,
	]);
});

test('the trigger relates the action node, Remove Duplicates (repeated callbacks) and the upload nodes', () => {
	expect(trigger.builderHint?.searchHint).toMatch(/Remove Duplicates on coverTaskId/);
	expect(related(trigger.builderHint)).toEqual([
		`${packageName}.${action.name}`,
		'n8n-nodes-base.removeDuplicates',
		...UPLOAD_NODES,
	]);
	for (const node of trigger.builderHint?.relatedNodes ?? [])
		expect(node.relationHint.length).toBeGreaterThan(10);
});
