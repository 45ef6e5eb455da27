// @ts-check
'use strict';

/**
 * A deterministic OpenAI-compatible chat model for end-to-end runs of n8n's AI Agent: the
 * `POST /v1/chat/completions` endpoint as OpenAI's Chat Completions API defines it
 * (https://platform.openai.com/docs/api-reference/chat/create), which n8n's OpenAI Chat Model
 * node calls at versions up to 1.2, and at 1.3 with "Use Responses API" off. Not a provider the
 * node talks to: a test device, so the agent's runs need no network and no model.
 *
 * What it answers (no randomness, no language understanding): the calls a user message asks for
 * are one tool call per value it gives for the first offered tool's parameters, written
 * `name: value` or `name=value` (`musicTaskId: a and musicTaskId: b` -> two calls of that tool).
 * - first turn after the user message: all those calls in one answer (OpenAI's parallel tool
 *   calls, its default), or only the first with `parallel_tool_calls: false` (then each later
 *   turn asks for the next one, as a model does when it may call one tool at a time);
 * - once every call has been made: a text answer that repeats every tool result it was given, so
 *   a test can check what the tool returned reached the model (and the model's last word);
 * - no such value (or no tools): a text answer saying so.
 *
 * HTTP lives in index.js (one route mount); this file is the model and its request log.
 *
 * @typedef {import('./types').ChatRequestLogEntry} ChatRequestLogEntry
 * @typedef {{ status: number, body: unknown }} ChatReply
 */

/** The API key the chat endpoint accepts (`Authorization: Bearer ...`). */
const OPENAI_TEST_KEY = 'openai-test-key';
/** Where the chat API is mounted on the emulator: an OpenAI credential's Base URL is `${url}${OPENAI_PREFIX}`. */
const OPENAI_PREFIX = '/openai/v1';
/** Words the answer after tool results starts with (tests look for them). */
const TOOL_RESULTS_HEADER = 'The tool returned:';
/** The text answer when the user message gives no value for any tool parameter. */
const NO_TOOL_CALL = 'No tool call: the message gives no value for any tool parameter.';

/**
 * OpenAI's error envelope (https://platform.openai.com/docs/guides/error-codes).
 * @param {number} status @param {string} message @param {string} type @param {string | null} code
 * @returns {ChatReply}
 */
const openAiError = (status, message, type, code = null) => ({
	status,
	body: { error: { message, type, param: null, code } },
});

/** A message's text: `content` is a string or an array of parts (`{ type: 'text', text }`). @param {any} message */
function textOf(message) {
	const content = message?.content;
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
	return '';
}

/** Escapes a string for a RegExp. @param {string} s */
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every value the text gives for a parameter, in order: `name: value` or `name=value`, the value
 * one token (quotes stripped).
 * @param {string} text @param {string} name @returns {string[]}
 */
function valuesFor(text, name) {
	const re = new RegExp(`\\b${escapeRe(name)}\\s*[:=]\\s*["'\`]?([^\\s"'\`,;]+)`, 'g');
	return [...text.matchAll(re)].map((m) => m[1].replace(/[.)]+$/, ''));
}

/**
 * The tool calls a user message asks for: for the first offered function tool that has values in
 * the text, one call per value of its most-mentioned parameter.
 * @param {any[]} tools @param {string} text
 * @returns {{ name: string, args: Record<string, string> }[]}
 */
function toolCallsFor(tools, text) {
	for (const tool of tools) {
		const fn = tool?.type === 'function' ? tool.function : null;
		if (!fn?.name) continue;
		const params = Object.keys(fn.parameters?.properties ?? {});
		const values = Object.fromEntries(params.map((p) => [p, valuesFor(text, p)]));
		const count = Math.max(0, ...Object.values(values).map((v) => v.length));
		if (count === 0) continue;
		return Array.from({ length: count }, (_, i) => ({
			name: fn.name,
			args: Object.fromEntries(
				params.filter((p) => values[p].length > 0).map((p) => [p, values[p][i] ?? values[p][0]]),
			),
		}));
	}
	return [];
}

