'use strict';
// Headless Chromium for the editor scenario: Debian's /usr/bin/chromium (scripts/install-chromium.sh)
// driven by playwright-core, which downloads no browser. Each launch gets a fresh profile folder, so
// no login, cache or local storage carries over between runs.
const fs = require('node:fs');
const path = require('node:path');

const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
// n8n's editor marks its elements with data-test-id (not Playwright's default data-testid).
const TEST_ID_ATTRIBUTE = 'data-test-id';

/**
 * Starts Chromium with a fresh profile under `profileDir` and opens one page.
 * Screenshots go to `shotsDir` as NN-<name>.png, numbered in the order they are taken.
 * Returns { page, shot(name), close() }.
 */
async function launchBrowser({ profileDir, shotsDir, viewport = { width: 1440, height: 900 } }) {
	if (!fs.existsSync(CHROMIUM)) {
		throw new Error(
			`${CHROMIUM} is missing: run scripts/install-chromium.sh (or set E2E_CHROMIUM)`,
		);
	}
	const { chromium, selectors } = require('playwright-core');
	selectors.setTestIdAttribute(TEST_ID_ATTRIBUTE);
	fs.rmSync(profileDir, { recursive: true, force: true });
	fs.mkdirSync(profileDir, { recursive: true });
	fs.mkdirSync(shotsDir, { recursive: true });
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: FLAGS,
		viewport,
	});
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(15000);
	let n = 0;
	const shots = [];
	return {
		page,
		shots,
		async shot(name) {
			n += 1;
			const file = path.join(shotsDir, `${String(n).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file });
			shots.push(file);
			return file;
		},
		async close() {
			await context.close();
		},
	};
}

/** Signs in through n8n's sign-in form; resolves once the editor has left /signin. */
async function signIn(page, baseUrl, { email, password }) {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(email);
	await page.getByTestId('password').locator('input').fill(password);
	await page.getByTestId('form-submit-button').click();
	try {
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30000 });
	} catch {
		throw new Error(`still on ${page.url()} 30 s after submitting ${email}'s sign-in form`);
	}
}

module.exports = { launchBrowser, signIn, CHROMIUM };
