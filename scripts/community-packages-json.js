#!/usr/bin/env node
'use strict';
// Prints the value of n8n's N8N_COMMUNITY_PACKAGES (n8n >= 2.21, with
// N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true) that pins a packed package:
//   node scripts/community-packages-json.js n8n-nodes-music-cover-0.1.0.tgz
//   [{"name":"n8n-nodes-music-cover","version":"0.1.0","checksum":"sha512-..."}]
// n8n compares `checksum` with the registry's `dist.integrity` for name@version before it installs
// (verifyIntegrity in n8n's community-packages/npm-utils), and npm's integrity is the Subresource
// Integrity string of the tarball's bytes: "sha512-" + base64(sha512). So the JSON is right for the
// registry only when that very tarball is the one published (publish.yml publishes the file it
// printed the JSON for). The release workflow and the end-to-end suite's env-installed target use it.
const crypto = require('node:crypto');
const fs = require('node:fs');
const zlib = require('node:zlib');

/** npm's `integrity` of a tarball: what the registry answers as dist.integrity once it is published. */
function integrityOf(bytes) {
	return `sha512-${crypto.createHash('sha512').update(bytes).digest('base64')}`;
}

/** The package.json inside an npm tarball (a gzipped tar whose entries sit below one folder). */
function packageJsonOf(tgzBytes) {
	let tar;
	try {
		tar = zlib.gunzipSync(tgzBytes);
	} catch (e) {
		throw new Error(`not a gzipped npm tarball (${e.message})`);
	}
	// Tar: 512-byte headers (name at 0..100, size in octal at 124..136, type at 156), each followed by
	// its data padded to 512 bytes; npm pack writes plain names (no pax/long-name entries for these).
	for (let at = 0; at + 512 <= tar.length; ) {
		const header = tar.subarray(at, at + 512);
		const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
		if (!name) break;
		const size = parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, ''), 8);
		const type = String.fromCharCode(header[156] || 48);
		if (type === '0' && /^[^/]+\/package\.json$/.test(name)) {
			return JSON.parse(tar.subarray(at + 512, at + 512 + size).toString('utf8'));
		}
		at += 512 + Math.ceil(size / 512) * 512;
	}
	throw new Error('no package.json at the top of the tarball');
}

/** The N8N_COMMUNITY_PACKAGES entries pinning the tarball at `tgzPath` (name, version, checksum). */
function communityPackages(tgzPath) {
	const bytes = fs.readFileSync(tgzPath);
	let pkg;
	try {
		pkg = packageJsonOf(bytes);
	} catch (e) {
		throw new Error(`${tgzPath}: ${e.message}`);
	}
	if (!pkg.name || !pkg.version)
		throw new Error(`${tgzPath}: its package.json has no name or no version`);
	return [{ name: pkg.name, version: pkg.version, checksum: integrityOf(bytes) }];
}

if (require.main === module) {
	const tgz = process.argv[2];
	if (!tgz || process.argv.length > 3) {
		console.error('usage: node scripts/community-packages-json.js <packed package .tgz>');
		process.exit(2);
	}
	try {
		console.log(JSON.stringify(communityPackages(tgz)));
	} catch (e) {
		console.error(e.message);
		process.exit(1);
	}
}

module.exports = { integrityOf, packageJsonOf, communityPackages };
