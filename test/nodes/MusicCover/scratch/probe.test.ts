import { NodeApiError } from 'n8n-workflow';
import { createEmulator } from '../../../emulator';
import { runMusicCover } from '../../../harness/n8nRuntime';

test('probe', async () => {
	const emulator = createEmulator({ readyAfterMs: 200 });
	await emulator.start();
	const creds = { udioApiProApi: { apiKey: 'udio-test-key', baseUrl: emulator.baseUrls.udioApiPro } };
	let t = Date.now();
	let r = await runMusicCover({ credentials: creds, cancelAfterMs: 300, parameters: { provider: 'udioApiPro', operation: 'generate', musicTaskId: 'never-1', waitMode: 'poll', options: { pollInterval: 1 } }, items: [{ json: {} }] });
	console.log(Date.now() - t, JSON.stringify(r.items), r.error?.message, r.run.status, emulator.requests.length);
	r = await runMusicCover({ credentials: creds, parameters: { provider: 'udioApiPro', operation: 'generate', musicTaskId: '={{ $json.obj }}', waitMode: 'noWait' }, items: [{ json: {obj: {a: 1}} }] });
	console.log(r.error?.message, r.error?.description);
	r = await runMusicCover({ credentials: creds, parameters: { provider: 'udioApiPro', operation: 'generate', musicTaskId: { a: 1 }, waitMode: 'noWait' }, items: [{ json: {} }] });
	console.log(r.error?.message, r.error?.description);
	r = await runMusicCover({ credentials: { udioApiProApi: { apiKey: 'bad-key-xyz', baseUrl: emulator.baseUrls.udioApiPro } }, parameters: { provider: 'udioApiPro', operation: 'getStatus', coverTaskId: 'abc' }, items: [{ json: {} }] });
	console.log(r.error instanceof NodeApiError, r.error?.constructor.name, r.error?.message, r.error?.description, (r.error as any)?.httpCode);
	emulator.injectFault({ provider: 'udioApiPro', code: 500, message: 'boom udio-test-key', times: 3, retryAfter: 0 });
	r = await runMusicCover({ credentials: creds, parameters: { provider: 'udioApiPro', operation: 'getStatus', coverTaskId: 'abc' }, items: [{ json: {} }] });
	console.log(r.error?.message, r.error?.description, emulator.requests.length, JSON.stringify(r.run).includes('udio-test-key'));
	console.log(JSON.stringify(r.run).slice(0, 3000));
	await emulator.stop();
}, 20000);
