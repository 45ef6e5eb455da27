// @ts-check
'use strict';

/**
 * The provider API (each profile's routes below its mount point) and the image server: the
 * scenario logic the providers share, played through each profile's envelopes and wording.
 * Order of checks: kie.ai's Cloudflare check, faults, the key, the route, the body, the handler.
 *
 * @typedef {import('./internal').EmulatorState} EmulatorState
 * @typedef {import('./types').ApiEndpoint} ApiEndpoint
 * @typedef {import('./types').TaskPhase} TaskPhase
 * @typedef {import('./types').Profile} Profile
 * @typedef {import('./types').Answer} Answer
 * @typedef {import('./internal').Reply} Reply
 * @typedef {import('./types').RequestLogEntry} RequestLogEntry
 * @typedef {import('./types').AnswerLogEntry} AnswerLogEntry
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 * @typedef {{ query: URLSearchParams, body: unknown, apiKey: string | null, taskId: string | null, shownPhase?: TaskPhase }} ApiContext
 */

const { bearerKey, redactHeaders, readBody, parseBody, pickString, send } = require('./io');
const { pngFor } = require('./png');
const { IMAGE_COUNT, createTask, snapshot } = require('./tasks');
const { armCallbacks } = require('./callbacks');
const { takeFault, faultReply } = require('./faults');
const { generateMusic, musicRecord, unfinishedMusic } = require('./kieMusic');

const CLOUDFLARE_1010 =
	'<!DOCTYPE html><html><head><title>Access denied | api.kie.ai used Cloudflare to restrict access</title></head>' +
	'<body><h1>Access denied</h1><p>error code: 1010</p></body></html>';

/** @param {EmulatorState} state @param {string} apiKey @returns {boolean} false when over the limit */
function admitKieGenerate(state, apiKey) {
	const { max, windowMs } = state.options.kieRateLimit;
	const now = Date.now();
	const recent = (state.rateWindows.get(apiKey) ?? []).filter((t) => now - t < windowMs);
	const admitted = recent.length < max;
	if (admitted) recent.push(now);
	state.rateWindows.set(apiKey, recent);
	return admitted;
}

/**
 * The `drift` test device (not a provider quirk): extra `data` fields, and another status word
 * while the task runs, in whichever field the profile shows the status (`status` or kie's
 * `successFlag`).
 * @param {EmulatorState} state @param {Record<string, unknown>} data @param {boolean} [terminal]
 */
function drifted(state, data, terminal = true) {
	const { dataFields, runningStatus } = state.options.drift;
	const statusField = 'status' in data ? 'status' : 'successFlag';
	return {
		...data,
		...(terminal || runningStatus === null ? {} : { [statusField]: runningStatus }),
		...dataFields,
	};
}

