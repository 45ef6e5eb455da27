import * as n8nWorkflow from 'n8n-workflow';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

type LegacySleepWithAbort = (ms: number, signal: AbortSignal) => Promise<void>;

/**
 * n8n-workflow's abortable sleep differs between the n8n lines: 1.x exports `sleepWithAbort`,
 * 2.x removed it and made `sleep(ms, signal)` abortable. The host's n8n-workflow is the one loaded.
 */
export const cancellableSleep: Sleep = async (ms, signal) => {
	const legacy = (n8nWorkflow as unknown as { sleepWithAbort?: LegacySleepWithAbort })
		.sleepWithAbort;
	if (signal && typeof legacy === 'function') return await legacy(ms, signal);
	return await (n8nWorkflow.sleep as (ms: number, signal?: AbortSignal) => Promise<void>)(
		ms,
		signal,
	);
};
