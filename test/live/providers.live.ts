/**
 * `npm run test:live`: the live check (liveCheck.ts) against each provider's real API, for the
 * providers whose key is in the environment. Never run by `npm test` or CI. Per provider id `<ID>`
 * (upper case, from the registry: KIEAI, UDIOAPIPRO, APIINONE):
 *   LIVE_<ID>_API_KEY         the API key (without it the provider is skipped)
 *   LIVE_<ID>_MUSIC_TASK_ID   a finished music task: Generate runs on it (one credit, unless the
 *                             track already has a cover)
 *   LIVE_<ID>_COVER_TASK_ID   a cover task to read instead (or when Generate does not tell its id)
 *   LIVE_<ID>_BASE_URL        default: the credential's default, the real API
 *   LIVE_TIMEOUT_SECONDS      Wait for Completion's timeout (default 300)
 * Prints what each answer was and every drift; writes the raw answers (keys redacted) to
 * .live/<provider>-<time>.json; fails when there is drift.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { allProviders, type ProviderAdapter } from '../../nodes/MusicCover/providers';
import { defaultBaseUrl, formatReport, runLiveCheck } from './liveCheck';

const DEFAULT_TIMEOUT_SECONDS = 300;
const RESULTS_DIR = path.resolve(__dirname, '../../.live');

function envOf(adapter: ProviderAdapter) {
	const name = (what: string) => `LIVE_${adapter.id.toUpperCase()}_${what}`;
	const value = (what: string) => process.env[name(what)]?.trim() || undefined;
	return {
		name,
		apiKey: value('API_KEY'),
		musicTaskId: value('MUSIC_TASK_ID'),
		coverTaskId: value('COVER_TASK_ID'),
		baseUrl: value('BASE_URL') ?? defaultBaseUrl(adapter),
	};
}

const print = (text: string) => process.stdout.write(`${text}\n`);
const timeoutSeconds = Number(process.env.LIVE_TIMEOUT_SECONDS) || DEFAULT_TIMEOUT_SECONDS;

describe('live check against the real provider APIs', () => {
	for (const adapter of allProviders()) {
		const env = envOf(adapter);
		if (!env.apiKey || !(env.musicTaskId || env.coverTaskId)) {
			print(
				`${adapter.displayName}: skipped (set ${env.name('API_KEY')} and ${env.name('MUSIC_TASK_ID')} or ${env.name('COVER_TASK_ID')} to check it)`,
			);
			test.skip(`${adapter.displayName}: no key or task id in the environment`, () => {});
			continue;
		}
		test(
			`${adapter.displayName} at ${env.baseUrl}`,
			async () => {
				if (env.musicTaskId)
					print(
						`${adapter.displayName}: Generate on music task ${env.musicTaskId} costs one credit unless the track already has a cover${adapter.duplicateReturnsExistingId ? ` (then ${adapter.displayName} answers with the existing one)` : ''}.`,
					);
				const report = await runLiveCheck({
					adapter,
					apiKey: env.apiKey as string,
					baseUrl: env.baseUrl,
					musicTaskId: env.musicTaskId,
					coverTaskId: env.coverTaskId,
					timeoutSeconds,
				});
				mkdirSync(RESULTS_DIR, { recursive: true });
				const file = path.join(
					RESULTS_DIR,
					`${adapter.id}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
				);
				writeFileSync(file, `${JSON.stringify(report, null, '\t')}\n`);
				print(formatReport(adapter, report));
				print(`  raw answers (API key redacted): ${path.relative(process.cwd(), file)}`);
				if (report.drift.length > 0)
					print(
						'  Please open an issue with this output and that file: the provider changed its answers.',
					);
				expect(report.drift).toEqual([]);
			},
			(timeoutSeconds + 120) * 1000,
		);
	}
});
