'use strict';
// The editor scenario's checks of runs started from the editor: the Music Cover Trigger's panel and
// a test callback, the cover-to-files example run with its covers in the binary view, and the
// callback-wait example, parked with a resume URL kie.ai cannot reach. Each check says what the
// user saw when it fails.
const fs = require('node:fs');
const path = require('node:path');
const { ok, equal, fmt } = require('../check');
const { finishedKieCover } = require('../kieCover');
const wfs = require('../../../../stack/examples');
const { DEFAULT_PROVIDER } = require('../../../../stack/providers');

async function triggerChecks({ stack, check, ui, page, shot }) {
	const { n8n, emulator, creds } = stack;
	let workflow;
	const opened = await check(
		'editor: Music Cover Trigger panel: one notice at most, own texts',
		async () => {
			workflow = await n8n.createWorkflow(
				wfs.bind(wfs.loadExample('trigger-signed-callback'), { creds, name: 'editor: trigger' }),
			);
			await ui.openWorkflow(workflow.id);
			await ui.openNode('Cover callback');
			await shot('trigger-panel');
			const problems = [];
			const notices = await ui.notices();
			if (notices.length > 1) problems.push(`${notices.length} notices: ${fmt(notices)}`);
			// The credential of this stack has a webhook HMAC key: callbacks are authenticated.
			const unsigned = notices.filter((n) => /unauthenticated|without a webhook hmac/i.test(n));
			if (unsigned.length)
				problems.push(
					`warns of unauthenticated callbacks although the credential has a key: ${fmt(unsigned)}`,
				);
			const header = await page.getByTestId('trigger-header').innerText();
			if (/^Pull in events from Music Cover$/.test(header.trim()))
				problems.push(`n8n's generic header "${header.trim()}"`);
			ok(problems.length === 0, problems.join('\n'));
			return `header: ${header.trim()}`;
		},
	);
	if (!workflow) return;
	await check(
		'editor: Music Cover Trigger 1.2 offers Confirm Status once under Add Option, switched on when added',
		async () => {
			if (!opened) await ui.openNode('Cover callback');
			const offered = await ui.collectionOptions();
			equal(
				offered.filter((o) => o === 'Confirm Status').length,
				1,
				`"Confirm Status" entries under Add Option (${fmt(offered)})`,
			);
			await ui.addCollectionOption('Confirm Status');
			await shot('trigger-confirm-status');
			equal(await ui.switchOn('confirmStatus'), true, 'Confirm Status switched on once added');
			return `options: ${offered.join(', ')}`;
		},
	);
	await check(
		'editor: Music Cover Trigger listens; a test callback gets a small JSON answer',
		async () => {
			if (!opened) await ui.openNode('Cover callback');
			await page.getByTestId('trigger-execute-button').click();
			await page.waitForTimeout(1000);
			await shot('trigger-listening');
			const listening = await ui.closeNdvIfOpen().then(() => ui.canvasNodeText('Cover callback'));
			await shot('trigger-listening-canvas');
			const webhookId = workflow.nodes.find((n) => n.name === 'Cover callback').webhookId;
			const { coverTaskId } = await finishedKieCover(
				emulator,
				`music-editor-trigger-${Date.now()}`,
			);
			const answer = await emulator.sendKieCallback({
				coverTaskId,
				url: `${n8n.baseUrl}/webhook-test/${webhookId}/callback`,
			});
			await ui.openNode('Cover callback');
			await page
				.getByTestId('output-panel')
				.getByText(coverTaskId)
				.first()
				.waitFor({ timeout: 20000 });
			await shot('trigger-test-event');
			const problems = [];
			if (/Waiting for you to create an event in/.test(listening))
				problems.push(`canvas shows n8n's generic listening text: ${fmt(listening)}`);
			if (answer.status !== 200) problems.push(`HTTP ${answer.status}`);
			// The answer as kie.ai reads it: a JSON body (the emulator hands it over as text).
			let body = answer.body;
			if (typeof body === 'string') {
				try {
					body = JSON.parse(body);
				} catch {
					// Not JSON: reported below.
				}
			}
			if (
				!body ||
				typeof body !== 'object' ||
				Array.isArray(body) ||
				JSON.stringify(body).length > 300
			)
				problems.push(`answer body is not a small JSON object: ${fmt(body)}`);
			ok(problems.length === 0, problems.join('\n'));
			return `answer ${JSON.stringify(body)}`;
		},
	);
	await ui.closeNdvIfOpen();
}