/** @type {Record<Exclude<ApiEndpoint, 'unknown'>, (state: EmulatorState, profile: Profile, ctx: ApiContext) => Answer>} */
const HANDLERS = {
	generate(state, profile, ctx) {
		const { options } = state;
		const fail = (/** @type {number} */ code, /** @type {string} */ message) =>
			profile.error(code, message);
		if (profile.rateLimited && !admitKieGenerate(state, ctx.apiKey ?? '')) {
			const { code } = options.kieRateLimit;
			return fail(code, profile.messages[code]);
		}
		const idFields = profile.musicTaskIdFields(options);
		const musicTaskId = pickString(ctx.body, idFields);
		if (!musicTaskId) return fail(profile.invalidParamsCode, `${idFields[0]} is required`);
		const callBackUrl = pickString(ctx.body, ['callBackUrl']);
		if (profile.requireCallBackUrl && !callBackUrl) return fail(422, 'Please enter callBackUrl');
		if (musicTaskId.startsWith('notfound')) return fail(404, 'Original music task not found');
		const unfinished = unfinishedMusic(state, musicTaskId);
		if (unfinished) return fail(400, unfinished);
		const existing = state.coverByMusic.get(`${profile.name} ${musicTaskId}`);
		if (existing) {
			const dup = profile.duplicate(existing, options);
			return profile.error(dup.code, dup.message, { data: dup.data });
		}
		const task = createTask(state, profile, musicTaskId, callBackUrl);
		armCallbacks(state, task);
		return profile.ok(drifted(state, { taskId: task.coverTaskId }));
	},
	status(state, profile, ctx) {
		const id = ctx.query.get(profile.statusIdParam);
		if (!id) return profile.error(422, `${profile.statusIdParam} is required`);
		const task = state.tasks.get(id);
		if (!task || task.provider !== profile.name) return profile.error(404, profile.taskNotFound);
		// ASSUMED (PROVIDERS.md: no page says whether record-info can lag the callback): with
		// kieRecordLagMs, kie.ai's record shows a finished cover as generating for that long after
		// readyAt, when its callback goes out.
		const shown = snapshot(state, task, profile.sendsCallbacks ? state.options.kieRecordLagMs : 0);
		ctx.shownPhase = shown.phase;
		const terminal = shown.phase === 'success' || shown.phase === 'failed';
		return profile.ok(drifted(state, profile.statusData(shown, state.options), terminal));
	},
	// kie.ai's music generation (./kieMusic.js): only kie.ai's profile routes to these two.
	musicGenerate: (state, profile, ctx) => generateMusic(state, profile, ctx.body),
	musicStatus: (state, profile, ctx) => musicRecord(state, profile, ctx.query.get('taskId')),
	credits(state, profile) {
		return profile.credits
			? profile.credits(state.options)
			: profile.error(404, profile.messages[404]);
	},
};

/**
 * @param {EmulatorState} state @param {Profile} profile @param {IncomingMessage} req
 * @param {ApiContext} ctx @param {ApiEndpoint} endpoint @param {boolean} authorized @param {boolean} bodyValid
 * @returns {Reply}
 */
function answerApi(state, profile, req, ctx, endpoint, authorized, bodyValid) {
	if (profile.cloudflare && state.options.kieRequireUserAgent && !req.headers['user-agent']) {
		return { status: 403, body: CLOUDFLARE_1010 };
	}
	const fault = takeFault(state, profile.name, endpoint, ctx.taskId);
	if (fault) {
		// A lost answer: the provider did the work (and charged), the caller never heard.
		if (fault.afterHandling && authorized && bodyValid && endpoint !== 'unknown')
			HANDLERS[endpoint](state, profile, ctx);
		return faultReply(fault, (code, message, httpStatus) =>
			profile.error(code, message ?? profile.messages[code] ?? `Error ${code}`, { httpStatus }),
		);
	}
	if (!authorized) return profile.error(401, profile.messages[401]);
	if (endpoint === 'unknown') return profile.error(404, profile.messages[404]);
	if (!bodyValid) return profile.error(400, 'Invalid JSON body');
	return HANDLERS[endpoint](state, profile, ctx);
}

/**
 * What the request log keeps of an answer: enough to tell, afterwards, which read first saw a
 * cover finished and which creates were refused.
 * @param {Reply} answer @param {TaskPhase | undefined} phase
 * @returns {AnswerLogEntry}
 */
function summarizeAnswer(answer, phase) {
	if ('kind' in answer) return { httpStatus: null, code: null, fault: answer.kind, at: Date.now() };
	const body = /** @type {any} */ (answer.body);
	const bodyCode =
		typeof body === 'object' && body !== null ? (body.code ?? body.error?.code) : undefined;
	return {
		httpStatus: answer.status,
		code: typeof bodyCode === 'number' ? bodyCode : answer.status,
		...(phase ? { phase } : {}),
		at: Date.now(),
	};
}

/** @param {EmulatorState} state @param {IncomingMessage} req @param {ServerResponse} res @param {Reply} answer @param {number} delayMs */
async function reply(state, req, res, answer, delayMs) {
	if (delayMs > 0) await state.ioTimers.sleep(delayMs);
	if ('kind' in answer) {
		if (answer.kind === 'reset') req.socket.destroy();
		return; // 'hang': never answered; stop() closes the connection
	}
	send(res, answer.status, answer.body, answer.headers, answer.contentType);
}

