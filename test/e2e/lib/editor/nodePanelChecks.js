'use strict';
// The editor scenario's checks of the node panel and the parameter panel: the nodes found by search
// in both node panels, a Music Cover node added, its provider switched through every registered
// provider (stack/providers.js), its fields and its canvas subtitle. Each check says what the user
// saw when it fails.
const { isDeepStrictEqual } = require('node:util');
const { ok, equal, fmt } = require('../check');
const { NODE } = require('./page');
const {
	PROVIDERS,
	PROVIDER_IDS,
	DEFAULT_PROVIDER: defaultProvider,
	provider: providerOf,
} = require('../../../../stack/providers');

// What a user types when looking for these nodes (issue 9).
const SEARCH_TERMS = ['music cover', 'cover art', 'album art', 'suno', 'udio', 'kie'];
// Parameter names are stored in workflows, so they are stable handles on the parameter panel.
const P = {
	provider: 'provider',
	operation: 'operation',
	waitMode: 'waitMode',
	callbackUrl: 'callbackUrl',
};
const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Values stored in workflows that a canvas subtitle must not show: provider ids, operation values.
const internalValues = new RegExp(
	`\\b(${[...PROVIDER_IDS, 'generate', 'waitForCompletion', 'getStatus'].join('|')})\\b`,
);

