// @ts-check
'use strict';

/**
 * The control API under `/__control` (README.md, "Out of process"): one route table over the
 * public emulator, JSON in and out. A route's answer is sent with HTTP 200; what it throws, HTTP
 * 400 `{"error"}`; an unknown route, 404.
 *
 * @typedef {import('./types').Emulator} Emulator
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./types').EmulatorOptionsInput} EmulatorOptionsInput
 * @typedef {import('./types').Fault} Fault
 * @typedef {import('./types').ProviderName} ProviderName
 * @typedef {import('./types').SendKieCallbackOptions} SendKieCallbackOptions
 * @typedef {import('./types').SendKieMusicCallbackOptions} SendKieMusicCallbackOptions
 *
 * @typedef {{ emulator: Emulator, state: EmulatorState, body: any, query: URLSearchParams, params: string[] }} ControlRequest
 * @typedef {{ route: string | RegExp, answer: (request: ControlRequest) => unknown }} ControlRoute
 *   `route`: `'METHOD /path'` below /__control, or a pattern whose groups are `params`
 */

const { readBody, parseBody, send } = require('./io');
const { clearFaults } = require('./faults');

/** @type {readonly ControlRoute[]} */
const CONTROL_ROUTES = [
	{
		route: 'GET /health',
		answer: ({ emulator }) => ({ ok: true, url: emulator.url, baseUrls: emulator.baseUrls }),
	},
	{
		route: 'POST /reset',
		answer: ({ emulator }) => {
			emulator.reset();
			return { ok: true };
		},
	},
	{ route: 'GET /options', answer: ({ state }) => state.options },
	{
		route: 'POST /configure',
		answer: ({ emulator, body }) =>
			emulator.configure(/** @type {EmulatorOptionsInput} */ (body ?? {})),
	},
	{ route: 'GET /faults', answer: ({ emulator }) => emulator.pendingFaults() },
	{
		route: 'POST /faults',
		answer: ({ emulator, body }) => {
			for (const fault of Array.isArray(body) ? body : [body]) emulator.injectFault(fault);
			return { ok: true, pending: emulator.pendingFaults() };
		},
	},
	{
		route: 'DELETE /faults',
		answer: ({ state }) => {
			clearFaults(state);
			return { ok: true };
		},
	},
	{
		route: 'POST /kie/callback',
		answer: ({ emulator, body }) =>
			emulator.sendKieCallback(/** @type {SendKieCallbackOptions} */ (body)),
	},
	{
		route: 'POST /kie/music-callback',
		answer: ({ emulator, body }) =>
			emulator.sendKieMusicCallback(/** @type {SendKieMusicCallbackOptions} */ (body)),
	},
	{
		route: 'GET /requests',
		answer: ({ emulator, query }) =>
			emulator.requests.filter(
				(r) =>
					(!query.get('provider') || r.provider === query.get('provider')) &&
					(!query.get('endpoint') || r.endpoint === query.get('endpoint')),
			),
	},
	{
		route: 'DELETE /requests',
		answer: ({ emulator }) => {
			emulator.requests.length = 0;
			return { ok: true };
		},
	},
	{
		route: 'GET /tasks',
		answer: ({ emulator, query }) =>
			emulator.listTasks(
				/** @type {ProviderName | undefined} */ (query.get('provider') ?? undefined),
			),
	},
	{
		route: /^POST \/tasks\/([^/]+)\/complete$/,
		answer: ({ emulator, body, params: [coverTaskId] }) =>
			emulator.completeTask(decodeURIComponent(coverTaskId), body?.outcome),
	},
	{ route: 'GET /callbacks', answer: ({ emulator }) => emulator.callbacks },
	{ route: 'GET /openai/requests', answer: ({ emulator }) => emulator.openAi.requests },
];

/**
 * @param {string} route `'METHOD /path'`
 * @returns {{ control: ControlRoute, params: string[] } | null}
 */
function findRoute(route) {
	for (const control of CONTROL_ROUTES) {
		if (typeof control.route === 'string') {
			if (control.route === route) return { control, params: [] };
			continue;
		}
		const match = control.route.exec(route);
		if (match) return { control, params: match.slice(1) };
	}
	return null;
}

/**
 * @param {Emulator} emulator @param {EmulatorState} state
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {URL} url
 */
async function handleControl(emulator, state, req, res, url) {
	const { value: body, valid } = parseBody(await readBody(req));
	if (!valid) return send(res, 400, { error: 'body must be JSON' });
	const route = `${req.method} ${url.pathname.slice('/__control'.length).replace(/\/+$/, '')}`;
	const found = findRoute(route);
	if (!found) return send(res, 404, { error: `unknown control route ${route}` });
	try {
		const { control, params } = found;
		const answer = await control.answer({ emulator, state, body, query: url.searchParams, params });
		return send(res, 200, answer);
	} catch (err) {
		return send(res, 400, { error: err instanceof Error ? err.message : String(err) });
	}
}

module.exports = { CONTROL_ROUTES, handleControl };
