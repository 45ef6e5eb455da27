'use strict';
// A stand-in for registry.npmjs.org that serves one package, the packed tarball under test, so that
// n8n can install it by environment (N8N_COMMUNITY_PACKAGES) as it will once it is published.
//
// Why this shape (read in n8n 2.41.1's dist/modules/community-packages): n8n installs a declared
// package only from its registry (`npm pack name@version --registry=<registry>`, then compares the
// declared checksum with the registry's dist.integrity), never from a file or URL (the version must
// be semver or a dist-tag). Its registry setting, N8N_COMMUNITY_PACKAGES_REGISTRY, is refused without
// the enterprise licence feature feat:communityNodesCustomRegistry (FeatureNotLicensedError), and the
// default is passed to npm on its command line, so no npm config can replace it. What n8n and npm do
// honour is the standard proxy environment (HTTPS_PROXY, NO_PROXY). So this is an HTTPS proxy on
// 127.0.0.1 that answers CONNECT registry.npmjs.org:443 itself, under a certificate made for the run
// and trusted only by the processes given its file (NODE_EXTRA_CA_CERTS for n8n, npm_config_cafile
// for npm, which uses its own CA list when a cafile is configured), and refuses every other host. Each client names itself in the proxy URL's user (http://main:x@...); every request is kept
// in `requests` and logged to registry.log.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const tls = require('node:tls');
const crypto = require('node:crypto');
const proc = require('./proc');
const { integrityOf, packageJsonOf } = require('../scripts/community-packages-json');

const REGISTRY_HOST = 'registry.npmjs.org';

/** A self-signed certificate for registry.npmjs.org (openssl), valid for two days. */
async function makeCertificate(dir) {
	const keyFile = path.join(dir, 'registry-key.pem');
	const certFile = path.join(dir, 'registry-cert.pem');
	const res = await proc.run(
		'openssl',
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			keyFile,
			'-out',
			certFile,
			'-days',
			'2',
			'-subj',
			`/CN=${REGISTRY_HOST}`,
			'-addext',
			`subjectAltName=DNS:${REGISTRY_HOST}`,
		],
		{ timeoutMs: 30000 },
	);
	if (res.code !== 0) throw new Error(`openssl could not make a certificate:\n${res.stderr}`);
	return { keyFile, certFile };
}

/** The registry's documents for one published tarball: packument, version manifest, tarball. */
function registryDocuments(tgz) {
	const bytes = fs.readFileSync(tgz);
	const pkg = packageJsonOf(bytes);
	const tarballPath = `/${pkg.name}/-/${pkg.name}-${pkg.version}.tgz`;
	const manifest = {
		...pkg,
		_id: `${pkg.name}@${pkg.version}`,
		dist: {
			integrity: integrityOf(bytes),
			shasum: crypto.createHash('sha1').update(bytes).digest('hex'),
			tarball: `https://${REGISTRY_HOST}${tarballPath}`,
		},
	};
	const packument = {
		_id: pkg.name,
		name: pkg.name,
		'dist-tags': { latest: pkg.version },
		versions: { [pkg.version]: manifest },
	};
	return {
		name: pkg.name,
		version: pkg.version,
		integrity: manifest.dist.integrity,
		routes: new Map([
			[`/${pkg.name}`, { type: 'application/json', body: JSON.stringify(packument) }],
			[`/${pkg.name}/${pkg.version}`, { type: 'application/json', body: JSON.stringify(manifest) }],
			[`/${pkg.name}/latest`, { type: 'application/json', body: JSON.stringify(manifest) }],
			[tarballPath, { type: 'application/octet-stream', body: bytes }],
		]),
	};
}

/** The client named in a Proxy-Authorization header (the proxy URL's user), or "anonymous". */
function clientOf(req) {
	const m = /^Basic\s+(\S+)/i.exec(req.headers['proxy-authorization'] || '');
	return m ? Buffer.from(m[1], 'base64').toString('utf8').split(':')[0] : 'anonymous';
}

/**
 * Starts the stand-in. opts: { tgz, dir (certificate, key, trust file), logDir }.
 * Resolves { port, name, version, integrity, caFile, proxyUrl(client), requests, stop() }.
 */
async function startRegistryStandIn({ tgz, dir, logDir }) {
	fs.mkdirSync(dir, { recursive: true });
	const docs = registryDocuments(tgz);
	const { keyFile, certFile } = await makeCertificate(dir);
	const secureContext = tls.createSecureContext({
		key: fs.readFileSync(keyFile),
		cert: fs.readFileSync(certFile),
	});
	// The processes keep trusting what they trusted before (the machine's extra CAs, if any): this
	// file replaces NODE_EXTRA_CA_CERTS and npm's cafile for them.
	const caFile = path.join(dir, 'trusted-cas.pem');
	const inherited = process.env.NODE_EXTRA_CA_CERTS;
	fs.writeFileSync(
		caFile,
		(inherited && fs.existsSync(inherited) ? `${fs.readFileSync(inherited, 'utf8')}\n` : '') +
			fs.readFileSync(certFile, 'utf8'),
	);

	const logFile = path.join(logDir, 'registry.log');
	const requests = [];
	const record = (entry) => {
		requests.push(entry);
		fs.appendFileSync(logFile, `${JSON.stringify(entry)}\n`);
	};

	const registry = http.createServer((req, res) => {
		const pathname = decodeURIComponent(new URL(req.url, `https://${REGISTRY_HOST}`).pathname);
		const doc = req.method === 'GET' || req.method === 'HEAD' ? docs.routes.get(pathname) : null;
		record({
			at: new Date().toISOString(),
			client: req.socket.proxyClient,
			host: REGISTRY_HOST,
			method: req.method,
			path: pathname,
			status: doc ? 200 : 404,
			userAgent: req.headers['user-agent'] || '',
		});
		if (!doc) {
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: 'Not found' }));
			return;
		}
		res.writeHead(200, { 'content-type': doc.type, 'content-length': doc.body.length });
		res.end(req.method === 'HEAD' ? undefined : doc.body);
	});

	const proxy = http.createServer((req, res) => {
		// Plain-HTTP proxying (HTTP_PROXY) is not offered.
		record({
			at: new Date().toISOString(),
			client: clientOf(req),
			host: req.headers.host,
			method: req.method,
			path: req.url,
			status: 403,
		});
		res.writeHead(403).end();
	});
	const sockets = new Set();
	proxy.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	proxy.on('connect', (req, socket, head) => {
		const client = clientOf(req);
		socket.on('error', () => {});
		if (req.url !== `${REGISTRY_HOST}:443`) {
			record({
				at: new Date().toISOString(),
				client,
				host: req.url,
				method: 'CONNECT',
				status: 403,
			});
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head?.length) socket.unshift(head);
		const tlsSocket = new tls.TLSSocket(socket, { isServer: true, secureContext });
		tlsSocket.proxyClient = client;
		tlsSocket.on('error', () => socket.destroy());
		registry.emit('connection', tlsSocket);
	});

	await new Promise((resolve, reject) => {
		proxy.once('error', reject);
		proxy.listen(0, '127.0.0.1', resolve);
	});
	const { port } = proxy.address();
	return {
		port,
		name: docs.name,
		version: docs.version,
		integrity: docs.integrity,
		caFile,
		requests,
		/** The proxy URL a client names itself with (its user shows in `requests`). */
		proxyUrl: (client) => `http://${encodeURIComponent(client)}:standin@127.0.0.1:${port}`,
		stop: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				proxy.close(() => resolve());
			}),
	};
}

module.exports = { startRegistryStandIn, REGISTRY_HOST };
