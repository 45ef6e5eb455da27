'use strict';
// Starts the provider emulator (test/emulator/cli.js) as a child process and wraps its control API.
const path = require('node:path');
const fs = require('node:fs');
const { request } = require('./http');
const proc = require('./proc');

const REPO = path.resolve(__dirname, '..');
const KIE_HMAC_KEY = 'e2e-kie-webhook-hmac-key';

class Emulator {
	constructor(info, svc) {
		this.url = info.url;
		this.baseUrls = info.baseUrls;
		this.keys = info.keys;
		// The OpenAI-compatible chat endpoint (test/emulator/openai.js): { baseUrl, key }.
		this.openAi = info.openAi;
		this.svc = svc;
		this.hmacKey = svc.hmacKey;
		// n8n's answers to the callbacks sent through sendKieCallback, for the secrets scan.
		this.callbackAnswers = [];
	}

	async control(method, pathname, json) {
		const res = await request(method, `${this.url}/__control/${pathname}`, { json, expect: 200 });
		return res.body;
	}

	reset() {
		return this.control('POST', 'reset', {});
	}

	/** Runs `fn` with these options set, then puts back the values they replaced. */
	async withOptions(options, fn) {
		const before = await this.control('GET', 'options');
		await this.configure(options);
		try {
			return await fn();
		} finally {
			await this.configure(Object.fromEntries(Object.keys(options).map((k) => [k, before[k]])));
		}
	}

	configure(options) {
		return this.control('POST', 'configure', options);
	}

	fault(fault) {
		return this.control('POST', 'faults', fault);
	}

	/** The cover task made for this music task, or undefined: the emulator's findCoverTask. */
	async findCoverTask(provider, musicTaskId) {
		const tasks = await this.control('GET', `tasks?provider=${encodeURIComponent(provider)}`);
		return tasks.find((task) => task.musicTaskId === musicTaskId);
	}

	/**
	 * Finishes a cover task now, as the emulator's completeTask: outcome 'success' or 'failed', by
	 * default the one its music task id planned.
	 */
	completeTask(coverTaskId, outcome) {
		return this.control('POST', `tasks/${encodeURIComponent(coverTaskId)}/complete`, { outcome });
	}

	/** Makes kie.ai deliver a callback now; resolves { status, body } of the receiver's answer. */
	async sendKieCallback(opts) {
		const answer = await this.control('POST', 'kie/callback', opts);
		this.callbackAnswers.push({ url: opts.url, status: answer.status, body: answer.body });
		return answer;
	}

	/** Makes kie.ai deliver a MUSIC task's callback (not a cover's) now; resolves { status, body }. */
	async sendKieMusicCallback(opts) {
		const answer = await this.control('POST', 'kie/music-callback', opts);
		this.callbackAnswers.push({ url: opts.url, status: answer.status, body: answer.body });
		return answer;
	}

	requests() {
		return this.control('GET', 'requests');
	}

	callbacks() {
		return this.control('GET', 'callbacks');
	}

	/** The chat completion requests the emulated OpenAI model received: [{ at, body, answer }]. */
	chatRequests() {
		return this.control('GET', 'openai/requests');
	}

	async image(url) {
		const res = await request('GET', url, { raw: true, expect: 200 });
		return res.body;
	}

	/** Creates a kie.ai cover task straight through the provider API (as another client would). */
	async kieGenerate(musicTaskId, callBackUrl) {
		const res = await request('POST', `${this.baseUrls.kieAi}/api/v1/suno/cover/generate`, {
			json: { taskId: musicTaskId, callBackUrl },
			headers: { authorization: `Bearer ${this.keys.kieAi}`, 'user-agent': 'music-cover-e2e' },
			expect: 200,
		});
		if (res.body?.code !== 200)
			throw new Error(`kie generate answered ${JSON.stringify(res.body)}`);
		return res.body.data.taskId;
	}

	async kieRecord(coverTaskId) {
		const res = await request(
			'GET',
			`${this.baseUrls.kieAi}/api/v1/suno/cover/record-info?taskId=${encodeURIComponent(coverTaskId)}`,
			{
				headers: { authorization: `Bearer ${this.keys.kieAi}`, 'user-agent': 'music-cover-e2e' },
				expect: 200,
			},
		);
		return res.body?.data;
	}

	stop() {
		return this.svc.stop(5000);
	}
}

/**
 * Starts the emulator on a free loopback port. opts: { logDir, pidDir, hmacKey, readyAfterMs, port }
 */
async function startEmulator({
	logDir,
	pidDir,
	hmacKey = KIE_HMAC_KEY,
	readyAfterMs,
	port = 0,
	env = {},
} = {}) {
	const cli = path.join(REPO, 'test', 'emulator', 'cli.js');
	if (!fs.existsSync(cli)) throw new Error(`emulator not found at ${cli}`);
	const logFile = path.join(logDir, 'emulator.log');
	const svc = proc.startService({
		name: 'emulator',
		cmd: process.execPath,
		args: [cli, '--port', String(port)],
		env: {
			...process.env,
			...(hmacKey ? { EMULATOR_KIE_HMAC_KEY: hmacKey } : {}),
			...(readyAfterMs !== undefined ? { EMULATOR_READY_AFTER_MS: String(readyAfterMs) } : {}),
			...env,
		},
		logFile,
		pidDir,
	});
	svc.hmacKey = hmacKey;
	const deadline = Date.now() + 20000;
	while (Date.now() < deadline) {
		const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
		for (const line of text.split('\n')) {
			if (!line.startsWith('{')) continue;
			try {
				const info = JSON.parse(line);
				if (info.url) return new Emulator(info, svc);
			} catch {
				/* partial line */
			}
		}
		if (svc.exitCode !== null)
			throw new Error(`emulator exited (${svc.exitCode}):\n${proc.tail(logFile)}`);
		await proc.sleep(100);
	}
	throw new Error(`emulator did not print its address:\n${proc.tail(logFile)}`);
}

module.exports = { startEmulator, KIE_HMAC_KEY };
