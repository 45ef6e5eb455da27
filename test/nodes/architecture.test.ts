/**
 * The structure of nodes/ as CONTRIBUTING.md states it, checked over the real source files:
 * layers import only downward, the layer table names every file, and the provider registry is
 * the only list of providers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { allProviders } from '../../nodes/MusicCover/providers';

const NODE_DIR = path.resolve(__dirname, '../../nodes/MusicCover');
const CONTRIBUTING = path.resolve(__dirname, '../../CONTRIBUTING.md');

/** Top to bottom; a file may import its own folder or any layer below its own, never above. */
const LAYERS: Array<{ name: string; matches: (relative: string) => boolean }> = [
	// The node classes, with their codex files and icon.
	{ name: 'node classes', matches: (file) => /^[^/]+(\.node\.(ts|json)|\.svg)$/.test(file) },
	{ name: 'actions/', matches: (file) => file.startsWith('actions/') },
	{ name: 'callbacks/', matches: (file) => file.startsWith('callbacks/') },
	{ name: 'descriptions.ts', matches: (file) => file === 'descriptions.ts' },
	{ name: 'covers/', matches: (file) => file.startsWith('covers/') },
	{ name: 'transport/', matches: (file) => file.startsWith('transport/') },
	{ name: 'providers/', matches: (file) => file.startsWith('providers/') },
	{ name: 'util/', matches: (file) => file.startsWith('util/') },
];

function sourceFiles(dir: string, extensions: string[]): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full, extensions);
		return extensions.some((extension) => entry.name.endsWith(extension)) ? [full] : [];
	});
}

const relativeOf = (file: string) => path.relative(NODE_DIR, file).split(path.sep).join('/');

function layerOf(file: string): number {
	const relative = relativeOf(file);
	const layer = LAYERS.findIndex(({ matches }) => matches(relative));
	if (layer === -1) throw new Error(`${relative} belongs to no layer: add it to CONTRIBUTING.md`);
	return layer;
}

function relativeImports(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/(?:from|import)\s+'(\.[^']+)'/g)].map((match) => match[1]);
	return specifiers.map((specifier) => {
		const base = path.resolve(path.dirname(file), specifier);
		const candidate = [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
		if (!candidate) throw new Error(`${file} imports ${specifier}, which does not exist`);
		return candidate;
	});
}

