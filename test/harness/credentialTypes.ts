/**
 * The package's credential classes, loaded as n8n loads them: from the files package.json lists
 * in `n8n.credentials` (`dist/credentials/<Class>.credentials.js` exports class `<Class>`), read
 * here from their sources. Nothing names a provider: a provider added to the registry and the
 * package shows up here, and a registered provider whose credential the package does not ship
 * stops every test that loads the harness.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ICredentialType } from 'n8n-workflow';

import { allProviders, type ProviderAdapter } from '../../nodes/MusicCover/providers';

const REPO = path.resolve(__dirname, '../..');

function shippedCredentialFiles(): string[] {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
		n8n: { credentials: string[] };
	};
	return manifest.n8n.credentials;
}

function loadCredential(shipped: string): ICredentialType {
	const match = /^dist\/(credentials\/([A-Za-z0-9]+))\.credentials\.js$/.exec(shipped);
	if (!match) throw new Error(`package.json n8n.credentials: ${shipped} is not a credential file`);
	const [, source, className] = match;
	const exported = require(path.join(REPO, `${source}.credentials`)) as Record<string, unknown>;
	const CredentialClass = exported[className] as (new () => ICredentialType) | undefined;
	if (typeof CredentialClass !== 'function')
		throw new Error(`${source}.credentials.ts does not export class ${className}`);
	return new CredentialClass();
}

/** Every credential type the package ships, by its `name`. */
export const credentialTypes: Readonly<Record<string, ICredentialType>> = Object.fromEntries(
	shippedCredentialFiles()
		.map(loadCredential)
		.map((credential) => [credential.name, credential]),
);

/** The credential class of a registered provider (its adapter's `credentialType`). */
export function credentialOf(adapter: ProviderAdapter): ICredentialType {
	const credential = credentialTypes[adapter.credentialType];
	if (!credential)
		throw new Error(
			`${adapter.displayName}: package.json n8n.credentials ships no credential named ${adapter.credentialType}`,
		);
	return credential;
}

// A registered provider without its credential cannot be run: say so once, at load.
for (const adapter of allProviders()) credentialOf(adapter);
