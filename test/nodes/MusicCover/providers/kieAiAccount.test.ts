import * as fs from 'node:fs';
import * as path from 'node:path';

import { allProviders } from '../../../../nodes/MusicCover/providers';
import { kieAi } from '../../../../nodes/MusicCover/providers/kieAi';
import {
	kieAiAdapter,
	type KieAiEndpoints,
} from '../../../../nodes/MusicCover/providers/kieAiAccount';

describe('the kie.ai endpoint-family seam', () => {
	/**
	 * A second family, as kie.ai's jobs API would be one (createTask with input task_id): only its
	 * requests and parsers are its own. Its parsers are the suno/cover ones here, since the point
	 * is what the family does not have to bring.
	 */
	const jobsLike: KieAiEndpoints = {
		musicTaskIdName: 'task_id',
		musicTaskIdSources: kieAi.musicTaskIdSources,
		finishedMusicNote: kieAi.finishedMusicNote,
		coverCost: { credits: 2, source: 'this test' },
		duplicateReturnsExistingId: true,
		generateRequest: (musicTaskId, callbackUrl) => ({
			method: 'POST',
			path: '/api/v1/jobs/createTask',
			body: { input: { task_id: musicTaskId }, callBackUrl: callbackUrl ?? '' },
		}),
		isGenerateAnswer: kieAi.isGenerateAnswer,
		parseGenerate: kieAi.parseGenerate,
		statusRequest: (taskId) => ({ method: 'GET', path: '/api/v1/jobs/recordInfo', qs: { taskId } }),
		parseStatus: kieAi.parseStatus,
		knownAnswers: kieAi.knownAnswers,
	};

	test("gets kie.ai's account, limits, callbacks and code meanings from kieAiAdapter alone", () => {
		const adapter = kieAiAdapter(jobsLike);
		expect(adapter).toMatchObject({
			id: kieAi.id,
			displayName: kieAi.displayName,
			credentialType: kieAi.credentialType,
			transientCodes: kieAi.transientCodes,
			rateLimitCodes: kieAi.rateLimitCodes,
			createLimit: kieAi.createLimit,
			callbacks: kieAi.callbacks,
		});
		// The balance is the account's; what a cover costs is the family's.
		expect(adapter.credits?.request).toEqual(kieAi.credits?.request);
		expect(adapter.coverCost).toEqual({ credits: 2, source: 'this test' });
		for (const code of [400, 401, 402, 404, 409, 422, 455, 500, 501, 505])
			expect(adapter.hintFor(code)).toBe(kieAi.hintFor(code));
		expect(adapter.generateRequest('music-1', undefined).path).toBe('/api/v1/jobs/createTask');
	});
});

describe("README's table of the endpoints the node uses", () => {
	const readme = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
	const section = readme.split('### Endpoints the node uses')[1]?.split('\n## ')[0] ?? '';

	test.each(allProviders().map((adapter) => [adapter.displayName, adapter] as const))(
		'names the paths the %s adapter sends',
		(displayName, adapter) => {
			const row = section.split('\n').find((line) => line.startsWith(`| ${displayName} `));
			expect(row).toBeDefined();
			const generate = adapter.generateRequest('music-1', 'https://n8n.example.com/cb');
			const status = adapter.statusRequest('cover-1');
			expect(row).toContain(`${generate.method} ${generate.path}`);
			expect(row).toContain(`${status.method} ${status.path}`);
			for (const field of Object.keys(generate.body ?? {})) expect(row).toContain(field);
			for (const param of Object.keys(status.qs ?? {})) expect(row).toContain(`?${param}=`);
		},
	);
});
