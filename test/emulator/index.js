// @ts-check
'use strict';

/**
 * Emulator of the cover providers (one profile each, ./providers.js) on one local HTTP server,
 * for unit, integration and end-to-end tests. Plain CommonJS so bare `node` runs it. This file
 * starts and stops the server, routes requests, and assembles the public object; the modules
 * (README.md, its file table) share one state object (./state.js). Public types: ./types.d.ts
 * (re-exported as JSDoc typedefs). How to drive it: ./README.md.
 *
 * @typedef {import('./types').ProviderName} ProviderName
 * @typedef {import('./types').ApiEndpoint} ApiEndpoint
 * @typedef {import('./types').EmulatorOptions} EmulatorOptions
 * @typedef {import('./types').EmulatorOptionsInput} EmulatorOptionsInput
 * @typedef {import('./types').Fault} Fault
 * @typedef {import('./types').RequestLogEntry} RequestLogEntry
 * @typedef {import('./types').CallbackLogEntry} CallbackLogEntry
 * @typedef {import('./types').CoverTask} CoverTask
 * @typedef {import('./types').SendKieCallbackOptions} SendKieCallbackOptions
 * @typedef {import('./types').SendKieCallbackResult} SendKieCallbackResult
 * @typedef {import('./types').SendKieMusicCallbackOptions} SendKieMusicCallbackOptions
 * @typedef {import('./types').Emulator} Emulator
 * @typedef {import('./internal').EmulatorState} EmulatorState
 */

const http = require('node:http');
const { profileList, PROVIDER_NAMES, perProvider } = require('./providers');
const { defaultOptions, mergeOptions } = require('./options');
const { bearerKey, parseBody, readBody, send } = require('./io');
const { pngFor } = require('./png');
const { createState, requireUrl } = require('./state');
const tasks = require('./tasks');
const { armCallbacks, cancelCallbackWork, sendKieCallback } = require('./callbacks');
const { sendKieMusicCallback } = require('./musicCallbacks');
const faults = require('./faults');
const { handleApi, handleImage } = require('./api');
const { handleControl } = require('./control');
const { OPENAI_PREFIX, OPENAI_TEST_KEY } = require('./openai');

const HOST = '127.0.0.1';

/**
 * @param {Emulator} emulator @param {EmulatorState} state
 * @param {http.IncomingMessage} req @param {http.ServerResponse} res
 */
async function onRequest(emulator, state, req, res) {
	try {
		const url = new URL(req.url ?? '/', `http://${HOST}`);
		const path = url.pathname;
		if (path.startsWith('/__control/')) return await handleControl(emulator, state, req, res, url);
		if (path.startsWith('/images/')) return await handleImage(state, req, res, url);
		if (path.startsWith(`${OPENAI_PREFIX}/`)) {
			const { value, valid } = parseBody(await readBody(req));
			const subPath = path.slice(OPENAI_PREFIX.length);
			const key = bearerKey(req.headers.authorization);
			const answer = state.openAi.handle(req.method ?? 'GET', subPath, key, value, valid);
			return send(res, answer.status, answer.body);
		}
		const profile = profileList().find((p) => path === p.prefix || path.startsWith(`${p.prefix}/`));
		if (profile) return await handleApi(state, profile, req, res, url);
		send(res, 404, { error: `nothing emulated at ${path}` });
	} catch (err) {
		if (!res.headersSent)
			send(res, 500, { error: err instanceof Error ? err.message : String(err) });
		else res.destroy();
	}
}

/**
 * @param {EmulatorOptionsInput} [initialOptions]
 * @returns {Emulator}
 */
function createEmulator(initialOptions) {
	const state = createState(initialOptions);

	/** @type {Emulator} */
	const emulator = {
		async start(port = 0) {
			if (state.server) throw new Error('emulator already started');
			const srv = http.createServer((req, res) => void onRequest(emulator, state, req, res));
			await new Promise((resolve, reject) => {
				srv.once('error', reject);
				srv.listen(port, HOST, () => {
					srv.off('error', reject);
					resolve(undefined);
				});
			});
			state.server = srv;
			const address = /** @type {import('node:net').AddressInfo} */ (srv.address());
			state.baseUrl = `http://${HOST}:${address.port}`;
			return state.baseUrl;
		},
		async stop() {
			cancelCallbackWork(state);
			state.ioTimers.clear();
			const srv = state.server;
			state.server = null;
			if (!srv) return;
			await new Promise((resolve) => {
				srv.close(() => resolve(undefined));
				srv.closeAllConnections();
			});
		},
		get url() {
			return requireUrl(state);
		},
		get baseUrls() {
			const url = requireUrl(state);
			return perProvider((profile) => `${url}${profile.prefix}`);
		},
		get keys() {
			return { ...state.options.keys };
		},
		get options() {
			return structuredClone(state.options);
		},
		get openAi() {
			return {
				baseUrl: `${requireUrl(state)}${OPENAI_PREFIX}`,
				key: OPENAI_TEST_KEY,
				requests: state.openAi.requests,
			};
		},
		requests: state.requests,
		callbacks: state.callbacks,
		reset() {
			cancelCallbackWork(state);
			state.tasks.clear();
			state.coverByMusic.clear();
			state.musicTasks.clear();
			state.requests.length = 0;
			state.callbacks.length = 0;
			faults.clearFaults(state);
			state.rateWindows.clear();
			state.openAi.reset();
			state.options = structuredClone(state.baseline);
		},
		configure(partial) {
			state.options = mergeOptions(state.options, partial);
			return structuredClone(state.options);
		},
		injectFault: (fault) => faults.injectFault(state, fault),
		pendingFaults: () => faults.pendingFaults(state),
		sendKieCallback: (opts) => sendKieCallback(state, opts),
		sendKieMusicCallback: (opts) => sendKieMusicCallback(state, opts),
		imageBytes: (fileName) => pngFor(fileName),
		imageUrls: (coverTaskId) => tasks.imageUrls(state, coverTaskId),
		getCoverTask: (coverTaskId) => tasks.getCoverTask(state, coverTaskId),
		findCoverTask(provider, musicTaskId) {
			const id = tasks.coverIdFor(state, provider, musicTaskId);
			return id ? tasks.getCoverTask(state, id) : undefined;
		},
		listTasks: (provider) => tasks.listTasks(state, provider),
		completeTask(coverTaskId, outcome) {
			const task = tasks.finishTask(state, coverTaskId, outcome);
			armCallbacks(state, task);
			return tasks.snapshot(state, task);
		},
	};
	return emulator;
}

module.exports = {
	createEmulator,
	defaultOptions,
	perProvider,
	PROVIDER_NAMES,
	IMAGE_COUNT: tasks.IMAGE_COUNT,
};
