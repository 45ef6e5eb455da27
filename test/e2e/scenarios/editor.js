'use strict';
// The package as a new user meets it in n8n 2.x's editor (headless Chromium, signed in as the
// owner): find the nodes by search in both node panels, add a Music Cover node and choose its
// provider, read the canvas subtitles, open the Music Cover Trigger and send it a test callback,
// run the example workflows and look at their output. One screenshot per step goes to
// .e2e/editor-<target>/ (NN-<step>.png); each check says what the user saw when it fails.
const fs = require('node:fs');
const path = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { ok, equal, fmt } = require('../lib/check');
const { launchBrowser, signIn } = require('../lib/browser');
const { OWNER } = require('../../../stack/n8n');
const proc = require('../../../stack/proc');
const wfs = require('../../../stack/examples');

const NODE = 'Music Cover';
// What a user types when looking for these nodes (issue 9).
const SEARCH_TERMS = ['music cover', 'cover art', 'album art', 'suno', 'udio', 'kie'];
const PROVIDER_LABELS = { kieAi: 'kie.ai', udioApiPro: 'udioapi.pro', apiinOne: 'apiin.one' };
// Only the adapters that send callbacks may offer the callback wait.
const CALLBACK_PROVIDERS = ['kieAi'];
// Parameter names are stored in workflows, so they are stable handles on the parameter panel.
const P = {
	provider: 'provider',
	operation: 'operation',
	waitMode: 'waitMode',
	callbackUrl: 'callbackUrl',
};
const SHOTS_ROOT = path.resolve(__dirname, '..', '..', '..', '.e2e');

const slug = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

