'use strict';
// Run with a Node that has a global WebSocket (n8n 2.x's Node 24): connects to the inspector of
// the n8n process under test (ws URL as argument), forces a full garbage collection and prints
// `process.memoryUsage()` of that process as one JSON line. Heap after a collection is what
// was retained, not what the collector has yet to reclaim.
const url = process.argv[2];
if (!url || typeof WebSocket !== 'function') {
	console.error('usage: node (>= 22) heap-probe.js ws://127.0.0.1:PORT/ID');
	process.exit(2);
}
const socket = new WebSocket(url);
const pending = new Map();
let nextId = 0;
const send = (method, params = {}) =>
	new Promise((resolve, reject) => {
		const id = ++nextId;
		pending.set(id, { resolve, reject });
		socket.send(JSON.stringify({ id, method, params }));
	});
socket.addEventListener('message', (event) => {
	const message = JSON.parse(String(event.data));
	const waiter = pending.get(message.id);
	if (!waiter) return;
	pending.delete(message.id);
	if (message.error) waiter.reject(new Error(message.error.message));
	else waiter.resolve(message.result);
});
socket.addEventListener('error', () => {
	console.error(`cannot connect to ${url}`);
	process.exit(1);
});
socket.addEventListener('open', async () => {
	try {
		await send('HeapProfiler.collectGarbage');
		await send('HeapProfiler.collectGarbage');
		const { result } = await send('Runtime.evaluate', {
			expression: 'JSON.stringify(process.memoryUsage())',
			returnByValue: true,
		});
		console.log(result.value);
		socket.close();
		process.exit(0);
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
});
setTimeout(() => {
	console.error('inspector did not answer within 30 s');
	process.exit(1);
}, 30000).unref();
