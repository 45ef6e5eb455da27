'use strict';
// The providers the stack, the end-to-end suite and the demo work with, read from the built
// registry (dist/nodes/MusicCover/providers: the package's only list of providers), so none of them
// keeps a list of its own. They all run after `npm run build`. Keys and base URLs come from the
// running emulator (stack.emulator.keys / baseUrls, by provider id).
const fs = require('node:fs');
const path = require('node:path');

const REGISTRY = path.resolve(__dirname, '..', 'dist', 'nodes', 'MusicCover', 'providers');
if (!fs.existsSync(path.join(REGISTRY, 'index.js')))
	throw new Error(`${REGISTRY}/index.js is missing: run 'npm run build' first`);
const registry = require(REGISTRY);

/**
 * The prefix of a provider's environment variables for real keys: its display name in capitals,
 * other characters as "_" (kie.ai -> KIE_AI, so KIE_AI_API_KEY and KIE_AI_WEBHOOK_HMAC_KEY).
 */
const envPrefix = (displayName) => displayName.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * One entry per registered provider, in the registry's order (the first is the node's default):
 * { id, displayName, credentialType, credentialName (the stack's credential), sendsCallbacks,
 *   tellsCredits (Get Credits offered), signingKeyField (the credential field of the callbacks' signing key, if any), apiKeyEnv,
 *   signingKeyEnv }.
 */
const PROVIDERS = registry.allProviders().map((adapter) => ({
	id: adapter.id,
	displayName: adapter.displayName,
	credentialType: adapter.credentialType,
	credentialName: `${adapter.displayName} account`,
	sendsCallbacks: adapter.callbacks !== undefined,
	tellsCredits: adapter.credits !== undefined,
	signingKeyField: adapter.callbacks?.signingKeyField || undefined,
	apiKeyEnv: `${envPrefix(adapter.displayName)}_API_KEY`,
	signingKeyEnv: adapter.callbacks?.signingKeyField
		? `${envPrefix(adapter.displayName)}_WEBHOOK_HMAC_KEY`
		: undefined,
}));
const PROVIDER_IDS = PROVIDERS.map((p) => p.id);

/** The registered provider with this id; throws naming the known ones otherwise. */
function provider(id) {
	const found = PROVIDERS.find((p) => p.id === id);
	if (!found) throw new Error(`unknown provider "${id}" (known: ${PROVIDER_IDS.join(', ')})`);
	return found;
}

module.exports = {
	PROVIDERS,
	PROVIDER_IDS,
	DEFAULT_PROVIDER: provider(registry.DEFAULT_PROVIDER_ID),
	CALLBACK_PROVIDERS: PROVIDERS.filter((p) => p.sendsCallbacks),
	/** The provider whose callbacks the Music Cover Trigger receives. */
	TRIGGER_PROVIDER: provider(registry.triggerProvider().id),
	provider,
};