/** Steps 1 to 5 of the editor scenario, in the browser `ui` drives (signed in as the owner). */
async function nodePanelChecks({ stack, check, ui, page, shot }) {
	const credName = (provider) => stack.creds[providerOf(provider).credentialType].name;
	// 1. Search, first in the trigger panel of a new workflow ("What triggers this workflow?").
	await ui.newWorkflow();
	await page.getByTestId('canvas-plus-button').click();
	await searchChecks({ check, ui, shot }, 'trigger panel', {
		name: 'editor: trigger panel offers the Music Cover Trigger under Music Cover',
		assert(actions) {
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
		},
	});
	// A Manual Trigger, so that the regular node panel ("What happens next?") opens next.
	await ui.closePanel();
	await page.getByTestId('canvas-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('manual');
	await ui.itemByName('Manual Trigger').click();
	await ui.closeNdvIfOpen();

	// 2. Search in the regular node panel; add a Music Cover node (through the AI category when
	// search cannot find it, so that the checks after this one still run).
	await page.getByTestId('node-creator-plus-button').click();
	await searchChecks({ check, ui, shot }, 'node panel', {
		name: 'editor: node panel entry Music Cover holds both nodes (trigger and actions)',
		assert(actions) {
			ok(
				actions.categories.some((c) => /^Triggers \(\d+\)/.test(c)) &&
					actions.categories.some((c) => /^Actions \(4\)/.test(c)),
				'expected "Triggers (n)" and "Actions (4)" (Generate, Get Status, Wait for Completion, Get Credits) under Music Cover',
				actions,
			);
		},
	});
	const added = await check('editor: add Music Cover > Generate from the node panel', async () => {
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
	});

	// 3. The fresh node: Provider first, with its default, and only that provider's credential.
	if (added) {
		await check(
			`editor: fresh node shows Provider first, set to ${defaultProvider.displayName}`,
			async () => {
				const names = await ui.parameterNames();
				ok(names.includes(P.provider), 'no Provider field in the parameter panel', names);
				equal(names[0], P.provider, 'first field of the parameter panel');
				ok(
					await ui.credentialsBelow(P.provider),
					'the Credential field comes before Provider (the user picks a credential before the provider)',
				);
				equal(await ui.optionValue(P.provider), defaultProvider.displayName, 'Provider value');
				return `fields: ${names.join(', ')}`;
			},
		);
		await check(
			`editor: fresh node asks for the ${defaultProvider.displayName} credential only`,
			async () => {
				const shown = await ui.selectedCredential();
				const listed = await ui.credentialOptions(() => shot('fresh-node-credentials'));
				const problems = [];
				if (shown !== credName(defaultProvider.id))
					problems.push(
						`n8n selected "${shown}" for the fresh node, not "${credName(defaultProvider.id)}"`,
					);
				if (!isDeepStrictEqual(listed, [credName(defaultProvider.id)]))
					problems.push(
						`credentials offered: ${fmt(listed)}, expected only "${credName(defaultProvider.id)}"`,
					);
				ok(problems.length === 0, problems.join('\n'));
			},
		);

		// 4. Switching provider shows and hides the right fields and modes.
		// The others first, the default last: the checks after these go on with the default provider.
		for (const { id: provider, displayName, sendsCallbacks } of [
			...PROVIDERS.filter((p) => p !== defaultProvider),
			defaultProvider,
		]) {
			await check(`editor: provider ${displayName}: credential, wait modes, fields`, async () => {
				const problems = [];
				if ((await ui.parameterNames()).includes(P.provider)) {
					await ui.chooseOption(P.provider, displayName);
				} else {
					// Today's n8n hides Provider as the node's main auth field; its credential dropdown
					// switches provider instead. Go on that way to see what the rest of the panel does.
					problems.push('no Provider field (switched through the credential dropdown instead)');
					await ui.chooseCredential(credName(provider));
				}
				await page.waitForTimeout(500);
				await shot(`provider-${provider}`);
				const listed = await ui.credentialOptions(() => shot(`provider-${provider}-credentials`));
				if (!isDeepStrictEqual(listed, [credName(provider)]))
					problems.push(`credentials offered: ${fmt(listed)}, expected only ${credName(provider)}`);
				const shown = await ui.selectedCredential();
				if (shown && shown !== credName(provider))
					problems.push(`credential shown: ${shown} (another provider's)`);
				const modes = await ui.optionList(P.waitMode);
				const callbackModes = modes.filter((m) => /callback/i.test(m));
				if (sendsCallbacks && callbackModes.length === 0)
					problems.push(`no callback wait offered: ${fmt(modes)}`);
				if (!sendsCallbacks && callbackModes.length)
					problems.push(`callback wait offered although it sends no callbacks: ${fmt(modes)}`);
				const names = await ui.parameterNames();
				if (names.includes(P.callbackUrl) !== sendsCallbacks)
					problems.push(
						`Callback URL ${sendsCallbacks ? 'missing' : 'shown'} (fields: ${names.join(', ')})`,
					);
				ok(problems.length === 0, problems.join('\n'));
				return `wait modes: ${modes.join(' | ')}`;
			});
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
						problems.push(`"${noWait}" offers ${fmt(offered)}: nothing is downloaded in that mode`);
				}
				const seen = `operations: ${operations.join(', ')}; wait field: "${waitLabel}"; wait modes: ${modes.join(', ')}`;
				ok(problems.length === 0, `${problems.join('\n')}\n      (${seen})`);
				return seen;
			},
		);
		// 4b. Get Credits where the provider tells the balance; Generate's options for batches.
		await check(
			`editor: Get Credits offered for ${PROVIDERS.filter((p) => p.tellsCredits)
				.map((p) => p.displayName)
				.join(', ')} only; Generate offers One Item per Image and Check Credits First`,
			async () => {
				const problems = [];
				await ui.optionList(P.provider, () => shot('provider-options'));
				for (const { id, displayName, tellsCredits } of [
					...PROVIDERS.filter((p) => p !== defaultProvider),
					defaultProvider,
				]) {
					await ui.chooseOption(P.provider, displayName);
					await page.waitForTimeout(300);
					const operations = await ui.optionList(P.operation, () => shot(`operations-${id}`));
					const offered = operations.some((o) => /get credits/i.test(o));
					if (offered !== tellsCredits)
						problems.push(
							`${displayName}: Get Credits ${offered ? 'offered' : 'missing'} (${operations.join(', ')})`,
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
		await check(
			`editor: canvas subtitle is human ("Generate · ${defaultProvider.displayName}")`,
			async () => {
				await ui.closeNdvIfOpen();
				await shot('canvas-subtitle');
				const subtitle = await ui.subtitle(NODE);
				ok(
					new RegExp(`^Generate\\b.*\\b${escapeRegExp(defaultProvider.displayName)}\\b`).test(
						subtitle,
					) && !internalValues.test(subtitle),
					'subtitle shows internal values or does not name the operation and provider',
					subtitle,
				);
				return subtitle;
			},
		);
	}
}

/**
 * Two checks in the open panel ('trigger panel' or 'node panel'): every search term finds Music
 * Cover, and its entry lists what `entry.assert({ categories, actions })` expects.
 */
async function searchChecks({ check, ui, shot }, panel, entry) {
	const shotPrefix = panel.replace(' ', '-');
	await check(`editor: ${panel} search finds ${NODE} for every term`, async () => {
		const found = await ui.searchAll(SEARCH_TERMS, shotPrefix, shot);
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
	});
	await check(entry.name, async () => {
		const actions = await ui.openSearchResult('music cover', shotPrefix, shot);
		entry.assert(actions);
		return fmt(actions);
	});
}

module.exports = { nodePanelChecks };
