/**
 * kie.ai's documented answer codes and what each one means for the user, whichever kie.ai
 * endpoint family answered. Create codes: https://docs.kie.ai/suno-api/cover-suno (seed 004 and
 * PROVIDERS.md: 200, 400, 401, 402, 404, 409, 422, 429, 455, 500, 501, 505). Callback codes:
 * https://docs.kie.ai/suno-api/cover-suno-callbacks (200, 400, 408, 500, 501, 531).
 */

/** What to do after a kie.ai error answer; undefined leaves it to the transport's generic hint. */
export function kieAiHint(code: number): string | undefined {
	switch (code) {
		case 400:
			// A duplicate comes as 400 with the existing cover's id, which the node then uses; a 400
			// without one is either a duplicate whose id is missing or an invalid parameter.
			return 'kie.ai refused the request: check the task id you passed. kie.ai answers 400 to an invalid parameter, or when the music task already has a cover (then with that cover task id, missing here): find it in your kie.ai task history and use Get Status with it.';
		case 401:
			return 'kie.ai refused the API key: check the API key in the kie.ai credential (from https://kie.ai/api-key).';
		case 402:
			return 'Your kie.ai account is out of credits: top up at kie.ai, then run the node again.';
		case 403:
			return 'kie.ai (behind Cloudflare) refused the request: check the base URL and that no proxy strips the User-Agent header.';
		case 404:
			return 'kie.ai does not know this task: check the task id (a Suno music task id of this kie.ai account for Generate, a cover task id for Get Status) and the base URL in the credential.';
		case 409:
			return 'kie.ai says a cover record already exists for this music task but did not return its id: find the cover task id in your kie.ai task history and use Get Status with it.';
		case 422:
			return 'kie.ai rejected the request parameters: check the music task id and the Callback URL (a public http(s) address).';
		case 455:
			return 'kie.ai is under maintenance: try again later.';
		case 500:
			return 'kie.ai had a server error (it also answers 500 to some invalid requests): check the music task id, then try again later.';
		case 501:
			return 'kie.ai could not generate the cover for this music task: check that the music task has finished generating, then try again.';
		case 505:
			return 'kie.ai has disabled this feature for now: try again later or contact kie.ai support.';
		default:
			return undefined;
	}
}

/** What a failure callback's code says happened to the cover. */
const CALLBACK_FAILURES: Record<number, string> = {
	400: "kie.ai refused the cover task's parameters",
	408: 'kie.ai timed out generating the cover',
	500: 'kie.ai had a server error while generating the cover',
	501: 'kie.ai could not generate the cover',
	531: 'kie.ai could not generate the cover and refunded the credits; it asks to try again',
};

/** The error message of a failed cover called back with `code`, keeping kie.ai's own words. */
export function kieAiCallbackFailure(code: number, providerMessage: string | null | undefined) {
	const meaning =
		CALLBACK_FAILURES[code] ?? `kie.ai reports that the cover generation failed (code ${code})`;
	return providerMessage ? `${meaning} (kie.ai: ${providerMessage})` : meaning;
}
