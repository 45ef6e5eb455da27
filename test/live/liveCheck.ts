/**
 * The live check: runs the real Music Cover node (in-process, test/harness/n8nRuntime.ts) once
 * through Generate, Get Status and Wait for Completion against one provider, with the credential's
 * base URL on a recording proxy in front of that provider's API, then checks every raw answer
 * against the adapter (drift.ts). `npm run test:live` points it at the real API
 * (providers.live.ts); `liveCheck.test.ts` points it at the emulator to show the checker works.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ProviderAdapter } from '../../nodes/MusicCover/providers';
import { credentialTypes, runMusicCover } from '../harness/n8nRuntime';
import { checkExchange, type CheckedExchange } from './drift';
import { startRecordingProxy } from './recordingProxy';

export interface LiveCheckInput {
	adapter: ProviderAdapter;
	apiKey: string;
	/** The provider's base URL the proxy forwards to. */
	baseUrl: string;
	/** A finished music task: Generate runs on it (one credit, unless it has a cover already). */
	musicTaskId?: string;
	/** A cover task to read when Generate is not run or does not tell its id. */
	coverTaskId?: string;
	/** Wait for Completion's timeout. */
	timeoutSeconds: number;
	/** Wait for Completion's Poll Interval (the node's default when unset). */
	pollIntervalSeconds?: number;
}

export interface LiveCheckStep {
	operation: 'generate' | 'getStatus' | 'waitForCompletion';
	/** The node's output item (or its error), as a user would see it. */
	output: IDataObject;
	answers: CheckedExchange[];
}

export interface LiveCheckReport {
	provider: string;
	baseUrl: string;
	steps: LiveCheckStep[];
	/** Every drift line, prefixed with the request it came from. */
	drift: string[];
}

/** The base URL a provider's credential defaults to: the real API's. */
export function defaultBaseUrl(adapter: ProviderAdapter): string {
	const field = credentialTypes[adapter.credentialType]?.properties.find(
		(property) => property.name === 'baseUrl',
	);
	return String(field?.default ?? '');
}

function outputOf(result: Awaited<ReturnType<typeof runMusicCover>>): IDataObject {
	if (result.items[0]) return result.items[0].json;
	return { error: result.error?.message ?? 'no output item' };
}

export async function runLiveCheck(input: LiveCheckInput): Promise<LiveCheckReport> {
	const { adapter } = input;
	const proxy = await startRecordingProxy(input.baseUrl, [input.apiKey]);
	const steps: LiveCheckStep[] = [];
	const run = async (operation: LiveCheckStep['operation'], parameters: IDataObject) => {
		const first = proxy.exchanges.length;
		const result = await runMusicCover({
			credentials: { [adapter.credentialType]: { apiKey: input.apiKey, baseUrl: proxy.url } },
			parameters: { provider: adapter.id, operation, ...parameters },
			items: [{ json: {} }],
			continueOnFail: true,
		});
		const answers = proxy.exchanges.slice(first).map((e) => checkExchange(adapter, e));
		const step = { operation, output: outputOf(result), answers };
		steps.push(step);
		return step;
	};
	try {
		let coverTaskId = input.coverTaskId;
		if (input.musicTaskId) {
			const generated = await run('generate', {
				musicTaskId: input.musicTaskId,
				waitMode: 'noWait',
				// A duplicate is an answer to check, not a failure of the check.
				options: { onDuplicate: 'continue' },
			});
			const id = generated.output.coverTaskId;
			if (typeof id === 'string' && id !== '') coverTaskId = id;
		}
		if (coverTaskId) {
			await run('getStatus', { coverTaskId });
			await run('waitForCompletion', {
				coverTaskId,
				options: {
					timeout: input.timeoutSeconds,
					...(input.pollIntervalSeconds ? { pollInterval: input.pollIntervalSeconds } : {}),
				},
			});
		}
	} finally {
		await proxy.stop();
	}
	const drift = steps.flatMap((step) =>
		step.answers.flatMap(({ exchange, drift: lines }) =>
			lines.map((line) => `${step.operation}: ${exchange.method} ${exchange.path}: ${line}`),
		),
	);
	return {
		provider: adapter.id,
		baseUrl: input.baseUrl,
		steps,
		drift,
	};
}

/** The report as printed: each step's answers, its output, and the drift (or "no drift"). */
export function formatReport(adapter: ProviderAdapter, report: LiveCheckReport): string {
	const lines = [`${adapter.displayName} (${report.baseUrl})`];
	for (const step of report.steps) {
		lines.push(`  ${step.operation}`);
		for (const { exchange, code, providerStatus, drift } of step.answers) {
			const answer =
				exchange.httpStatus === 0
					? `no answer (${exchange.error ?? 'unknown error'})`
					: `HTTP ${exchange.httpStatus}, code ${code ?? '-'}${providerStatus ? `, status ${providerStatus}` : ''}`;
			lines.push(`    ${exchange.method} ${exchange.path} -> ${answer}`);
			for (const line of drift) lines.push(`      DRIFT: ${line}`);
		}
		const { status, providerStatus, error, coverTaskId } = step.output;
		lines.push(
			`    node output: ${JSON.stringify({ coverTaskId, status, providerStatus, error })}`,
		);
	}
	if (report.steps.length === 0) lines.push('  nothing run: no music task id and no cover task id');
	lines.push(
		report.drift.length === 0
			? '  no drift: every answer is as the adapter expects'
			: `  ${report.drift.length} drift line(s): the API answered something the adapter does not know`,
	);
	return lines.join('\n');
}
