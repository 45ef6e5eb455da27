/**
 * A real n8n-core ExecuteContext for the MusicCover node, for calling the transport and helpers
 * directly (for example with an injected sleep): its HTTP helpers, credential lookup and
 * authentication are n8n-core's, wired like test/harness/n8nRuntime.ts wires a workflow run.
 */
import { ExecuteContext } from 'n8n-core';
import { createRunExecutionData, type IHttpRequestOptions } from 'n8n-workflow';

import type { Emulator } from '../../../emulator';
import type { ProviderName } from '../../../emulator/types';
import { additionalDataFor, musicCoverNode, workflowOf } from '../../../harness/n8nRuntime';
import { CREDENTIAL_TYPE } from '.';

export function executeContextFor(
	emulator: Emulator,
	provider: ProviderName,
	credentials: { apiKey?: string; baseUrl?: string } = {},
	abortSignal?: AbortSignal,
) {
	const type = CREDENTIAL_TYPE[provider];
	const node = musicCoverNode('musicCover', { provider }, [type]);
	const requests: IHttpRequestOptions[] = [];
	const additionalData = additionalDataFor(
		{
			credentials: {
				[type]: {
					apiKey: credentials.apiKey ?? emulator.keys[provider],
					baseUrl: credentials.baseUrl ?? emulator.baseUrls[provider],
				},
			},
			requests,
		},
		node,
	);
	const input = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(
		workflowOf(node),
		node,
		additionalData,
		'manual',
		createRunExecutionData({}),
		0,
		input.main[0],
		input,
		{ node, data: input, source: null },
		[],
		abortSignal,
	);
	return { context, requests };
}
