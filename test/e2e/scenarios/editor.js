'use strict';
// The package as a new user meets it in n8n 2.x's editor (headless Chromium, signed in as the
// owner): find the nodes by search in both node panels, add a Music Cover node and choose its
// provider, read the canvas subtitles, open the Music Cover Trigger and send it a test callback,
// run the example workflows and look at their output. One screenshot per step goes to
// .e2e/editor-<target>/ (NN-<step>.png); each check says what the user saw when it fails.
// The page object is test/e2e/lib/editor/page.js (+ ndv.js); the checks are in
// test/e2e/lib/editor/nodePanelChecks.js (steps 1-5) and runChecks.js (steps 6-8).
const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser, signIn } = require('../lib/browser');
const { editorPage } = require('../lib/editor/page');
const { nodePanelChecks } = require('../lib/editor/nodePanelChecks');
const { triggerChecks, exampleRunChecks, callbackWaitChecks } = require('../lib/editor/runChecks');
const { OWNER } = require('../../../stack/n8n');

const SHOTS_ROOT = path.resolve(__dirname, '..', '..', '..', '.e2e');

module.exports = async function editor({ stack, check, target }) {
	const shotsDir = path.join(SHOTS_ROOT, `editor-${target.key}`);
	fs.rmSync(shotsDir, { recursive: true, force: true });

	let browser;
	const launched = await check('editor: Chromium starts and the owner signs in', async () => {
		browser = await launchBrowser({
			profileDir: path.join(stack.root, 'chromium-profile'),
			shotsDir,
		});
		await signIn(browser.page, stack.n8n.baseUrl, OWNER);
		await browser.shot('signed-in');
		return `screenshots in ${path.relative(process.cwd(), shotsDir)}`;
	});
	if (!launched) {
		if (browser) await browser.close();
		return;
	}
	const { page, shot } = browser;
	const steps = { stack, check, ui: editorPage(page), page, shot };
	try {
		// 1-5. Search in both node panels; a Music Cover node, its providers, fields and subtitle.
		await nodePanelChecks(steps);
		// 6. The Music Cover Trigger: its panel, a test callback and n8n's answer to it.
		await triggerChecks(steps);
		// 7. The example workflow run from the editor; its covers in the binary view.
		await exampleRunChecks(steps);
		// 8. Warnings reach the run output: the callback wait on a loopback resume URL.
		await callbackWaitChecks(steps);
	} finally {
		await browser.close();
	}
};
