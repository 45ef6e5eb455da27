'use strict';
// The editor's node details view (NDV: a node's parameter panel, its credential field and its
// input/output panels), found by the data-test-id attributes n8n 2.x puts on its elements.
// Parameters are found by their names, which workflows store, so they are stable handles.

// The entries of the open dropdowns: an options parameter's, the credential field's, Add Option's.
const OPTION_ITEM = '.el-select-dropdown__item';
const CREDENTIAL_ITEM = '[data-test-id^="node-credentials-select-item-"]';
const COLLECTION_ITEM = '[data-test-id="collection-parameter-option"]';

/** The NDV part of the editor's page object (editorPage in page.js includes it). */
function nodeDetailsView(page) {
	const ndv = () => page.getByTestId('ndv');
	const params = () => ndv().getByTestId('node-parameters');
	/** Opens a dropdown by clicking `opener`, clicks its visible `items` entry showing `text`. */
	const pick = async (opener, items, text) => {
		await ui.closeDropdowns();
		await opener.click();
		await page.locator(`${items}:visible`).filter({ hasText: text }).first().click();
		await ui.closeDropdowns();
	};
	/** Runs `whileOpen` once an open dropdown has faded in, so a screenshot shows what the user sees. */
	const afterFadeIn = async (whileOpen) => {
		await page.waitForTimeout(400);
		await whileOpen();
	};
	const ui = {
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
		/**
		 * Opens an options parameter's dropdown and returns the option names, then closes it;
		 * `whileOpen` (a screenshot, say) runs before it closes.
		 */
		async optionList(name, whileOpen) {
			await ui.closeDropdowns();
			await params().getByTestId(`parameter-input-${name}`).click();
			const list = page.locator(`${OPTION_ITEM}:visible`);
			await list.first().waitFor();
			const names = (await list.allInnerTexts()).map((s) => s.split('\n')[0].trim());
			if (whileOpen) await afterFadeIn(whileOpen);
			await ui.closeDropdowns();
			return names;
		},
		async chooseOption(name, optionName) {
			await pick(params().getByTestId(`parameter-input-${name}`), OPTION_ITEM, optionName);
		},
		/** Closes an open dropdown (Escape) and waits until none is left on screen. */
		async closeDropdowns() {
			const open = page.locator(`${OPTION_ITEM}:visible, ${COLLECTION_ITEM}:visible`);
			if (await open.count()) await page.keyboard.press('Escape');
			await page.waitForFunction(
				(selector) =>
					![...document.querySelectorAll(selector)].some((el) => el.getClientRects().length > 0),
				`${OPTION_ITEM}, ${COLLECTION_ITEM}`,
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
			const items = page.locator(`${CREDENTIAL_ITEM}:visible`);
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
			await pick(ndv().getByTestId('node-credentials-select'), CREDENTIAL_ITEM, name);
		},
		/** The "Add Option" choices of the Options collection (`whileOpen` as for optionList). */
		async collectionOptions(whileOpen) {
			const add = params().getByTestId('collection-parameter-add');
			if (!(await add.count())) return [];
			await add.click();
			const opts = page.locator(`${COLLECTION_ITEM}:visible`);
			await opts.first().waitFor();
			const names = (await opts.allInnerTexts()).map((s) => s.trim());
			if (whileOpen) await afterFadeIn(whileOpen);
			await ui.closeDropdowns();
			return names;
		},
		async addCollectionOption(name) {
			await pick(params().getByTestId('collection-parameter-add'), COLLECTION_ITEM, name);
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
	};
	return ui;
}

module.exports = { nodeDetailsView };
