import { kieAiCallbacks } from './kieAiCallback';
import { kieAiHint } from './kieAiCodes';
import { z } from 'zod';

import type { CreditSupport, ProviderAdapter } from './types';

/**
 * What every kie.ai endpoint family shares: the account (credential, rate limit), its answer
 * codes, its callbacks. An endpoint family (kieAi.ts: the suno/cover endpoints the node uses;
 * kie.ai also documents a jobs API) adds only its requests and parsers, so a second family is
 * one more file built with `kieAiAdapter`.
 */

export const KIE_AI_ID = 'kieAi';

/** kie.ai's account balance (https://docs.kie.ai/cn/common-api/get-account-credits): `data` is the number of credits left. */
const creditsSchema = z.number();

/** The parts of an adapter that depend on which kie.ai endpoints are called. */
export type KieAiEndpoints = Pick<
	ProviderAdapter,
	| 'musicTaskIdName'
	| 'musicTaskIdSources'
	| 'finishedMusicNote'
	| 'duplicateReturnsExistingId'
	| 'generateRequest'
	| 'isGenerateAnswer'
	| 'parseGenerate'
	| 'statusRequest'
	| 'parseStatus'
	| 'knownAnswers'
	| 'coverCost'
>;

/** The account's balance: one endpoint for every kie.ai family (what a cover costs is the family's). */
const kieAiCredits: CreditSupport = {
	request: { method: 'GET', path: '/api/v1/chat/credit' },
	parse: (envelope) => ({ credits: creditsSchema.parse(envelope.data) }),
};

export function kieAiAdapter(endpoints: KieAiEndpoints): ProviderAdapter {
	return {
		id: KIE_AI_ID,
		displayName: 'kie.ai',
		description: 'Suno covers through kie.ai',
		credentialType: 'kieAiApi',
		// 455: kie.ai is under maintenance for a while; the same request succeeds afterwards.
		transientCodes: [455],
		// Assumed: sibling pages of kie.ai's doc family answer 430 "call frequency too high" (kie.ai's
		// own cover page says 429); either one is the rate limit (PROVIDERS.md, "What no page says").
		rateLimitCodes: [430],
		// "20 new generation requests per 10 s per account"; excess gets 429 and is dropped, not queued.
		createLimit: { requests: 20, perMs: 10_000 },
		callbacks: kieAiCallbacks,
		credits: kieAiCredits,
		hintFor: kieAiHint,
		...endpoints,
	};
}
