// @ts-check
'use strict';

/**
 * Emulator of the three cover providers (kie.ai, udioapi.pro, apiin.one) on one local HTTP
 * server, for unit, integration and end-to-end tests. Plain CommonJS so bare `node` runs it.
 * Public types: ./types.d.ts (re-exported as JSDoc typedefs). How to drive it: ./README.md.
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
 * @typedef {import('./types').Profile} Profile
 * @typedef {import('./types').Answer} Answer
 *
 * @typedef {Omit<CoverTask, 'phase' | 'images'>} TaskRecord stored task; phase and images are derived
 * @typedef {Answer | { kind: 'reset' } | { kind: 'hang' }} Reply
 * @typedef {{ method: string, subPath: string, query: URLSearchParams, body: unknown, apiKey: string | null, taskId: string | null, shownPhase?: import('./types').TaskPhase }} ApiContext
 */

const http = require('node:http');
const crypto = require('node:crypto');
const { PROFILES, PROVIDER_NAMES, perProvider, COMMON_MESSAGES } = require('./providers');
const { pngFor } = require('./png');
const { defaultOptions, mergeOptions } = require('./options');
const {
	TimerGroup,
	isLocalUrl,
	bearerKey,
	redactHeaders,
	readBody,
	parseBody,
	pickString,
	send,
	postJson,
} = require('./io');

const IMAGE_COUNT = 2;
const HOST = '127.0.0.1';
const CALLBACK_USER_AGENT = 'kie.ai-callback (music-cover emulator)';
/** A music task id segment `ready<N>ms`: the cover is ready N ms after its generate. */
const READY_IN = /(?:^|-)ready(\d{1,9})ms(?:-|$)/;
/** A music task id segment `readyat<epoch ms>`: the cover is ready at that moment (or at once). */
const READY_AT = /(?:^|-)readyat(\d{13})(?:-|$)/;
/** How much of a callback receiver's answer the callback log keeps. */
const ANSWER_LOG_CHARS = 500;

const CLOUDFLARE_1010 =
	'<!DOCTYPE html><html><head><title>Access denied | api.kie.ai used Cloudflare to restrict access</title></head>' +
	'<body><h1>Access denied</h1><p>error code: 1010</p></body></html>';
const BAD_GATEWAY_HTML = '<html><body><h1>502 Bad Gateway</h1></body></html>';

/**
 * @param {EmulatorOptionsInput} [initialOptions]
 * @returns {Emulator}
 */