module.exports = async function editor({ stack, check, target }) {
	const { n8n, creds } = stack;
	const shotsDir = path.join(SHOTS_ROOT, `editor-${target.key}`);
	fs.rmSync(shotsDir, { recursive: true, force: true });
	const credName = (provider) => creds[wfs.CREDENTIAL_TYPES[provider]].name;

	let browser;
	const launched = await check('editor: Chromium starts and the owner signs in', async () => {
		browser = await launchBrowser({
			profileDir: path.join(stack.root, 'chromium-profile'),
			shotsDir,
		});
		await signIn(browser.page, n8n.baseUrl, OWNER);
		await browser.shot('signed-in');
		return `screenshots in ${path.relative(process.cwd(), shotsDir)}`;
	});
	if (!launched) {
		if (browser) await browser.close();
		return;
	}
	const { page, shot } = browser;
	const ui = editorUi(page);

	try {
		// 1. Search, first in the trigger panel of a new workflow ("What triggers this workflow?").
		await ui.newWorkflow();
		await page.getByTestId('canvas-plus-button').click();
		await check('editor: trigger panel search finds Music Cover for every term', async () => {
			const found = await ui.searchAll(SEARCH_TERMS, 'trigger-panel', shot);
			return assertFoundEverywhere(found, 'trigger panel');
		});
		await check(
			'editor: trigger panel offers the Music Cover Trigger under Music Cover',
			async () => {
				const actions = await ui.openSearchResult('music cover', 'trigger-panel', shot);
				ok(
					actions.categories.some((c) => /^Triggers \(\d+\)/.test(c)),
					'the Music Cover entry lists no triggers',
					actions,
				);
				ok(
					!actions.actions.includes('On new Music Cover event'),
					'the trigger is offered as n8n\'s generic "On new Music Cover event"',
					actions,
				);
				return fmt(actions);
			},
		);
		// A Manual Trigger, so that the regular node panel ("What happens next?") opens next.
		await ui.closePanel();
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('manual');
		await ui.itemByName('Manual Trigger').click();
		await ui.closeNdvIfOpen();

		// 2. Search in the regular node panel; add a Music Cover node (through the AI category when
		// search cannot find it, so that the checks after this one still run).
		await page.getByTestId('node-creator-plus-button').click();
		await check('editor: node panel search finds Music Cover for every term', async () => {
			const found = await ui.searchAll(SEARCH_TERMS, 'node-panel', shot);
			return assertFoundEverywhere(found, 'node panel');
		});
		await check(
			'editor: node panel entry Music Cover holds both nodes (trigger and actions)',
			async () => {
				const actions = await ui.openSearchResult('music cover', 'node-panel', shot);
				ok(
					actions.categories.some((c) => /^Triggers \(\d+\)/.test(c)) &&
						actions.categories.some((c) => /^Actions \(4\)/.test(c)),
					'expected "Triggers (n)" and "Actions (4)" (Generate, Get Status, Wait for Completion, Get Credits) under Music Cover',
					actions,
				);
				return fmt(actions);
			},
		);
		const added = await check(
			'editor: add Music Cover > Generate from the node panel',
			async () => {
				const creator = page.getByTestId('node-creator');
				if (!(await ui.actionsShown())) {
					await ui.clearSearch();
					await page.getByTestId('node-creator').getByText('AI', { exact: true }).click();
					await page.getByTestId('node-creator-search-bar').fill('music cover');
					await ui.itemByName(NODE).first().click();
				}
				await creator.getByTestId('node-creator-category-item').first().waitFor();
				await shot('node-panel-music-cover-chosen');
				await creator
					.getByTestId('item-iterator-item')
					.filter({ hasText: /^Generate/ })
					.first()
					.click();
				await page.getByTestId('ndv').waitFor();
				// n8n picks a credential for a fresh node a moment after the panel opens.
				await page.waitForTimeout(1500);
				await shot('fresh-node');
			},
		);

		// 3. The fresh node: Provider first, with its default, and only that provider's credential.
		if (added) {
			await check('editor: fresh node shows Provider first, set to kie.ai', async () => {
				const names = await ui.parameterNames();
				ok(names.includes(P.provider), 'no Provider field in the parameter panel', names);
				equal(names[0], P.provider, 'first field of the parameter panel');
				ok(
					await ui.credentialsBelow(P.provider),
					'the Credential field comes before Provider (the user picks a credential before the provider)',
				);
				equal(await ui.optionValue(P.provider), PROVIDER_LABELS.kieAi, 'Provider value');
				return `fields: ${names.join(', ')}`;
			});
			await check('editor: fresh node asks for the kie.ai credential only', async () => {
				const shown = await ui.selectedCredential();
				const listed = await ui.credentialOptions(() => shot('fresh-node-credentials'));
				const problems = [];
				if (shown !== credName('kieAi'))
					problems.push(`n8n selected "${shown}" for the fresh node, not "${credName('kieAi')}"`);
				if (!isDeepStrictEqual(listed, [credName('kieAi')]))
					problems.push(
						`credentials offered: ${fmt(listed)}, expected only "${credName('kieAi')}"`,
					);
				ok(problems.length === 0, problems.join('\n'));
			});

			// 4. Switching provider shows and hides the right fields and modes.
			for (const provider of ['udioApiPro', 'apiinOne', 'kieAi']) {
				await check(
					`editor: provider ${PROVIDER_LABELS[provider]}: credential, wait modes, fields`,
					async () => {
						const problems = [];
						if ((await ui.parameterNames()).includes(P.provider)) {
							await ui.chooseOption(P.provider, PROVIDER_LABELS[provider]);
						} else {
							// Today's n8n hides Provider as the node's main auth field; its credential dropdown
							// switches provider instead. Go on that way to see what the rest of the panel does.
							problems.push('no Provider field (switched through the credential dropdown instead)');
							await ui.chooseCredential(credName(provider));
						}
						await page.waitForTimeout(500);
						await shot(`provider-${provider}`);
						const listed = await ui.credentialOptions(() =>
							shot(`provider-${provider}-credentials`),
						);
						if (!isDeepStrictEqual(listed, [credName(provider)]))
							problems.push(
								`credentials offered: ${fmt(listed)}, expected only ${credName(provider)}`,
							);
						const shown = await ui.selectedCredential();
						if (shown && shown !== credName(provider))
							problems.push(`credential shown: ${shown} (another provider's)`);
						const modes = await ui.optionList(P.waitMode);
						const callbackModes = modes.filter((m) => /callback/i.test(m));
						if (CALLBACK_PROVIDERS.includes(provider) && callbackModes.length === 0)
							problems.push(`no callback wait offered: ${fmt(modes)}`);
						if (!CALLBACK_PROVIDERS.includes(provider) && callbackModes.length)
							problems.push(`callback wait offered although it sends no callbacks: ${fmt(modes)}`);
						const names = await ui.parameterNames();
						const wantsCallbackUrl = CALLBACK_PROVIDERS.includes(provider);
						if (names.includes(P.callbackUrl) !== wantsCallbackUrl)
							problems.push(
								`Callback URL ${wantsCallbackUrl ? 'missing' : 'shown'} (fields: ${names.join(', ')})`,
							);
						ok(problems.length === 0, problems.join('\n'));
						return `wait modes: ${modes.join(' | ')}`;
					},
				);
			}
			await check(
				'editor: every field applies (names, Callback URL, Binary Property Prefix)',
				async () => {
					const problems = [];
					const operations = await ui.optionList(P.operation);
					const waitLabel = await ui.label(P.waitMode);
					if (operations.includes(waitLabel))
						problems.push(
							`the field "${waitLabel}" has the name of an operation (${operations.join(', ')})`,
						);
					const modes = await ui.optionList(P.waitMode);
					const callbackMode = modes.find((m) => /callback/i.test(m));
					if (callbackMode) {
						await ui.chooseOption(P.waitMode, callbackMode);
						await shot('wait-mode-callback');
						if ((await ui.parameterNames()).includes(P.callbackUrl))
							problems.push(`Callback URL shown in "${callbackMode}" mode, where it is ignored`);
					}
					const poll = modes.find((m) => /poll/i.test(m));
					if (poll) {
						await ui.chooseOption(P.waitMode, poll);
						const offered = await ui.collectionOptions();
						if (offered.some((o) => /binary property/i.test(o)))
							problems.push(`"${poll}" offers ${fmt(offered)} before Download Images is on`);
					}
					const noWait = modes.find((m) => /don.t wait/i.test(m));
					if (noWait) {
						await ui.chooseOption(P.waitMode, noWait);
						const offered = await ui.collectionOptions();
						await shot('wait-mode-no-wait-options');
						if (offered.some((o) => /binary property/i.test(o)))
							problems.push(
								`"${noWait}" offers ${fmt(offered)}: nothing is downloaded in that mode`,
							);
					}
					const seen = `operations: ${operations.join(', ')}; wait field: "${waitLabel}"; wait modes: ${modes.join(', ')}`;
					ok(problems.length === 0, `${problems.join('\n')}\n      (${seen})`);
					return seen;
				},
			);
			// 4b. Get Credits where the provider tells the balance; Generate's new options (issue 17).
			await check(
				'editor: Get Credits offered for kie.ai and udioapi.pro, not apiin.one; Generate offers One Item per Image and Check Credits First',
				async () => {
					const problems = [];
					await ui.optionList(P.provider, () => shot('provider-options'));
					for (const provider of ['apiinOne', 'udioApiPro', 'kieAi']) {
						await ui.chooseOption(P.provider, PROVIDER_LABELS[provider]);
						await page.waitForTimeout(300);
						const operations = await ui.optionList(P.operation, () =>
							shot(`operations-${provider}`),
						);
						const offered = operations.some((o) => /get credits/i.test(o));
						if (offered !== (provider !== 'apiinOne'))
							problems.push(
								`${PROVIDER_LABELS[provider]}: Get Credits ${offered ? 'offered' : 'missing'} (${operations.join(', ')})`,
							);
					}
					const poll = (await ui.optionList(P.waitMode)).find((m) => /poll/i.test(m));
					await ui.chooseOption(P.waitMode, poll);
					const options = await ui.collectionOptions(() => shot('generate-poll-options'));
					for (const wanted of ['One Item per Image', 'Check Credits First'])
						if (!options.includes(wanted))
							problems.push(`Generate (${poll}) options lack ${wanted}: ${fmt(options)}`);
					if (options.includes('One Item per Image')) {
						await ui.addCollectionOption('One Item per Image');
						await ui.addCollectionOption('Check Credits First');
						await page.waitForTimeout(300);
						await shot('generate-one-item-per-image-check-credits');
					}
					await ui.chooseOption(P.operation, 'Get Credits');
					await page.waitForTimeout(300);
					await shot('operation-get-credits');
					const fields = await ui.parameterNames();
					if (fields.includes('musicTaskId') || fields.includes('coverTaskId'))
						problems.push(`Get Credits asks for a task id (fields: ${fields.join(', ')})`);
					await ui.chooseOption(P.operation, 'Generate');
					await ui.chooseOption(P.waitMode, "Don't Wait");
					ok(problems.length === 0, problems.join('\n'));
				},
			);
			// 5. Canvas subtitles say what the node does, in the words of the panel.
			await check('editor: canvas subtitle is human ("Generate · kie.ai")', async () => {
				await ui.closeNdvIfOpen();
				await shot('canvas-subtitle');
				const subtitle = await ui.subtitle(NODE);
				ok(
					/^Generate\b.*\bkie\.ai\b/.test(subtitle) &&
						!/\b(kieAi|udioApiPro|apiinOne|generate|waitForCompletion|getStatus)\b/.test(subtitle),
					'subtitle shows internal values or does not name the operation and provider',
					subtitle,
				);
				return subtitle;
			});
		}

		// 6. The Music Cover Trigger: its panel, a test callback and n8n's answer to it.
		await triggerChecks({ stack, check, ui, page, shot });

		// 7. The example workflow run from the editor; its covers in the binary view.
		await exampleRunChecks({ stack, check, ui, page, shot });

		// 8. Warnings reach the run output: the callback wait on a loopback resume URL.
		await callbackWaitChecks({ stack, check, ui, page, shot });
	} finally {
		await browser.close();
	}
};

