/**
 * The example workflows (examples/*.json) as files a user imports: wired node to node, no Code
 * node, credentials left for the user to pick, and every Music Cover parameter and option one the
 * node really has (a renamed or misspelt one would be dropped silently on import). The end-to-end
 * suite runs them in real n8n.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { MusicCover } from '../../nodes/MusicCover/MusicCover.node';
import { MusicCoverTrigger } from '../../nodes/MusicCover/MusicCoverTrigger.node';

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Example {
	name: string;
	nodes: ExampleNode[];
	/** by connection type (`main`, `ai_tool`, ...): outputs, each a list of targets */
	connections: Record<string, Record<string, Array<Array<{ node: string }> | null>>>;
}

const DIR = path.resolve(__dirname, '../../examples');
const FILES = fs.readdirSync(DIR).filter((file) => file.endsWith('.json'));
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Example;

const OUR_NODES: Record<string, INodeTypeDescription> = {
	'n8n-nodes-music-cover.musicCover': new MusicCover().description,
	'n8n-nodes-music-cover.musicCoverTrigger': new MusicCoverTrigger().description,
};

/** The names a node offers at the top level, and inside its `options` collections. */
function namesOf(description: INodeTypeDescription) {
	const top = new Set(description.properties.map((p) => p.name));
	const options = new Set(
		description.properties
			.filter((p) => p.name === 'options' && p.type === 'collection')
			.flatMap((p) => (p.options as INodeProperties[]).map((option) => option.name)),
	);
	return { top, options };
}

test('the examples are there, the new ones included', () => {
	expect(FILES).toEqual(
		expect.arrayContaining([
			'cover-to-files.json',
			'music-to-upload.json',
			'credits-before-batch.json',
			'trigger-dedupe.json',
		]),
	);
});

describe.each(FILES)('%s', (file) => {
	const example = load(file);
	const names = example.nodes.map((node) => node.name);

	it('has unique node names, and its connections join nodes it has', () => {
		expect(new Set(names).size).toBe(names.length);
		for (const [from, byType] of Object.entries(example.connections)) {
			expect(names).toContain(from);
			for (const outputs of Object.values(byType))
				for (const output of outputs)
					for (const { node } of output ?? []) expect(names).toContain(node);
		}
	});

	it('has no Code node', () => {
		expect(example.nodes.filter((node) => node.type === 'n8n-nodes-base.code')).toEqual([]);
	});

	it('leaves every credential for the user to pick (a placeholder id)', () => {
		for (const node of example.nodes)
			for (const credential of Object.values(node.credentials ?? {}))
				expect(credential.id).toMatch(/^REPLACE_WITH_/);
	});

	it('sets only the parameters and options the Music Cover nodes have, at a version they have', () => {
		for (const node of example.nodes.filter((n) => OUR_NODES[n.type])) {
			const description = OUR_NODES[node.type];
			const versions = ([] as number[]).concat(description.version);
			expect(versions).toContain(node.typeVersion);
			const { top, options } = namesOf(description);
			for (const name of Object.keys(node.parameters))
				expect([node.name, name, top.has(name)]).toEqual([node.name, name, true]);
			const set = (node.parameters.options ?? {}) as Record<string, unknown>;
			for (const name of Object.keys(set))
				expect([node.name, `options.${name}`, options.has(name)]).toEqual([
					node.name,
					`options.${name}`,
					true,
				]);
		}
	});
});