function createEmulator(initialOptions) {
	const baseline = mergeOptions(defaultOptions(), initialOptions);
	let options = structuredClone(baseline);

	/** @type {Map<string, TaskRecord>} cover task id -> task */
	const tasks = new Map();
	/** @type {Map<string, string>} `${provider} ${musicTaskId}` -> cover task id */
	const coverByMusic = new Map();
	/** @type {RequestLogEntry[]} */
	const requests = [];
	/** @type {CallbackLogEntry[]} */
	const callbacks = [];
	/** @type {Array<Fault & { remaining: number }>} */
	const faults = [];
	/** @type {Map<string, number[]>} api key -> times of accepted kie generate requests */
	const rateWindows = new Map();

	/** Response delays and hung answers: cleared by stop() only. */
	const ioTimers = new TimerGroup();
	/** Task completion and callback delivery: cleared by reset() and stop(). */
	const taskTimers = new TimerGroup();
	/** @type {Map<string, NodeJS.Timeout>} */
	const completionTimers = new Map();
	/** @type {Set<http.ClientRequest>} */
	const outgoing = new Set();
	/** Bumped by reset()/stop() so running callback loops notice they are stale. */
	let epoch = 0;

	/** @type {http.Server | null} */
	let server = null;
	/** @type {string | null} */
	let baseUrl = null;

	const requireUrl = () => {
		if (!baseUrl) throw new Error('emulator not started: call start() first');
		return baseUrl;
	};

	// -------------------------------------------------------------------------- tasks

	/** @param {string} coverTaskId */
	const imageUrls = (coverTaskId) =>
		Array.from(
			{ length: IMAGE_COUNT },
			(_, i) => `${requireUrl()}/images/${coverTaskId}_${i + 1}.png`,
		);

	/**
	 * @param {TaskRecord} task
	 * @param {number} [now]
	 * @param {number} [recordLagMs] how long after readyAt the view shows the task terminal
	 * @returns {import('./types').TaskPhase}
	 */
	function phaseOf(task, now = Date.now(), recordLagMs = 0) {
		if (task.readyAt !== null && task.outcome !== null && now >= task.readyAt + recordLagMs)
			return task.outcome;
		return now >= task.generatingAt ? 'generating' : 'pending';
	}

	/** @param {TaskRecord} task @param {number} [recordLagMs] see phaseOf @returns {CoverTask} */
	function snapshot(task, recordLagMs = 0) {
		const phase = phaseOf(task, Date.now(), recordLagMs);
		return {
			...task,
			phase,
			images: phase === 'success' && baseUrl ? imageUrls(task.coverTaskId) : null,
		};
	}

	/**
	 * When a new task turns terminal: `readyAfterMs` after creation, unless the music task id
	 * plans it (see READY_IN / READY_AT), which lets a benchmark spread or bunch covers exactly.
	 * @param {string} musicTaskId @param {number} now
	 */
	function plannedReadyAt(musicTaskId, now) {
		const at = READY_AT.exec(musicTaskId);
		if (at) return Math.max(now, Number(at[1]));
		const after = READY_IN.exec(musicTaskId);
		return now + (after ? Number(after[1]) : options.readyAfterMs);
	}

	/**
	 * @param {Profile} profile
	 * @param {string} musicTaskId
	 * @param {string | null} callBackUrl
	 */
	function createTask(profile, musicTaskId, callBackUrl) {
		const now = Date.now();
		/** @type {TaskRecord['outcome']} */
		const outcome = musicTaskId.startsWith('fail')
			? 'failed'
			: musicTaskId.startsWith('never')
				? null
				: 'success';
		const readyAt = plannedReadyAt(musicTaskId, now);
		/** @type {TaskRecord} */
		const task = {
			provider: profile.name,
			coverTaskId: profile.newCoverId(),
			musicTaskId,
			outcome,
			createdAt: now,
			generatingAt: now + Math.floor((readyAt - now) / 2),
			readyAt: outcome === null ? null : readyAt,
			callBackUrl,
		};
		tasks.set(task.coverTaskId, task);
		coverByMusic.set(`${profile.name} ${musicTaskId}`, task.coverTaskId);
		scheduleCompletion(task);
		return task;
	}

	/** Arms the timer that fires a kie task's callbacks when it turns terminal. @param {TaskRecord} task */
	function scheduleCompletion(task) {
		taskTimers.cancel(completionTimers.get(task.coverTaskId));
		completionTimers.delete(task.coverTaskId);
		const profile = PROFILES[task.provider];
		if (!profile.sendsCallbacks || task.readyAt === null) return;
		// Placeholder and remote callBackUrls are never called.
		if (!task.callBackUrl || !isLocalUrl(task.callBackUrl)) return;
		const timer = taskTimers.later(task.readyAt - Date.now(), () => {
			completionTimers.delete(task.coverTaskId);
			void deliverCallbacks(task);
		});
		completionTimers.set(task.coverTaskId, timer);
	}

	/** @param {string} coverTaskId @param {'success' | 'failed'} [outcome] */
	function completeTask(coverTaskId, outcome) {
		const task = tasks.get(coverTaskId);
		if (!task) throw new Error(`unknown cover task ${coverTaskId}`);
		const now = Date.now();
		task.outcome = outcome ?? task.outcome ?? 'success';
		task.readyAt = now;
		task.generatingAt = Math.min(task.generatingAt, now);
		scheduleCompletion(task);
		return snapshot(task);
	}

	// -------------------------------------------------------------------------- kie callbacks

	/**
	 * @param {{ coverTaskId: string, code: number, msg?: string, images: string[] | null, idField: string }} p
	 */
	function callbackBody(p) {
		const msg =
			p.msg ??
			(p.code === 200
				? 'success'
				: (COMMON_MESSAGES[/** @type {keyof COMMON_MESSAGES} */ (p.code)] ?? 'error'));
		return { code: p.code, msg, data: { [p.idField]: p.coverTaskId, images: p.images } };
	}

	/** base64(HMAC-SHA256(key, `${taskId}.${timestamp}`)) @param {string} key @param {string} taskId @param {number} timestamp */
	const signature = (key, taskId, timestamp) =>
		crypto.createHmac('sha256', key).update(`${taskId}.${timestamp}`).digest('base64');

	/** @param {string} coverTaskId @param {string | null} key @param {number} [offsetSec] @returns {Record<string, string>} */
	function callbackHeaders(coverTaskId, key, offsetSec = 0) {
		/** @type {Record<string, string>} */
		const headers = { 'Content-Type': 'application/json', 'User-Agent': CALLBACK_USER_AGENT };
		if (key !== null) {
			const timestamp = Math.floor(Date.now() / 1000) + offsetSec;
			headers['X-Webhook-Timestamp'] = String(timestamp);
			headers['X-Webhook-Signature'] = signature(key, coverTaskId, timestamp);
		}
		return headers;
	}

	/**
	 * Delivers a terminal task's callback `callbackDeliveries` times (kie.ai's cover page: the same
	 * task may be called back more than once), each with up to `callbackRetries` retries after a
	 * non-2xx answer or a network error: those retries are ASSUMED, no kie.ai page says so.
	 * @param {TaskRecord} task
	 */
	async function deliverCallbacks(task) {
		const startedIn = epoch;
		const stale = () => startedIn !== epoch;
		const url = /** @type {string} */ (task.callBackUrl);
		for (let delivery = 1; delivery <= options.callbackDeliveries; delivery++) {
			for (let attempt = 1; attempt <= 1 + options.callbackRetries; attempt++) {
				if (stale()) return;
				const failed = phaseOf(task) === 'failed';
				const body = callbackBody({
					coverTaskId: task.coverTaskId,
					code: failed ? 501 : 200,
					images: failed ? null : imageUrls(task.coverTaskId),
					idField: options.kieCallbackIdField,
				});
				const key = options.kieWebhookHmacKey;
				/** @type {CallbackLogEntry} */
				const entry = {
					coverTaskId: task.coverTaskId,
					url,
					delivery,
					attempt,
					status: null,
					signed: key !== null,
					manual: false,
					body,
					at: Date.now(),
					answeredAt: 0,
				};
				try {
					const answer = await postJson(
						url,
						body,
						callbackHeaders(task.coverTaskId, key),
						options.callbackTimeoutMs,
						taskTimers,
						outgoing,
					);
					entry.status = answer.status;
					entry.answer = answer.body.slice(0, ANSWER_LOG_CHARS);
				} catch (err) {
					entry.error = err instanceof Error ? err.message : String(err);
				}
				entry.answeredAt = Date.now();
				if (stale()) return;
				callbacks.push(entry);
				if (entry.status !== null && entry.status >= 200 && entry.status < 300) break;
				if (attempt <= options.callbackRetries)
					await taskTimers.sleep(options.callbackRetryDelayMs);
			}
		}
	}

	/** @param {SendKieCallbackOptions} opts @returns {Promise<SendKieCallbackResult>} */
	async function sendKieCallback(opts) {
		if (!opts || typeof opts.coverTaskId !== 'string' || opts.coverTaskId === '') {
			throw new TypeError('sendKieCallback needs coverTaskId');
		}
		const task = tasks.get(opts.coverTaskId);
		const url = opts.url ?? task?.callBackUrl;
		if (!url)
			throw new TypeError(
				`sendKieCallback: no url given and no callBackUrl known for ${opts.coverTaskId}`,
			);
		if (!isLocalUrl(url))
			throw new Error(`sendKieCallback only posts to 127.0.0.1/localhost, not ${url}`);
		const code = opts.code ?? (task && phaseOf(task) === 'failed' ? 501 : 200);
		const images =
			opts.images !== undefined ? opts.images : code === 200 ? imageUrls(opts.coverTaskId) : null;
		const key = opts.key ?? options.kieWebhookHmacKey;
		const sign = opts.sign ?? key !== null;
		if (sign && key === null)
			throw new Error(
				'sendKieCallback: sign requested but no key (set kieWebhookHmacKey or opts.key)',
			);
		const body = callbackBody({
			coverTaskId: opts.coverTaskId,
			code,
			msg: opts.msg,
			images,
			idField: opts.idField ?? options.kieCallbackIdField,
		});
		const headers = {
			...callbackHeaders(opts.coverTaskId, sign ? key : null, opts.timestampOffsetSec),
			...opts.headers,
		};
		const omit = new Set((opts.omitHeaders ?? []).map((name) => name.toLowerCase()));
		for (const name of Object.keys(headers)) if (omit.has(name.toLowerCase())) delete headers[name];
		return await postLogged(
			{ coverTaskId: opts.coverTaskId, url, signed: 'X-Webhook-Signature' in headers, body },
			headers,
		);
	}

	/**
	 * POSTs a callback asked for through sendKieCallback / sendKieMusicCallback and logs it.
	 * @param {{ coverTaskId: string, url: string, signed: boolean, body: unknown }} what
	 * @param {Record<string, string>} headers
	 * @returns {Promise<SendKieCallbackResult>}
	 */
	async function postLogged({ coverTaskId, url, signed, body }, headers) {
		/** @type {CallbackLogEntry} */
		const entry = {
			coverTaskId,
			url,
			delivery: 0,
			attempt: 1,
			status: null,
			signed,
			manual: true,
			body,
			at: Date.now(),
			answeredAt: 0,
		};
		try {
			const answer = await postJson(
				url,
				body,
				headers,
				options.callbackTimeoutMs,
				ioTimers,
				outgoing,
			);
			entry.status = answer.status;
			entry.answer = answer.body.slice(0, ANSWER_LOG_CHARS);
			return answer;
		} catch (err) {
			entry.error = err instanceof Error ? err.message : String(err);
			throw err;
		} finally {
			entry.answeredAt = Date.now();
			callbacks.push(entry);
		}
	}

	/**
	 * The body of a kie.ai MUSIC callback (generate, extend, upload-and-cover, ...), as on
	 * https://docs.kie.ai/suno-api/generate-music-callbacks (success `complete`) and
	 * https://old-docs.kie.ai/suno-api/upload-and-extend-audio-callbacks (`text` when the lyrics are
	 * done, `first` when the first track is, `complete` when all are); the `error` shape
	 * (`data.error`, no tracks) is the one on https://docs.kie.ai/suno-api/replace-section-callbacks.
	 * @param {string} musicTaskId @param {'text' | 'first' | 'complete' | 'error'} callbackType
	 */
	function musicCallbackBody(musicTaskId, callbackType) {
		if (callbackType === 'error')
			return {
				code: 501,
				msg: 'Audio generation failed.',
				data: {
					callbackType,
					task_id: musicTaskId,
					error: 'Generation failed due to technical issues',
				},
			};
		/** @param {number} n */
		const track = (n) => ({
			id: `${musicTaskId}-track-${n}`,
			audio_url: callbackType === 'text' ? '' : `${requireUrl()}/audio/${musicTaskId}_${n}.mp3`,
			stream_audio_url: `${requireUrl()}/audio/${musicTaskId}_${n}`,
			image_url: `${requireUrl()}/images/${musicTaskId}_${n}.jpeg`,
			prompt: '[Verse] Night city lights shining bright',
			model_name: 'chirp-v3-5',
			title: 'Iron Man',
			tags: 'electrifying, rock',
			createTime: new Date().toISOString().slice(0, 19).replace('T', ' '),
			duration: callbackType === 'text' ? null : 198.44,
		});
		const msg = {
			text: 'Text generation completed successfully.',
			first: 'First audio generated successfully.',
			complete: 'All generated successfully.',
		}[callbackType];
		const tracks = callbackType === 'first' ? [track(1)] : [track(1), track(2)];
		return { code: 200, msg, data: { callbackType, task_id: musicTaskId, data: tracks } };
	}

	/** @param {SendKieMusicCallbackOptions} opts @returns {Promise<SendKieCallbackResult>} */
	async function sendKieMusicCallback(opts) {
		if (!opts || typeof opts.musicTaskId !== 'string' || opts.musicTaskId === '')
			throw new TypeError('sendKieMusicCallback needs musicTaskId');
		if (typeof opts.url !== 'string' || !isLocalUrl(opts.url))
			throw new Error(`sendKieMusicCallback only posts to 127.0.0.1/localhost, not ${opts.url}`);
		const callbackType = opts.callbackType ?? 'complete';
		if (!['text', 'first', 'complete', 'error'].includes(callbackType))
			throw new TypeError(
				`callbackType must be text, first, complete or error, got ${callbackType}`,
			);
		// kie.ai signs every callback of an account with the same key, over the task's own id.
		const key = opts.key ?? options.kieWebhookHmacKey;
		const sign = opts.sign ?? key !== null;
		if (sign && key === null)
			throw new Error(
				'sendKieMusicCallback: sign requested but no key (set kieWebhookHmacKey or opts.key)',
			);
		const body = musicCallbackBody(opts.musicTaskId, callbackType);
		const headers = callbackHeaders(opts.musicTaskId, sign ? key : null, opts.timestampOffsetSec);
		return await postLogged(
			{ coverTaskId: opts.musicTaskId, url: opts.url, signed: sign, body },
			headers,
		);
	}

	// -------------------------------------------------------------------------- faults

	/** @param {Fault} fault */
	function injectFault(fault) {
		if (typeof fault !== 'object' || fault === null) throw new TypeError('fault must be an object');
		const providers = [...PROVIDER_NAMES, 'images'];
		if (!providers.includes(fault.provider))
			throw new TypeError(`fault.provider must be one of ${providers.join(', ')}`);
		const codeOk =
			typeof fault.code === 'number'
				? Number.isInteger(fault.code) && fault.code >= 100 && fault.code <= 999
				: ['html', 'reset', 'hang'].includes(fault.code);
		if (!codeOk)
			throw new TypeError(
				`fault.code must be an HTTP-like number, 'html', 'reset' or 'hang', got ${JSON.stringify(fault.code)}`,
			);
		const endpoints = ['generate', 'status', 'credits', 'unknown', 'image', 'any'];
		if (fault.endpoint !== undefined && !endpoints.includes(fault.endpoint))
			throw new TypeError(`fault.endpoint must be one of ${endpoints.join(', ')}`);
		const times = fault.times ?? 1;
		if (!Number.isInteger(times) || times < 1)
			throw new TypeError('fault.times must be an integer >= 1');
		faults.push({ ...fault, endpoint: fault.endpoint ?? 'any', times, remaining: times });
	}

	/** Takes the oldest queued fault matching this answer, if any. @param {string} provider @param {string} endpoint @param {string | null} [taskId] */
	function takeFault(provider, endpoint, taskId = null) {
		const index = faults.findIndex(
			(f) =>
				f.provider === provider &&
				(f.endpoint === 'any' || f.endpoint === endpoint) &&
				(f.taskId === undefined || f.taskId === taskId),
		);
		if (index < 0) return null;
		const fault = faults[index];
		fault.remaining -= 1;
		if (fault.remaining <= 0) faults.splice(index, 1);
		return fault;
	}

	/** @param {Fault} fault @param {(code: number, message: string | undefined, httpStatus: number | undefined) => Answer} numeric @returns {Reply} */
	function faultReply(fault, numeric) {
		if (fault.code === 'reset') return { kind: 'reset' };
		if (fault.code === 'hang') return { kind: 'hang' };
		/** @type {Answer} */
		const answer =
			fault.code === 'html'
				? { status: fault.httpStatus ?? 502, body: BAD_GATEWAY_HTML }
				: numeric(fault.code, fault.message, fault.httpStatus);
		if (fault.retryAfter !== undefined)
			answer.headers = { ...answer.headers, 'Retry-After': String(fault.retryAfter) };
		return answer;
	}

	// -------------------------------------------------------------------------- provider API

	/** @param {string} apiKey @returns {boolean} false when over the limit */
	function admitKieGenerate(apiKey) {
		const { max, windowMs } = options.kieRateLimit;
		const now = Date.now();
		const recent = (rateWindows.get(apiKey) ?? []).filter((t) => now - t < windowMs);
		const admitted = recent.length < max;
		if (admitted) recent.push(now);
		rateWindows.set(apiKey, recent);
		return admitted;
	}

	/**
	 * The `drift` test device (not a provider quirk): extra `data` fields, and another status word
	 * while the task runs, in whichever field the profile shows the status (`status` or kie's
	 * `successFlag`).
	 * @param {Record<string, unknown>} data @param {boolean} [terminal]
	 */
	function drifted(data, terminal = true) {
		const { dataFields, runningStatus } = options.drift;
		const statusField = 'status' in data ? 'status' : 'successFlag';
		return {
			...data,
			...(terminal || runningStatus === null ? {} : { [statusField]: runningStatus }),
			...dataFields,
		};
	}

	/** @type {Record<Exclude<ApiEndpoint, 'unknown'>, (profile: Profile, ctx: ApiContext) => Answer>} */
	const handlers = {
		generate(profile, ctx) {
			const fail = (/** @type {number} */ code, /** @type {string} */ message) =>
				profile.error(code, message);
			if (profile.rateLimited && !admitKieGenerate(ctx.apiKey ?? '')) {
				const { code } = options.kieRateLimit;
				return fail(code, profile.messages[code]);
			}
			const idFields = profile.musicTaskIdFields(options);
			const musicTaskId = pickString(ctx.body, idFields);
			if (!musicTaskId) return fail(profile.invalidParamsCode, `${idFields[0]} is required`);
			const callBackUrl = pickString(ctx.body, ['callBackUrl']);
			if (profile.requireCallBackUrl && !callBackUrl) return fail(422, 'Please enter callBackUrl');
			if (musicTaskId.startsWith('notfound')) return fail(404, 'Original music task not found');
			const existing = coverByMusic.get(`${profile.name} ${musicTaskId}`);
			if (existing) {
				const dup = profile.duplicate(existing, options);
				return profile.error(dup.code, dup.message, { data: dup.data });
			}
			const task = createTask(profile, musicTaskId, callBackUrl);
			return profile.ok(drifted({ taskId: task.coverTaskId }));
		},
		status(profile, ctx) {
			const id = ctx.query.get(profile.statusIdParam);
			if (!id) return profile.error(422, `${profile.statusIdParam} is required`);
			const task = tasks.get(id);
			if (!task || task.provider !== profile.name) return profile.error(404, profile.taskNotFound);
			// ASSUMED (PROVIDERS.md: no page says whether record-info can lag the callback): with
			// kieRecordLagMs, kie.ai's record shows a finished cover as generating for that long after
			// readyAt, when its callback goes out.
			const shown = snapshot(task, profile.sendsCallbacks ? options.kieRecordLagMs : 0);
			ctx.shownPhase = shown.phase;
			const terminal = shown.phase === 'success' || shown.phase === 'failed';
			return profile.ok(drifted(profile.statusData(shown, options), terminal));
		},
		credits(profile) {
			return profile.credits ? profile.credits(options) : profile.error(404, profile.messages[404]);
		},
	};

	/** @param {Profile} profile @param {http.IncomingMessage} req @param {ApiContext} ctx @param {ApiEndpoint} endpoint @param {boolean} authorized @param {boolean} bodyValid @returns {Reply} */
	function answerApi(profile, req, ctx, endpoint, authorized, bodyValid) {
		if (profile.cloudflare && options.kieRequireUserAgent && !req.headers['user-agent']) {
			return { status: 403, body: CLOUDFLARE_1010 };
		}
		const fault = takeFault(profile.name, endpoint, ctx.taskId);
		if (fault) {
			// A lost answer: the provider did the work (and charged), the caller never heard.
			if (fault.afterHandling && authorized && bodyValid && endpoint !== 'unknown')
				handlers[endpoint](profile, ctx);
			return faultReply(fault, (code, message, httpStatus) =>
				profile.error(code, message ?? profile.messages[code] ?? `Error ${code}`, { httpStatus }),
			);
		}
		if (!authorized) return profile.error(401, profile.messages[401]);
		if (endpoint === 'unknown') return profile.error(404, profile.messages[404]);
		if (!bodyValid) return profile.error(400, 'Invalid JSON body');
		return handlers[endpoint](profile, ctx);
	}

	/**
	 * What the request log keeps of an answer: enough to tell, afterwards, which read first saw a
	 * cover finished and which creates were refused.
	 * @param {Reply} answer @param {import('./types').TaskPhase | undefined} phase
	 * @returns {import('./types').AnswerLogEntry}
	 */
	function summarizeAnswer(answer, phase) {
		if ('kind' in answer)
			return { httpStatus: null, code: null, fault: answer.kind, at: Date.now() };
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

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {Reply} answer @param {number} delayMs */
	async function reply(req, res, answer, delayMs) {
		if (delayMs > 0) await ioTimers.sleep(delayMs);
		if ('kind' in answer) {
			if (answer.kind === 'reset') req.socket.destroy();
			return; // 'hang': never answered; stop() closes the connection
		}
		send(res, answer.status, answer.body, answer.headers, answer.contentType);
	}

	/** @param {Profile} profile @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url */
	async function handleApi(profile, req, res, url) {
		const raw = await readBody(req);
		const { value: body, valid } = parseBody(raw);
		const method = req.method ?? 'GET';
		const subPath = url.pathname.slice(profile.prefix.length).replace(/\/+$/, '') || '/';
		const endpoint = profile.routes[`${method} ${subPath}`] ?? 'unknown';
		const apiKey = bearerKey(req.headers.authorization);
		const authorized = apiKey !== null && apiKey === options.keys[profile.name];
		// The task a request is about: the cover a status read asks for, the music a generate names.
		const taskId =
			endpoint === 'status'
				? url.searchParams.get(profile.statusIdParam)
				: endpoint === 'generate'
					? pickString(body, profile.musicTaskIdFields(options))
					: null;
		/** @type {RequestLogEntry} */
		const entry = {
			provider: profile.name,
			endpoint,
			taskId,
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: redactHeaders(req.headers),
			authorized,
			body,
			at: Date.now(),
		};
		requests.push(entry);
		/** @type {ApiContext} */
		const ctx = { method, subPath, query: url.searchParams, body, apiKey, taskId };
		const answer = answerApi(profile, req, ctx, endpoint, authorized, valid);
		await reply(req, res, answer, options.responseDelayMs);
		entry.answer = summarizeAnswer(answer, ctx.shownPhase);
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url */
	async function handleImage(req, res, url) {
		await readBody(req);
		requests.push({
			provider: 'images',
			endpoint: 'image',
			method: req.method ?? 'GET',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: redactHeaders(req.headers),
			authorized: true,
			body: null,
			at: Date.now(),
		});
		const fault = takeFault('images', 'image');
		if (fault) {
			return reply(
				req,
				res,
				faultReply(fault, (code, message, httpStatus) => ({
					status: httpStatus ?? code,
					body: message ?? `Error ${code}`,
					contentType: 'text/plain; charset=utf-8',
				})),
				0,
			);
		}
		const fileName = url.pathname.slice('/images/'.length);
		const match = /^([A-Za-z0-9_-]+)_(\d+)\.png$/.exec(fileName);
		const known =
			match && tasks.has(match[1]) && Number(match[2]) >= 1 && Number(match[2]) <= IMAGE_COUNT;
		if (!known || (req.method !== 'GET' && req.method !== 'HEAD')) {
			return send(res, 404, 'Not Found', {}, 'text/plain; charset=utf-8');
		}
		send(res, 200, pngFor(fileName), { 'Cache-Control': 'no-store' }, 'image/png');
	}

	// -------------------------------------------------------------------------- control API

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res @param {URL} url */
	async function handleControl(req, res, url) {
		const raw = await readBody(req);
		const { value: body, valid } = parseBody(raw);
		if (!valid) return send(res, 400, { error: 'body must be JSON' });
		const route = `${req.method} ${url.pathname.slice('/__control'.length).replace(/\/+$/, '')}`;
		const q = url.searchParams;
		try {
			const completeMatch = /^POST \/tasks\/([^/]+)\/complete$/.exec(route);
			if (completeMatch) {
				const outcome = /** @type {any} */ (body)?.outcome;
				return send(res, 200, completeTask(decodeURIComponent(completeMatch[1]), outcome));
			}
			switch (route) {
				case 'GET /health':
					return send(res, 200, { ok: true, url: baseUrl, baseUrls: api.baseUrls });
				case 'POST /reset':
					api.reset();
					return send(res, 200, { ok: true });
				case 'GET /options':
					return send(res, 200, options);
				case 'POST /configure':
					return send(res, 200, api.configure(/** @type {EmulatorOptionsInput} */ (body ?? {})));
				case 'GET /faults':
					return send(res, 200, api.pendingFaults());
				case 'POST /faults':
					for (const fault of Array.isArray(body) ? body : [body]) injectFault(fault);
					return send(res, 200, { ok: true, pending: api.pendingFaults() });
				case 'DELETE /faults':
					faults.length = 0;
					return send(res, 200, { ok: true });
				case 'POST /kie/callback':
					return send(
						res,
						200,
						await sendKieCallback(/** @type {SendKieCallbackOptions} */ (body)),
					);
				case 'POST /kie/music-callback':
					return send(
						res,
						200,
						await sendKieMusicCallback(/** @type {SendKieMusicCallbackOptions} */ (body)),
					);
				case 'GET /requests':
					return send(
						res,
						200,
						requests.filter(
							(r) =>
								(!q.get('provider') || r.provider === q.get('provider')) &&
								(!q.get('endpoint') || r.endpoint === q.get('endpoint')),
						),
					);
				case 'DELETE /requests':
					requests.length = 0;
					return send(res, 200, { ok: true });
				case 'GET /tasks':
					return send(
						res,
						200,
						listTasks(/** @type {ProviderName | undefined} */ (q.get('provider') ?? undefined)),
					);
				case 'GET /callbacks':
					return send(res, 200, callbacks);
				default:
					return send(res, 404, { error: `unknown control route ${route}` });
			}
		} catch (err) {
			return send(res, 400, { error: err instanceof Error ? err.message : String(err) });
		}
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async function onRequest(req, res) {
		try {
			const url = new URL(req.url ?? '/', `http://${HOST}`);
			const path = url.pathname;
			if (path.startsWith('/__control/')) return await handleControl(req, res, url);
			if (path.startsWith('/images/')) return await handleImage(req, res, url);
			const profile = Object.values(PROFILES).find(
				(p) => path === p.prefix || path.startsWith(`${p.prefix}/`),
			);
			if (profile) return await handleApi(profile, req, res, url);
			send(res, 404, { error: `nothing emulated at ${path}` });
		} catch (err) {
			if (!res.headersSent)
				send(res, 500, { error: err instanceof Error ? err.message : String(err) });
			else res.destroy();
		}
	}

	/** @param {ProviderName} [provider] */
	function listTasks(provider) {
		return [...tasks.values()]
			.filter((t) => !provider || t.provider === provider)
			.map((task) => snapshot(task));
	}

	/** Cancels callback work (timers, loops, outgoing POSTs). */
	function cancelCallbackWork() {
		epoch += 1;
		taskTimers.clear();
		completionTimers.clear();
		for (const req of outgoing) req.destroy(new Error('emulator reset or stopped'));
		outgoing.clear();
	}

	/** @type {Emulator} */
	const api = {
		async start(port = 0) {
			if (server) throw new Error('emulator already started');
			const srv = http.createServer((req, res) => void onRequest(req, res));
			await new Promise((resolve, reject) => {
				srv.once('error', reject);
				srv.listen(port, HOST, () => {
					srv.off('error', reject);
					resolve(undefined);
				});
			});
			server = srv;
			const address = /** @type {import('node:net').AddressInfo} */ (srv.address());
			baseUrl = `http://${HOST}:${address.port}`;
			return baseUrl;
		},
		async stop() {
			cancelCallbackWork();
			ioTimers.clear();
			const srv = server;
			server = null;
			if (!srv) return;
			await new Promise((resolve) => {
				srv.close(() => resolve(undefined));
				srv.closeAllConnections();
			});
		},
		get url() {
			return requireUrl();
		},
		get baseUrls() {
			const url = requireUrl();
			return perProvider((profile) => `${url}${profile.prefix}`);
		},
		get keys() {
			return { ...options.keys };
		},
		get options() {
			return structuredClone(options);
		},
		requests,
		callbacks,
		reset() {
			cancelCallbackWork();
			tasks.clear();
			coverByMusic.clear();
			requests.length = 0;
			callbacks.length = 0;
			faults.length = 0;
			rateWindows.clear();
			options = structuredClone(baseline);
		},
		configure(partial) {
			options = mergeOptions(options, partial);
			return structuredClone(options);
		},
		injectFault,
		pendingFaults: () => faults.map(({ remaining, ...fault }) => ({ ...fault, times: remaining })),
		sendKieCallback,
		sendKieMusicCallback,
		imageBytes: (fileName) => pngFor(fileName),
		imageUrls,
		getCoverTask(coverTaskId) {
			const task = tasks.get(coverTaskId);
			return task ? snapshot(task) : undefined;
		},
		findCoverTask(provider, musicTaskId) {
			const id = coverByMusic.get(`${provider} ${musicTaskId}`);
			return id ? api.getCoverTask(id) : undefined;
		},
		listTasks,
		completeTask,
	};
	return api;
}

module.exports = { createEmulator, defaultOptions, perProvider, PROVIDER_NAMES, IMAGE_COUNT };