function assertFoundEverywhere(found, panel) {
	const missing = Object.entries(found)
		.filter(([, names]) => !names.includes(NODE))
		.map(([term]) => term);
	const table = Object.entries(found)
		.map(([term, names]) => `"${term}": ${names.length ? names.join(', ') : '(nothing)'}`)
		.join('; ');
	ok(
		missing.length === 0,
		`${panel}: "${NODE}" not found for ${fmt(missing)}\n      found: ${table}`,
	);
	return table;
}

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
			const coverTaskId = await emulator.kieGenerate(
				`music-editor-trigger-${Date.now()}`,
				'https://callbacks.example.invalid/kie',
			);
			await waitForKieCover(emulator, coverTaskId);
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
	await check('editor: the cover-to-files example runs from the editor (kie.ai)', async () => {
		const folder = path.join(outDir, 'editor');
		fs.mkdirSync(folder, { recursive: true });
		const wf = wfs.bind(wfs.loadExample('cover-to-files'), {
			creds,
			provider: 'kieAi',
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
	});
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
			const before = await n8n.executionIds(created.id);
			await page.getByTestId('execute-workflow-button').click();
			const id = await n8n.waitForNewExecution(created.id, before, { timeoutMs: 60000 });
			let ex;
			for (let round = 0; round < 60; round++) {
				ex = await n8n.getExecution(id, true);
				if (ex.status === 'waiting' || ex.waitTill) break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			await page.waitForTimeout(1000);
			await shot('callback-wait-parked');
			const run = ex?.data?.resultData?.runData?.[NODE_NAME]?.[0];
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

async function waitForKieCover(emulator, coverTaskId) {
	const deadline = Date.now() + 30000;
	while (Date.now() < deadline) {
		const rec = await emulator.kieRecord(coverTaskId);
		if (rec?.successFlag === 1 || rec?.status === 'SUCCESS') return;
		await proc.sleep(300);
	}
	throw new Error(`emulator cover ${coverTaskId} did not finish`);
}

/** The editor's elements, found by the data-test-id attributes n8n 2.x puts on them. */
function editorUi(page) {
	const creator = () => page.getByTestId('node-creator');
	const ndv = () => page.getByTestId('ndv');
	const params = () => ndv().getByTestId('node-parameters');
	const ui = {
		async newWorkflow() {
			await page.goto(`${page.url().split('/').slice(0, 3).join('/')}/workflow/new`);
			await page.getByTestId('canvas-plus-button').waitFor();
		},
		async openWorkflow(id) {
			await page.goto(`${page.url().split('/').slice(0, 3).join('/')}/workflow/${id}`);
			await page.getByTestId('canvas-node').first().waitFor();
		},
		itemByName(name) {
			return creator().getByTestId('node-creator-item-name').getByText(name, { exact: true });
		},
		async clearSearch() {
			await page.getByTestId('node-creator-search-bar').fill('');
		},
		/** Searches each term; returns { term: [item names] } and takes one screenshot per term. */
		async searchAll(terms, panel, shot) {
			await page.getByTestId('node-creator-search-bar').waitFor();
			const found = {};
			for (const term of terms) {
				await page.getByTestId('node-creator-search-bar').fill(term);
				found[term] = await ui.settledItemNames();
				await shot(`${panel}-search-${slug(term)}`);
			}
			return found;
		},
		/** Item names once the (debounced) result list stops changing. */
		async settledItemNames() {
			let last = null;
			for (let i = 0; i < 20; i++) {
				await page.waitForTimeout(250);
				const names = await creator().getByTestId('node-creator-item-name').allInnerTexts();
				const now = JSON.stringify(names);
				if (now === last) return names.map((s) => s.trim());
				last = now;
			}
			return JSON.parse(last).map((s) => s.trim());
		},
		/** Opens the Music Cover search result; returns its categories and actions. */
		async openSearchResult(term, panel, shot) {
			await page.getByTestId('node-creator-search-bar').fill(term);
			const names = await ui.settledItemNames();
			ok(names.includes(NODE), `"${term}" finds no ${NODE}`, names);
			await ui.itemByName(NODE).first().click();
			await creator().getByTestId('node-creator-category-item').first().waitFor();
			for (const cat of await creator().getByTestId('node-creator-category-item').all()) {
				// Expand collapsed sections so that every action is listed.
				if ((await cat.locator('..').getAttribute('data-category-collapsed')) === 'true')
					await cat.click();
			}
			await shot(`${panel}-music-cover-actions`);
			return {
				categories: (await creator().getByTestId('node-creator-category-item').allInnerTexts()).map(
					(s) => s.trim(),
				),
				actions: (await creator().getByTestId('item-iterator-item').allInnerTexts()).map((s) =>
					s.trim(),
				),
			};
		},
		async actionsShown() {
			return (await creator().getByTestId('node-creator-category-item').count()) > 0;
		},
		async closePanel() {
			for (let i = 0; i < 3 && (await creator().isVisible()); i++)
				await page.keyboard.press('Escape');
		},
		async closeNdvIfOpen() {
			if (await ndv().isVisible()) {
				const close = page.getByTestId('ndv-close-button');
				if (await close.count()) await close.click();
				else await page.keyboard.press('Escape');
				await ndv().waitFor({ state: 'hidden' });
			}
		},
		async openNode(name) {
			await ui.closeNdvIfOpen();
			await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
			await ndv().waitFor();
		},
		/** Names of the parameters shown in the panel, top to bottom (node settings excluded). */
		async parameterNames() {
			return await params().evaluate((root) =>
				[...root.querySelectorAll('[data-test-id^="parameter-input-"]')]
					// The Settings tab is rendered too, but hidden.
					.filter((el) => el.getClientRects().length > 0)
					.map((el) => el.getAttribute('data-test-id').slice('parameter-input-'.length))
					.filter((n) => !['field', 'hint', 'item'].includes(n))
					.filter((n, i, all) => all.indexOf(n) === i),
			);
		},
		/** Whether the credential field is shown below the parameter `name`. */
		async credentialsBelow(name) {
			return await ndv().evaluate((root, param) => {
				const input = root.querySelector(`[data-test-id="parameter-input-${param}"]`);
				const creds = root.querySelector('[data-test-id="node-credentials-slot"]');
				return Boolean(
					input && creds && input.compareDocumentPosition(creds) & Node.DOCUMENT_POSITION_FOLLOWING,
				);
			}, name);
		},
		async label(name) {
			return (
				(
					await params()
						.getByTestId(`${name}-parameter-input-options-container`)
						.locator('xpath=ancestor::*[@data-test-id="parameter-item"][1]')
						.getByTestId('input-label')
						.first()
						.innerText()
				)
					// The label row also holds the Fixed / Expression toggle.
					.split('\n')[0]
					.trim()
			);
		},
		async optionValue(name) {
			return await params()
				.getByTestId(`parameter-input-${name}`)
				.locator('input')
				.first()
				.inputValue();
		},
		/** Opens an options parameter's dropdown and returns the option names, then closes it. */
		/** The options of a dropdown; `whileOpen` (a screenshot, say) runs before it closes. */
		async optionList(name, whileOpen) {
			await ui.closeDropdowns();
			await params().getByTestId(`parameter-input-${name}`).click();
			const list = page.locator('.el-select-dropdown__item:visible');
			await list.first().waitFor();
			const names = (await list.allInnerTexts()).map((s) => s.split('\n')[0].trim());
			if (whileOpen) {
				// Past the dropdown's fade-in, so the screenshot shows it as the user sees it.
				await page.waitForTimeout(400);
				await whileOpen();
			}
			await ui.closeDropdowns();
			return names;
		},
		async chooseOption(name, optionName) {
			await ui.closeDropdowns();
			await params().getByTestId(`parameter-input-${name}`).click();
			await page
				.locator('.el-select-dropdown__item:visible')
				.filter({ hasText: optionName })
				.first()
				.click();
			await ui.closeDropdowns();
		},
		/** Closes an open dropdown (Escape) and waits until none is left on screen. */
		async closeDropdowns() {
			const open = page.locator(
				'.el-select-dropdown__item:visible, [data-test-id="collection-parameter-option"]:visible',
			);
			if (await open.count()) await page.keyboard.press('Escape');
			await page.waitForFunction(
				() =>
					![
						...document.querySelectorAll(
							'.el-select-dropdown__item, [data-test-id="collection-parameter-option"]',
						),
					].some((el) => el.getClientRects().length > 0),
			);
		},
		async selectedCredential() {
			const select = ndv().getByTestId('node-credentials-select');
			if (!(await select.count())) return '';
			return (await select.locator('input').first().inputValue()).trim();
		},
		/** The credentials the dropdown offers (beforeClose: e.g. a screenshot of the open list). */
		async credentialOptions(beforeClose) {
			await ui.closeDropdowns();
			await ndv().getByTestId('node-credentials-select').click();
			const items = page.locator('[data-test-id^="node-credentials-select-item-"]:visible');
			await items.first().waitFor();
			const names = [];
			for (const item of await items.all()) {
				if ((await item.getAttribute('data-test-id')) === 'node-credentials-select-item-new')
					continue;
				names.push((await item.innerText()).split('\n')[0].trim());
			}
			if (beforeClose) await beforeClose();
			await ui.closeDropdowns();
			return names;
		},
		async chooseCredential(name) {
			await ui.closeDropdowns();
			await ndv().getByTestId('node-credentials-select').click();
			await page
				.locator('[data-test-id^="node-credentials-select-item-"]:visible')
				.filter({ hasText: name })
				.first()
				.click();
			await ui.closeDropdowns();
		},
		/** The "Add Option" choices of the Options collection. */
		async collectionOptions(whileOpen) {
			const add = params().getByTestId('collection-parameter-add');
			if (!(await add.count())) return [];
			await add.click();
			const opts = page.locator('[data-test-id="collection-parameter-option"]:visible');
			await opts.first().waitFor();
			const names = (await opts.allInnerTexts()).map((s) => s.trim());
			if (whileOpen) {
				// Past the dropdown's fade-in, so the screenshot shows it as the user sees it.
				await page.waitForTimeout(400);
				await whileOpen();
			}
			await ui.closeDropdowns();
			return names;
		},
		/** Adds the option `optionName` of the Options collection. */
		async addCollectionOption(optionName) {
			await params().getByTestId('collection-parameter-add').click();
			await page
				.locator('[data-test-id="collection-parameter-option"]:visible')
				.filter({ hasText: optionName })
				.first()
				.click();
			await ui.closeDropdowns();
		},
		/** Whether the boolean parameter `name` is switched on. */
		async switchOn(name) {
			const input = params().getByTestId(`parameter-input-${name}`);
			await input.waitFor();
			return await input.evaluate(
				(el) =>
					Boolean(el.querySelector('.el-switch.is-checked')) ||
					el.querySelector('[role="switch"]')?.getAttribute('aria-checked') === 'true',
			);
		},
		async notices() {
			return (await params().locator('.notice[role="alert"]').allInnerTexts()).map((s) => s.trim());
		},
		async subtitle(nodeName) {
			const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`);
			const sub = node.locator('xpath=..').locator('[class*="_subtitle_"]');
			return (await sub.count()) ? (await sub.first().innerText()).trim() : '';
		},
		async canvasNodeText(nodeName) {
			return (
				await page
					.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`)
					.locator('xpath=..')
					.innerText()
			).trim();
		},
		/** Clicks "Execute workflow" and waits for the execution it starts to end (public API). */
		async runWorkflow(n8nApi, workflowId) {
			const before = await n8nApi.executionIds(workflowId);
			await page.getByTestId('execute-workflow-button').click();
			const id = await n8nApi.waitForNewExecution(workflowId, before, { timeoutMs: 60000 });
			return await n8nApi.waitForEnd(id, { timeoutMs: 120000 });
		},
	};
	return ui;
}
