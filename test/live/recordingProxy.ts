/**
 * A forward proxy on 127.0.0.1 for the live check: the credential's base URL points here, each
 * request goes on to the provider's base URL unchanged, and each raw answer is recorded before
 * the node reads it. The API key is forwarded, never recorded; echoes of it are redacted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Headers the node sends that the provider needs; the proxy adds none of its own. */
const FORWARDED_REQUEST_HEADERS = ['authorization', 'user-agent', 'content-type', 'accept'];
/** Headers of the answer the node reads besides its body. */
const FORWARDED_ANSWER_HEADERS = ['content-type', 'retry-after'];
/** Longer than the node's own request timeout (30 s), so the node gives up first. */
const UPSTREAM_TIMEOUT_MS = 60_000;

export interface RecordedExchange {
	method: string;
	/** Path and query below the base URL, as the node sent them. */
	path: string;
	/** The JSON the node sent, or null. */
	requestBody: unknown;
	/** 0 when the provider could not be reached (then `error` says why). */
	httpStatus: number;
	headers: Record<string, string>;
	/** The answer's body as text, exactly as the provider sent it (secrets redacted). */
	body: string;
	error?: string;
	at: string;
}

export interface RecordingProxy {
	url: string;
	exchanges: RecordedExchange[];
	stop(): Promise<void>;
}

function redact(text: string, secrets: string[]): string {
	return secrets
		.filter((secret) => secret.length >= 4)
		.reduce((result, secret) => result.split(secret).join('***'), text);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

function parseJson(text: string): unknown {
	if (text.trim() === '') return null;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Starts the proxy; `target` is the provider's base URL (with its path, e.g. `.../api/v1`). */
export async function startRecordingProxy(
	target: string,
	secrets: string[],
): Promise<RecordingProxy> {
	const base = target.replace(/\/+$/, '');
	const exchanges: RecordedExchange[] = [];

	async function forward(req: http.IncomingMessage, res: http.ServerResponse) {
		const requestBody = await readBody(req);
		const headers: Record<string, string> = {};
		for (const name of FORWARDED_REQUEST_HEADERS) {
			const value = req.headers[name];
			if (typeof value === 'string') headers[name] = value;
		}
		const exchange: RecordedExchange = {
			method: req.method ?? 'GET',
			path: req.url ?? '/',
			requestBody: parseJson(redact(requestBody.toString('utf8'), secrets)),
			httpStatus: 0,
			headers: {},
			body: '',
			at: new Date().toISOString(),
		};
		exchanges.push(exchange);
		try {
			const answer = await fetch(`${base}${exchange.path}`, {
				method: exchange.method,
				headers,
				body: requestBody.length > 0 ? requestBody : undefined,
				redirect: 'manual',
				signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
			});
			const body = Buffer.from(await answer.arrayBuffer());
			exchange.httpStatus = answer.status;
			exchange.body = redact(body.toString('utf8'), secrets);
			for (const name of FORWARDED_ANSWER_HEADERS) {
				const value = answer.headers.get(name);
				if (value !== null) exchange.headers[name] = value;
			}
			res.writeHead(answer.status, exchange.headers);
			res.end(body);
		} catch (error) {
			exchange.error = redact(error instanceof Error ? error.message : String(error), secrets);
			// The node sees what a lost connection looks like, as it would without the proxy.
			res.destroy();
		}
	}

	const server = http.createServer((req, res) => void forward(req, res));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		exchanges,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
