/**
 * Shared fixtures of the MusicCover tests: one emulator per test file, and runs of the real node
 * (n8n-core's WorkflowExecute, test/harness/n8nRuntime.ts) against it over real HTTP.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { allProviders, PROVIDERS } from '../../../../nodes/MusicCover/providers';
import { createPacer } from '../../../../nodes/MusicCover/transport/pace';
import {
	createEmulator,
	PROVIDER_NAMES as EMULATED_PROVIDERS,
	type Emulator,
} from '../../../emulator';
import { PROFILES } from '../../../emulator/providers';
import type { EmulatorOptionsInput, ProviderName, RequestLogEntry } from '../../../emulator/types';
import { runMusicCover, type RunResult } from '../../../harness/n8nRuntime';

/**
 * The registered providers (nodes/MusicCover/providers/index.ts), each played by an emulator
 * profile (test/emulator/providers.js): every suite that runs per provider runs over these.
 */
export const PROVIDER_NAMES: ProviderName[] = allProviders().map((adapter) => adapter.id);

const unplayed = PROVIDER_NAMES.filter((provider) => !EMULATED_PROVIDERS.includes(provider));
if (unplayed.length > 0)
	throw new Error(
		`No emulator profile (test/emulator/profiles/, listed in providers.js) for ${unplayed.join(', ')}`,
	);

const perRegisteredProvider = <T>(value: (provider: ProviderName) => T): Record<ProviderName, T> =>
	Object.fromEntries(PROVIDER_NAMES.map((provider) => [provider, value(provider)]));

export const CREDENTIAL_TYPE: Record<ProviderName, string> = perRegisteredProvider(
	(provider) => PROVIDERS[provider].credentialType,
);

export const DISPLAY_NAME: Record<ProviderName, string> = perRegisteredProvider(
	(provider) => PROVIDERS[provider].displayName,
);

/**
 * The providerStatus the node reports for a cover as it is now: the emulator's status answer for
 * it (its profile) as the provider's adapter reads it. Each adapter's own tests pin the words it
 * maps (providers/*.test.ts), so the tests that run per provider need no table of them.
 */
export function providerStatusOf(
	emulator: Emulator,
	provider: ProviderName,
	coverTaskId: string,
): string {
	const task = emulator.getCoverTask(coverTaskId);
	if (!task) throw new Error(`The emulator has no cover task ${coverTaskId}`);
	const data = PROFILES[provider].statusData(task, emulator.options);
	return PROVIDERS[provider].parseStatus(
		{ httpStatus: 200, code: 200, message: 'success', data },
		coverTaskId,
	).providerStatus;
}

/** Starts one emulator for the file, resets it (tasks, logs, faults, options) after each test. */
export function useEmulator(options: EmulatorOptionsInput = {}): Emulator {
	const emulator = createEmulator({ readyAfterMs: 200, ...options });
	beforeAll(async () => {
		await emulator.start();
	});
	afterEach(() => {
		emulator.reset();
		// The emulator forgets its rate windows on reset: so does the node's process-wide pacer.
		createPacer.clear();
	});
	afterAll(async () => {
		await emulator.stop();
	});
	return emulator;
}

export interface NodeRun {
	provider: ProviderName;
	parameters: IDataObject;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	cancelAfterMs?: number;
	/** Defaults to the emulator's valid key for the provider. */
	apiKey?: string;
	/** Defaults to the emulator's base URL for the provider. */
	baseUrl?: string;
	/** The callback signing key, in the field the provider's adapter names (callback providers only). */
	signingKey?: string;
}

/** Runs the real MusicCover node in a real n8n workflow execution against the emulator. */
export async function runNode(emulator: Emulator, run: NodeRun): Promise<RunResult> {
	return await runMusicCover({
		credentials: {
			[CREDENTIAL_TYPE[run.provider]]: {
				apiKey: run.apiKey ?? emulator.keys[run.provider],
				baseUrl: run.baseUrl ?? emulator.baseUrls[run.provider],
				...signingKeyField(run),
			},
		},
		parameters: { provider: run.provider, ...run.parameters },
		items: run.items ?? [{ json: {} }],
		continueOnFail: run.continueOnFail,
		cancelAfterMs: run.cancelAfterMs,
	});
}