async function exampleRunChecks({ stack, check, ui, page, shot }) {
	const { n8n, creds, outDir } = stack;
	let ran = false;
	await check(
		`editor: the cover-to-files example runs from the editor (${DEFAULT_PROVIDER.displayName})`,
		async () => {
			const folder = path.join(outDir, 'editor');
			fs.mkdirSync(folder, { recursive: true });
			const wf = wfs.bind(wfs.loadExample('cover-to-files'), {
				creds,
				provider: DEFAULT_PROVIDER.id,
				name: 'editor: cover-to-files',
			});
			wfs.setField(wf, 'Track', 'musicTaskId', `music-editor-${Date.now()}`);
			wfs.setField(wf, 'Track', 'outputFolder', folder);
			const created = await n8n.createWorkflow(wf);
			await ui.openWorkflow(created.id);
			await shot('example-canvas');
			const ex = await ui.runWorkflow(n8n, created.id);
			await shot('example-ran');
			equal(ex.status, 'success', `execution ${ex.id} status`);
			ran = true;
		},
	);
	if (!ran) return;
	await check('editor: binary view shows the covers as cover-sized images', async () => {
		await ui.openNode('Wait for cover');
		await page.getByTestId('output-panel').getByTestId('radio-button-binary').click();
		await shot('binary-view');
		const cards = await page
			.getByTestId('output-panel')
			.getByTestId('ndv-view-binary-data')
			.count();
		ok(cards >= 1, 'no binary data to view in the output panel');
		await page.getByTestId('output-panel').getByTestId('ndv-view-binary-data').first().click();
		const img = page.locator('img[src*="binary-data"]').first();
		await img.waitFor();
		await page.waitForFunction((el) => el.complete, await img.elementHandle());
		const size = await img.evaluate((el) => ({ width: el.naturalWidth, height: el.naturalHeight }));
		await shot('binary-image');
		ok(size.width >= 256 && size.height >= 256, 'cover image is a speck, not a cover', size);
		return `${cards} images, first ${size.width}x${size.height}`;
	});
	await page.keyboard.press('Escape');
	await ui.closeNdvIfOpen();
}

async function callbackWaitChecks({ stack, check, ui, page, shot }) {
	const { n8n, creds } = stack;
	const NODE_NAME = 'Generate cover and wait for callback';
	let ran = false;
	await check('editor: the callback-wait example runs from the editor', async () => {
		const wf = wfs.bind(wfs.loadExample('callback-wait'), { creds, name: 'editor: callback wait' });
		wfs.setField(wf, 'Track', 'musicTaskId', `music-editor-cb-${Date.now()}`);
		const created = await n8n.createWorkflow(wf);
		await ui.openWorkflow(created.id);
		const ex = await ui.runWorkflow(n8n, created.id);
		await shot('callback-wait-ran');
		equal(ex.status, 'success', `execution ${ex.id} status`);
		ran = true;
	});
	if (!ran) return;
	await check(
		'editor: a parked run whose resume URL kie.ai cannot reach says so in its output',
		async () => {
			// No callback comes for this track: the user sees the run waiting, and needs the reason.
			const wf = wfs.bind(wfs.loadExample('callback-wait'), {
				creds,
				name: 'editor: callback wait, unreachable',
			});
			wfs.setField(wf, 'Track', 'musicTaskId', `never-editor-cb-${Date.now()}`);
			const created = await n8n.createWorkflow(wf);
			await ui.openWorkflow(created.id);
			const id = await ui.startWorkflow(n8n, created.id);
			const ex = await n8n.waitForExecution(
				id,
				(e) => e.status === 'waiting' || Boolean(e.waitTill),
				{ timeoutMs: 30000 },
			);
			await page.waitForTimeout(1000);
			await shot('callback-wait-parked');
			const run = ex.data?.resultData?.runData?.[NODE_NAME]?.[0];
			const hints = (run?.hints ?? []).map((hint) => hint.message).join(' | ');
			const items = run?.data?.main?.[0] ?? [];
			const itemText = items.map((item) => item.json?.error?.message ?? '').join(' | ');
			ok(
				/127\.0\.0\.1|localhost/.test(hints) && /127\.0\.0\.1|localhost/.test(itemText),
				'the parked run does not carry the warning in its hints and items',
				`hints: ${hints || '(none)'}; items: ${itemText.slice(0, 300) || '(none)'}`,
			);
			await n8n.api('POST', `/executions/${id}/stop`).catch(() => undefined);
			return hints;
		},
	);
	await ui.closeNdvIfOpen();
}

module.exports = { triggerChecks, exampleRunChecks, callbackWaitChecks };