/** Source without comments: a comment may name a provider to say why, code may not. */
function codeOf(file: string): string {
	return fs
		.readFileSync(file, 'utf8')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

describe('the layers of nodes/MusicCover', () => {
	const files = sourceFiles(NODE_DIR, ['.ts']);

	test('every source file belongs to a layer', () => {
		expect(files.length).toBeGreaterThan(20);
		for (const file of files) expect(() => layerOf(file)).not.toThrow();
	});

	test('no import runs upward', () => {
		const upward: string[] = [];
		for (const file of files) {
			for (const imported of relativeImports(file)) {
				if (!imported.startsWith(NODE_DIR)) {
					upward.push(`${path.relative(NODE_DIR, file)} -> ${imported} (outside the node)`);
					continue;
				}
				const from = layerOf(file);
				const to = layerOf(imported);
				if (to < from) {
					upward.push(
						`${path.relative(NODE_DIR, file)} (${LAYERS[from].name}) -> ${path.relative(NODE_DIR, imported)} (${LAYERS[to].name})`,
					);
				}
			}
		}
		expect(upward).toEqual([]);
	});

	test('no import cycle, between files or between folders', () => {
		// A folder with its subfolders (actions/ holds cover/); a file at the top stands alone.
		const folderOf = (file: string) => path.relative(NODE_DIR, file).split(path.sep)[0];
		const edges = new Map<string, Set<string>>();
		const fileEdges = new Map(files.map((file) => [file, relativeImports(file)]));
		for (const [file, imports] of fileEdges) {
			for (const imported of imports) {
				const [from, to] = [folderOf(file), folderOf(imported)];
				if (from !== to) edges.set(from, new Set([...(edges.get(from) ?? []), to]));
			}
		}
		const cycleIn = (graph: Map<string, Iterable<string>>): string[] | undefined => {
			const state = new Map<string, 'open' | 'done'>();
			const visit = (node: string, trail: string[]): string[] | undefined => {
				if (state.get(node) === 'open') return [...trail, node];
				if (state.get(node) === 'done') return undefined;
				state.set(node, 'open');
				for (const next of graph.get(node) ?? []) {
					const cycle = visit(next, [...trail, node]);
					if (cycle) return cycle;
				}
				state.set(node, 'done');
				return undefined;
			};
			for (const node of graph.keys()) {
				const cycle = visit(node, []);
				if (cycle)
					return cycle.map((entry) => path.relative(NODE_DIR, path.resolve(NODE_DIR, entry)));
			}
			return undefined;
		};
		expect(cycleIn(fileEdges)).toBeUndefined();
		expect(cycleIn(edges)).toBeUndefined();
	});
});

/** CONTRIBUTING.md's layer table: its first cell (backticks dropped) to the whole row. */
function layerTable(): Map<string, string> {
	const text = fs.readFileSync(CONTRIBUTING, 'utf8');
	const section = text.slice(
		text.indexOf('## The layers'),
		text.indexOf('\n## ', text.indexOf('## The layers') + 1),
	);
	const rows = section
		.split('\n')
		.filter((line) => line.startsWith('|') && !/^\|\s*(layer|-+)\s*\|/.test(line));
	return new Map(
		rows.map((row) => [row.split('|')[1].trim().replace(/`/g, ''), row] as [string, string]),
	);
}

/** Where the table names a file: below a folder its path inside it, at the top its name. */
const nameInTable = (relative: string) => relative.replace(/^[^/]+\/(?=.)/, '');

describe("CONTRIBUTING.md's layer table", () => {
	const table = layerTable();
	const files = sourceFiles(NODE_DIR, ['']);

	test('has one row per layer, top to bottom', () => {
		expect([...table.keys()]).toEqual(LAYERS.map((layer) => layer.name));
	});

	test("names every file of nodes/ in its layer's row", () => {
		expect(files.length).toBeGreaterThan(20);
		const missing = files.map(relativeOf).filter((relative) => {
			const row = table.get(LAYERS[layerOf(path.join(NODE_DIR, relative))].name) ?? '';
			return !row.includes(`\`${nameInTable(relative)}\``);
		});
		expect(missing).toEqual([]);
	});

	test('names no file that does not exist', () => {
		const existing = new Set(
			files.map((file) => `${LAYERS[layerOf(file)].name} ${nameInTable(relativeOf(file))}`),
		);
		const named = [...table].flatMap(([layer, row]) =>
			[...row.matchAll(/`([\w./-]+\.(?:ts|json|svg))`/g)].map((match) => `${layer} ${match[1]}`),
		);
		expect(named.filter((entry) => !existing.has(entry))).toEqual([]);
	});
});

describe('the provider registry is the only list of providers', () => {
	const providers = allProviders();
	const names = providers.flatMap((adapter) => [
		adapter.id,
		adapter.displayName,
		adapter.credentialType,
	]);
	const outsideProviders = sourceFiles(NODE_DIR, ['.ts', '.json']).filter(
		(file) => !file.startsWith(path.join(NODE_DIR, 'providers') + path.sep),
	);

	test('no file of nodes/ outside providers/ writes a provider id, name or credential type', () => {
		const written = outsideProviders.flatMap((file) => {
			const code = codeOf(file);
			return names
				.filter((name) =>
					new RegExp(`(^|[^\\w.])${name.replace(/\./g, '\\.')}($|[^\\w])`).test(code),
				)
				.map((name) => `${path.relative(NODE_DIR, file)}: ${name}`);
		});
		expect(written).toEqual([]);
	});

	test('each registered provider has its credential in package.json and in credentials/', () => {
		const manifest = JSON.parse(
			fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8'),
		) as { n8n: { credentials: string[] } };
		for (const adapter of providers) {
			const className = adapter.credentialType.replace(/^./, (first) => first.toUpperCase());
			expect(manifest.n8n.credentials).toContain(`dist/credentials/${className}.credentials.js`);
			expect(
				fs.existsSync(path.resolve(__dirname, `../../credentials/${className}.credentials.ts`)),
			).toBe(true);
		}
		expect(manifest.n8n.credentials).toHaveLength(providers.length);
	});
});