/**
 * @param {string} model @param {number} turn @param {Record<string, unknown>} message
 * @param {string} finishReason
 */
function completion(model, turn, message, finishReason) {
	return {
		id: `chatcmpl-emulator-${turn}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
		usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
	};
}

/**
 * The answer to one chat completions request body.
 * @param {unknown} body @param {number} turn a request counter (ids of the answer and its tool calls)
 * @returns {ChatReply}
 */
function chatAnswer(body, turn) {
	const b = /** @type {any} */ (body);
	if (typeof b !== 'object' || b === null || !Array.isArray(b.messages) || !b.model)
		return openAiError(400, 'model and messages are required', 'invalid_request_error');
	// Server-sent streaming is not played: n8n's agent streams only behind a streaming Chat Trigger.
	if (b.stream === true)
		return openAiError(400, 'stream: true is not emulated', 'invalid_request_error');
	const messages = /** @type {any[]} */ (b.messages);
	const lastUser = messages.map((m) => m?.role).lastIndexOf('user');
	const turnMessages = messages.slice(lastUser + 1);
	const planned = toolCallsFor(Array.isArray(b.tools) ? b.tools : [], textOf(messages[lastUser]));
	const made = turnMessages.flatMap((m) => (m?.role === 'assistant' && m.tool_calls) || []).length;
	const remaining = planned.slice(made);
	if (remaining.length > 0 && (made === 0 || b.parallel_tool_calls === false)) {
		const calls = b.parallel_tool_calls === false ? remaining.slice(0, 1) : remaining;
		const message = {
			role: 'assistant',
			content: null,
			refusal: null,
			tool_calls: calls.map((call, i) => ({
				id: `call_emulator_${turn}_${i + 1}`,
				type: 'function',
				function: { name: call.name, arguments: JSON.stringify(call.args) },
			})),
		};
		return { status: 200, body: completion(b.model, turn, message, 'tool_calls') };
	}
	const toolResults = turnMessages.filter((m) => m?.role === 'tool');
	const content =
		toolResults.length > 0
			? [TOOL_RESULTS_HEADER, ...toolResults.map(textOf)].join('\n')
			: NO_TOOL_CALL;
	return {
		status: 200,
		body: completion(b.model, turn, { role: 'assistant', content, refusal: null }, 'stop'),
	};
}

/**
 * The chat model with its request log. `handle` answers one request (route and key checked here,
 * HTTP in index.js); `requests` keeps every request body in arrival order.
 */
function createOpenAiChat() {
	/** @type {ChatRequestLogEntry[]} */
	const requests = [];
	return {
		requests,
		/**
		 * @param {string} method @param {string} subPath the path below OPENAI_PREFIX
		 * @param {string | null} apiKey the bearer key sent @param {unknown} body parsed JSON (or raw text)
		 * @param {boolean} validJson
		 * @returns {ChatReply}
		 */
		handle(method, subPath, apiKey, body, validJson) {
			if (`${method} ${subPath}` !== 'POST /chat/completions')
				return openAiError(
					404,
					`Unknown request URL: ${method} ${OPENAI_PREFIX}${subPath}`,
					'invalid_request_error',
					'unknown_url',
				);
			if (apiKey !== OPENAI_TEST_KEY)
				return openAiError(
					401,
					'Incorrect API key provided.',
					'invalid_request_error',
					'invalid_api_key',
				);
			if (!validJson)
				return openAiError(
					400,
					'We could not parse the JSON body of your request.',
					'invalid_request_error',
				);
			const reply = chatAnswer(body, requests.length + 1);
			requests.push({ at: Date.now(), body, answer: reply.body });
			return reply;
		},
		reset() {
			requests.length = 0;
		},
	};
}

module.exports = {
	createOpenAiChat,
	chatAnswer,
	OPENAI_TEST_KEY,
	OPENAI_PREFIX,
	TOOL_RESULTS_HEADER,
	NO_TOOL_CALL,
};
