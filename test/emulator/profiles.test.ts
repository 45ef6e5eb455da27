/**
 * What each emulator profile says about its provider (display name, credential type, callbacks,
 * the signing key's credential field, key, mount point) agrees with the node's registry and the
 * package's credentials, so a suite may take its providers from either and run the same ones.
 */
import { allProviders, PROVIDERS } from '../../nodes/MusicCover/providers';
import { credentialTypes } from '../harness/credentialTypes';
import { createEmulator } from './index';
import { perProvider, profileList, PROFILES, PROVIDER_NAMES } from './providers';

describe('emulator profiles', () => {
	test("play exactly the registered providers, in the registry's order", () => {
		const registered = allProviders().map((adapter) => adapter.id);
		expect(profileList().map((profile) => profile.name)).toEqual(registered);
		expect(PROVIDER_NAMES).toEqual(registered);
		expect(Object.keys(PROFILES)).toEqual(registered);
		expect(Object.keys(perProvider((profile) => profile.prefix))).toEqual(registered);
	});

	test('each has its own mount point and key', () => {
		const prefixes = profileList().map((profile) => profile.prefix);
		const keys = profileList().map((profile) => profile.defaultKey);
		expect(new Set(prefixes).size).toBe(prefixes.length);
		expect(new Set(keys).size).toBe(keys.length);
	});

	describe.each(profileList().map((profile) => [profile.name, profile] as const))(
		'%s',
		(name, profile) => {
			test('agrees with its adapter: display name, credential type, callbacks, signing key field', () => {
				const adapter = PROVIDERS[name];
				expect({
					displayName: profile.displayName,
					credentialType: profile.credentialType,
					sendsCallbacks: profile.sendsCallbacks,
					signingKeyField: profile.signingKeyField,
				}).toEqual({
					displayName: adapter.displayName,
					credentialType: adapter.credentialType,
					sendsCallbacks: adapter.callbacks !== undefined,
					signingKeyField: adapter.callbacks?.signingKeyField ?? null,
				});
			});

			test('names a credential the package ships, with the fields a test fills from the profile', () => {
				const credential = credentialTypes[profile.credentialType];
				expect(credential?.name).toBe(profile.credentialType);
				const fields = credential.properties.map((property) => property.name);
				expect(fields).toEqual(
					expect.arrayContaining([
						'apiKey',
						'baseUrl',
						...(profile.signingKeyField === null ? [] : [profile.signingKeyField]),
					]),
				);
			});

			test("is what a started emulator serves: key by default, base URL at the profile's mount point", async () => {
				const emulator = createEmulator();
				const url = await emulator.start();
				try {
					expect(emulator.keys[name]).toBe(profile.defaultKey);
					expect(emulator.baseUrls[name]).toBe(`${url}${profile.prefix}`);
				} finally {
					await emulator.stop();
				}
			});
		},
	);
});