function signingKeyField(run: NodeRun): IDataObject {
	const field = PROVIDERS[run.provider].callbacks?.signingKeyField;
	return field && run.signingKey ? { [field]: run.signingKey } : {};
}

/** `count` empty input items. */
export function inputItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: { index } }));
}

/** Starts covers through the node's own Generate (Don't Wait) and returns their cover task ids. */
export async function generateCovers(
	emulator: Emulator,
	provider: ProviderName,
	musicTaskIds: string[],
): Promise<string[]> {
	const result = await runNode(emulator, {
		provider,
		parameters: {
			operation: 'generate',
			waitMode: 'noWait',
			musicTaskId: '={{ $json.musicTaskId }}',
		},
		items: musicTaskIds.map((musicTaskId) => ({ json: { musicTaskId } })),
	});
	if (result.error) throw result.error;
	return result.items.map((item) => String(item.json.coverTaskId));
}

export function requestsTo(
	emulator: Emulator,
	provider: ProviderName,
	endpoint: RequestLogEntry['endpoint'],
) {
	return emulator.requests.filter(
		(request) => request.provider === provider && request.endpoint === endpoint,
	);
}

/** The cover task id each status read asked for, in the order the emulator received them. */
export function statusReadIds(emulator: Emulator, provider: ProviderName): string[] {
	return requestsTo(emulator, provider, 'status').map(
		(request) => request.query.taskId ?? request.query.task_id,
	);
}

/** Resolves once the emulator has logged `count` status reads for the provider (for stepping a wait). */
export async function statusReadsReached(
	emulator: Emulator,
	provider: ProviderName,
	count: number,
	timeoutMs = 5000,
) {
	const deadline = Date.now() + timeoutMs;
	while (requestsTo(emulator, provider, 'status').length < count) {
		if (Date.now() > deadline)
			throw new Error(
				`only ${requestsTo(emulator, provider, 'status').length} of ${count} status reads arrived`,
			);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** One output item per input item, in order, each paired with its input item. */
export function expectOnePairedItemPerInput(result: RunResult, inputCount: number) {
	expect(result.items).toHaveLength(inputCount);
	expect(result.items.map((item) => item.pairedItem)).toEqual(
		Array.from({ length: inputCount }, (_, item) => ({ item })),
	);
}

export { type Emulator, type ProviderName, type RunResult };

/**
 * The most image requests the emulator had in flight at one moment: each logged request is in
 * flight from its arrival until its answer was sent (a request arriving as another is answered
 * does not overlap it). Counts concurrency instead of timing it.
 */
export function maxImagesInFlight(emulator: Emulator): number {
	const edges = emulator.requests
		.filter((request) => request.endpoint === 'image' && request.answer)
		.flatMap((request) => [
			{ at: request.at, change: 1 },
			{ at: request.answer!.at, change: -1 },
		])
		// At the same instant an answer leaves before the next request counts.
		.sort((a, b) => a.at - b.at || a.change - b.change);
	let inFlight = 0;
	let most = 0;
	for (const edge of edges) {
		inFlight += edge.change;
		most = Math.max(most, inFlight);
	}
	return most;
}

export { apiError, connectionReset, coverResult, fakeClock } from './fakeClock';
export { callbackWaitParameters, until, useCallbackWait } from './callbackWait';

/** Generate's parameters for the music task `music-1`, `parameters` over them. */
export const generateParameters = (parameters: Record<string, unknown> = {}) => ({
	operation: 'generate',
	musicTaskId: 'music-1',
	...parameters,
});
/** Poll Until Done, its Poll Interval 1 s. */
export const POLL_EVERY_SECOND = { waitMode: 'poll', options: { pollInterval: 1 } };