/** What every request log entry records of the request itself. @param {IncomingMessage} req @param {URL} url */
const requestFacts = (req, url) => ({
	method: req.method ?? 'GET',
	path: url.pathname,
	query: Object.fromEntries(url.searchParams),
	headers: redactHeaders(req.headers),
});

/** @param {EmulatorState} state @param {Profile} profile @param {IncomingMessage} req @param {ServerResponse} res @param {URL} url */
async function handleApi(state, profile, req, res, url) {
	const { value: body, valid } = parseBody(await readBody(req));
	const subPath = url.pathname.slice(profile.prefix.length).replace(/\/+$/, '') || '/';
	const endpoint = profile.routes[`${req.method ?? 'GET'} ${subPath}`] ?? 'unknown';
	const apiKey = bearerKey(req.headers.authorization);
	const authorized = apiKey !== null && apiKey === state.options.keys[profile.name];
	// The task a request is about: the cover a status read asks for, the music a generate names,
	// the music a music record read asks for.
	const taskId =
		endpoint === 'status'
			? url.searchParams.get(profile.statusIdParam)
			: endpoint === 'generate'
				? pickString(body, profile.musicTaskIdFields(state.options))
				: endpoint === 'musicStatus'
					? url.searchParams.get('taskId')
					: null;
	/** @type {RequestLogEntry} */
	const entry = {
		provider: profile.name,
		endpoint,
		taskId,
		...requestFacts(req, url),
		authorized,
		body,
		at: Date.now(),
	};
	state.requests.push(entry);
	/** @type {ApiContext} */
	const ctx = { query: url.searchParams, body, apiKey, taskId };
	const answer = answerApi(state, profile, req, ctx, endpoint, authorized, valid);
	await reply(state, req, res, answer, state.options.responseDelayMs);
	entry.answer = summarizeAnswer(answer, ctx.shownPhase);
}

/** `/images/<coverTaskId>_<n>.png`: a real PNG for a known task, else 404. @param {EmulatorState} state @param {IncomingMessage} req @param {ServerResponse} res @param {URL} url */
async function handleImage(state, req, res, url) {
	await readBody(req);
	const fileName = url.pathname.slice('/images/'.length);
	/** @type {RequestLogEntry} */
	const entry = {
		provider: 'images',
		endpoint: 'image',
		// The one image a request is about, so an image fault can stay put among parallel downloads.
		taskId: fileName.replace(/\.png$/, ''),
		...requestFacts(req, url),
		authorized: true,
		body: null,
		at: Date.now(),
	};
	state.requests.push(entry);
	// Test device: a file host's latency, so parallel downloads show as overlapping log entries.
	if (state.options.imageDelayMs > 0) await state.ioTimers.sleep(state.options.imageDelayMs);
	const fault = takeFault(state, 'images', 'image', entry.taskId);
	const match = /^([A-Za-z0-9_-]+)_(\d+)\.png$/.exec(fileName);
	const known =
		match && state.tasks.has(match[1]) && Number(match[2]) >= 1 && Number(match[2]) <= IMAGE_COUNT;
	/** @type {Reply} */
	const answer = fault
		? faultReply(fault, (code, message, httpStatus) => ({
				status: httpStatus ?? code,
				body: message ?? `Error ${code}`,
				contentType: 'text/plain; charset=utf-8',
			}))
		: known && (req.method === 'GET' || req.method === 'HEAD')
			? {
					status: 200,
					body: pngFor(fileName),
					headers: { 'Cache-Control': 'no-store' },
					contentType: 'image/png',
				}
			: { status: 404, body: 'Not Found', contentType: 'text/plain; charset=utf-8' };
	await reply(state, req, res, answer, 0);
	entry.answer = summarizeAnswer(answer, undefined);
}

module.exports = { handleApi, handleImage };
