'use strict';
// The page object of n8n 2.x's editor for the editor scenario: the canvas, the node panel (node
// creator) and, from ndv.js, the node details view; found by the data-test-id attributes n8n puts
// on its elements.
const { ok } = require('../check');
const { nodeDetailsView } = require('./ndv');

/** The node's name in the node panel and on the canvas. */
const NODE = 'Music Cover';

const slug = (s) => s.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');

/** The editor's elements, reached through `page` (a Playwright page signed in to n8n). */
function editorPage(page) {
	const creator = () => page.getByTestId('node-creator');
	const ui = {
		...nodeDetailsView(page),
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
		/** Clicks "Execute workflow"; resolves the id of the execution it started (public API). */
		async startWorkflow(n8n, workflowId) {
			const before = await n8n.executionIds(workflowId);
			await page.getByTestId('execute-workflow-button').click();
			return await n8n.waitForNewExecution(workflowId, before, { timeoutMs: 60000 });
		},
		/** Clicks "Execute workflow" and waits for the execution it starts to end. */
		async runWorkflow(n8n, workflowId) {
			const id = await ui.startWorkflow(n8n, workflowId);
			return await n8n.waitForEnd(id, { timeoutMs: 120000 });
		},
	};
	return ui;
}

module.exports = { editorPage, NODE };
