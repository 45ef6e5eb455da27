// @ts-check
'use strict';

/**
 * The emulated providers: one profile per provider (./profiles/<id>.js), each with what the tests
 * need to know of it (id, display name, credential type, key, mount point, callbacks) and how it
 * answers (routes, envelopes, wording, status view). The scenario logic that is the same for all
 * lives once in the other modules. Adding a provider to the tests is one profile file and its
 * line here.
 *
 * @typedef {import('./types').ProviderName} ProviderName
 * @typedef {import('./types').Profile} Profile
 * @typedef {import('./types').Answer} Answer
 */

const { COMMON_MESSAGES } = require('./profiles/common');
const { kieAi } = require('./profiles/kieAi');
const { udioApiPro } = require('./profiles/udioApiPro');
const { apiinOne } = require('./profiles/apiinOne');

/** @type {readonly Profile[]} in the node registry's order */
const PROFILE_LIST = Object.freeze([kieAi, udioApiPro, apiinOne]);

/** @type {Readonly<Record<ProviderName, Profile>>} */
const PROFILES = Object.freeze(Object.fromEntries(PROFILE_LIST.map((p) => [p.name, p])));

/** @type {readonly ProviderName[]} */
const PROVIDER_NAMES = Object.freeze(PROFILE_LIST.map((profile) => profile.name));

/** Every profile, in order. @returns {readonly Profile[]} */
const profileList = () => PROFILE_LIST;

/**
 * One value per provider profile: the emulator's only list of providers is this file's.
 * @template T
 * @param {(profile: Profile) => T} valueOf
 * @returns {Record<ProviderName, T>}
 */
function perProvider(valueOf) {
	return Object.fromEntries(PROFILE_LIST.map((profile) => [profile.name, valueOf(profile)]));
}

module.exports = { PROFILES, PROVIDER_NAMES, profileList, perProvider, COMMON_MESSAGES };
