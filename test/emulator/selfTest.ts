// Shared by the emulator's self tests (emulator.<area>.test.ts): one emulator per test file, a
// client that speaks each provider's paths, and a local receiver for kie.ai's callbacks.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator } from './index';
import type { Emulator, ProviderName } from './types';

export const UA = 'emulator-self-test';

/** The three providers' generate/status paths below their base URLs. */
export const PATHS: Record<ProviderName, { generate: string; status: (id: string) => string }> = {
	kieAi: {
		generate: '/api/v1/suno/cover/generate',
		status: (id) => `/api/v1/suno/cover/record-info?taskId=${id}`,
	},
	udioApiPro: { generate: '/v2/cover/generate', status: (id) => `/v2/cover/status?task_id=${id}` },
	apiinOne: {
		generate: '/audio/music/cover/generate',
		status: (id) => `/audio/music/cover/status?task_id=${id}`,
	},
};

/** The generate body field each provider's current page names for the music task id. */
export const MUSIC_ID_FIELD: Record<ProviderName, string> = {
	kieAi: 'taskId',
	udioApiPro: 'taskId',
	apiinOne: 'task_id',
};

export interface Received {
	headers: http.IncomingHttpHeaders;
	body: { code: number; msg: string; data: Record<string, unknown> };
}

/** A local callback receiver answering with the given statuses in turn (then 200). */
export async function startReceiver(statuses: number[] = []) {
	const received: Received[] = [];
	const waiters: Array<() => void> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({
				headers: req.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			res.writeHead(statuses.shift() ?? 200, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
			waiters.splice(0).forEach((w) => w());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	const waitFor = async (count: number, timeoutMs = 5000) => {
		const deadline = Date.now() + timeoutMs;
		while (received.length < count) {
			if (Date.now() > deadline) throw new Error(`only ${received.length} callbacks arrived`);
			await new Promise<void>((resolve) => {
				waiters.push(resolve);
				setTimeout(resolve, 50);
			});
		}
		return received;
	};
	const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
	return { url, received, waitFor, close };
}

/** Runs `use` with a receiver answering `statuses` in turn (then 200), and closes it after. */
export async function withReceiver(
	statuses: number[],
	use: (receiver: Awaited<ReturnType<typeof startReceiver>>) => Promise<void>,
): Promise<void> {
	const receiver = await startReceiver(statuses);
	try {
		await use(receiver);
	} finally {
		await receiver.close();
	}
}
/**
 * Starts one emulator for the enclosing describe (reset after each test) and returns a client
 * for it; `emulator()` is the running emulator once the describe's tests run.
 */
export function useEmulatorUnderTest() {
	let emu: Emulator;

	beforeAll(async () => {
		emu = createEmulator({ readyAfterMs: 200, callbackRetryDelayMs: 20 });
		await emu.start();
	});
	afterEach(() => emu.reset());
	afterAll(() => emu.stop());

	const call = async (
		provider: ProviderName,
		path: string,
		init: { body?: unknown; key?: string | null } = {},
	) => {
		const key = init.key === undefined ? emu.keys[provider] : init.key;
		const res = await fetch(`${emu.baseUrls[provider]}${path}`, {
			method: init.body === undefined ? 'GET' : 'POST',
			headers: {
				'User-Agent': UA,
				'Content-Type': 'application/json',
				...(key === null ? {} : { Authorization: `Bearer ${key}` }),
			},
			body: init.body === undefined ? undefined : JSON.stringify(init.body),
		});
		const text = await res.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, json, text, headers: res.headers };
	};
	const generate = (provider: ProviderName, taskId: string, extra: Record<string, unknown> = {}) =>
		call(provider, PATHS[provider].generate, {
			body: {
				[MUSIC_ID_FIELD[provider]]: taskId,
				...(provider === 'kieAi' ? { callBackUrl: 'https://example.invalid/cb' } : {}),
				...extra,
			},
		});
	const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
	const eventually = async (check: () => boolean, timeoutMs = 3000) => {
		const deadline = Date.now() + timeoutMs;
		while (!check()) {
			if (Date.now() > deadline) throw new Error('condition not met in time');
			await sleep(10);
		}
	};

	return { emulator: () => emu, call, generate, sleep, eventually };
}
