'use strict';
// placeholder: exploratory
const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser, signIn } = require('../lib/browser');
const { OWNER } = require('../lib/n8n');

module.exports = async function editor({ stack, check, target }) {
	const { n8n } = stack;
	const shotsDir = path.resolve(__dirname, '..', '..', '..', '.e2e', `editor-${target.key}`);
	fs.rmSync(shotsDir, { recursive: true, force: true });
	const browser = await launchBrowser({
		profileDir: path.join(stack.root, 'chromium-profile'),
		shotsDir,
	});
	const { page, shot } = browser;
	try {
		await check('sign in', async () => {
			await signIn(page, n8n.baseUrl, OWNER);
			await shot('signed-in');
		});
		await page.goto(`${n8n.baseUrl}/workflow/new`);
		await page.getByTestId('canvas-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('manual');
		await page.getByTestId('node-creator-item-name').getByText('Manual Trigger', { exact: true }).click();
		await page.waitForTimeout(1000);
		await shot('after-manual');
		await page.keyboard.press('Escape');
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').fill('music cover');
		await page.waitForTimeout(800);
		await shot('regular-music-cover');
		const items = await page.getByTestId('node-creator-item-name').allInnerTexts();
		console.log(items);
		// AI view
		await page.getByTestId('node-creator-search-bar').fill('');
		await page.getByTestId('node-creator').getByText('AI', { exact: true }).click();
		await page.getByTestId('node-creator-search-bar').fill('music cover');
		await page.waitForTimeout(800);
		console.log(await page.getByTestId('node-creator-item-name').allInnerTexts());
		await shot('ai-music-cover');
		await page.getByTestId('node-creator-item-name').getByText('Music Cover', { exact: true }).first().click();
		await page.waitForTimeout(800);
		await shot('actions');
		console.log(await page.getByTestId('node-creator').innerText());
		console.log(await page.evaluate(() => [...document.querySelectorAll('[data-test-id]')].map((e) => e.getAttribute('data-test-id')).filter((x) => /action|item/.test(x)).join(' ')));
		await page.getByTestId('node-creator-category-item').getByText(/Triggers/).click();
		await page.waitForTimeout(500);
		console.log(await page.getByTestId('node-creator').getByTestId('item-iterator-item').allInnerTexts());
		await shot('actions-open');
		await page.getByTestId('node-creator').getByText('Generate a cover for a music track').click();
		await page.waitForTimeout(2000);
		await shot('ndv');
		fs.writeFileSync('/tmp/issue9/ndv.html', await page.getByTestId('ndv').innerHTML());
		console.log(await page.evaluate(() => [...new Set([...document.querySelectorAll('[data-test-id]')].map((e) => e.getAttribute('data-test-id')))].join(' ')));
	} finally {
		await browser.close();
	}
};
