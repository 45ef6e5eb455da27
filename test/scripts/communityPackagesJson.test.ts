// scripts/community-packages-json.js: the N8N_COMMUNITY_PACKAGES value for a packed package. Its
// checksum must be what the registry answers as dist.integrity for that tarball (n8n compares the
// two before it installs), which is the integrity npm itself computes when it packs: this packs a
// small package with the real npm and compares, and checks the hash against a published vector.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
	communityPackages,
	integrityOf,
	packageJsonOf,
} from '../../scripts/community-packages-json';

const SCRIPT = path.resolve(__dirname, '../../scripts/community-packages-json.js');

describe('community-packages-json', () => {
	let dir: string;
	let tgz: string;
	let npmIntegrity: string;

	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'community-packages-json-'));
		const pkgDir = path.join(dir, 'pkg');
		fs.mkdirSync(pkgDir);
		fs.writeFileSync(
			path.join(pkgDir, 'package.json'),
			JSON.stringify({ name: 'n8n-nodes-fixture', version: '1.2.3', files: ['index.js'] }),
		);
		// npm packs index.js (several 512-byte blocks) before package.json: the reader has to walk the tar.
		fs.writeFileSync(path.join(pkgDir, 'index.js'), `module.exports = '${'x'.repeat(2000)}';\n`);
		const packed = JSON.parse(
			execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
				cwd: pkgDir,
				encoding: 'utf8',
			}),
		)[0];
		tgz = path.join(dir, packed.filename);
		npmIntegrity = packed.integrity;
	});

	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('hashes as SRI sha512 (FIPS 180-2 test vector "abc")', () => {
		expect(integrityOf(Buffer.from('abc'))).toBe(
			'sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==',
		);
	});

	it("gives the tarball npm packed its name, its version and npm's own integrity", () => {
		expect(communityPackages(tgz)).toEqual([
			{ name: 'n8n-nodes-fixture', version: '1.2.3', checksum: npmIntegrity },
		]);
	});

	it('prints exactly that JSON on one line from the command line', () => {
		const out = execFileSync('node', [SCRIPT, tgz], { encoding: 'utf8' });
		expect(out).toBe(
			`${JSON.stringify([{ name: 'n8n-nodes-fixture', version: '1.2.3', checksum: npmIntegrity }])}\n`,
		);
	});

	it('changes the checksum when one byte of the tarball changes', () => {
		const bytes = fs.readFileSync(tgz);
		const altered = Buffer.from(bytes);
		altered[altered.length - 1] ^= 1;
		expect(integrityOf(altered)).not.toBe(npmIntegrity);
	});

	it('names the file and the problem when it is not an npm tarball', () => {
		const notTgz = path.join(dir, 'not-a-tarball.tgz');
		fs.writeFileSync(notTgz, 'plain text');
		expect(() => communityPackages(notTgz)).toThrow(
			`${notTgz}: not a gzipped npm tarball (incorrect header check)`,
		);
		expect(() => packageJsonOf(zlib.gzipSync(Buffer.alloc(1024)))).toThrow(
			'no package.json at the top of the tarball',
		);
		const res = (() => {
			try {
				execFileSync('node', [SCRIPT, notTgz], { encoding: 'utf8', stdio: 'pipe' });
				return { status: 0, stderr: '' };
			} catch (e) {
				const err = e as { status: number; stderr: string };
				return { status: err.status, stderr: err.stderr };
			}
		})();
		expect(res).toEqual({
			status: 1,
			stderr: `${notTgz}: not a gzipped npm tarball (incorrect header check)\n`,
		});
	});
});
