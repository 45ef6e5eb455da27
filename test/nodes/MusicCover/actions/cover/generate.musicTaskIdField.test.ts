import { requestsTo, runNode, useEmulator } from '../../support';

/**
 * apiin.one's pages name the generate body's music task id differently: `task_id` on the current
 * English and Chinese pages, `taskId` in the seed and the older copies. The emulator plays each
 * spelling strictly (`apiinTaskIdField`); the node's Generate must work against both.
 */
const emulator = useEmulator({ readyAfterMs: 0 });

const generatePoll = {
	operation: 'generate',
	musicTaskId: 'music-1',
	waitMode: 'poll',
	options: { pollInterval: 1 },
};

describe.each(['task_id', 'taskId'] as const)(
	'Generate on an apiin.one server that reads only %s',
	(field) => {
		test('creates the cover once and ends with its images', async () => {
			emulator.configure({ apiinTaskIdField: field });
			const result = await runNode(emulator, { provider: 'apiinOne', parameters: generatePoll });
			expect(result.error).toBeUndefined();
			const task = emulator.findCoverTask('apiinOne', 'music-1');
			expect(result.items[0].json).toMatchObject({
				provider: 'apiinOne',
				coverTaskId: task?.coverTaskId,
				musicTaskId: 'music-1',
				status: 'success',
				images: emulator.imageUrls(task?.coverTaskId as string),
			});
			const creates = requestsTo(emulator, 'apiinOne', 'generate');
			expect(creates).toHaveLength(1);
			expect(creates[0].answer?.code).toBe(200);
			expect(creates[0].body).toMatchObject({ [field]: 'music-1' });
		});
	},
);

test('udioapi.pro gets the one field its page documents, taskId', async () => {
	const result = await runNode(emulator, { provider: 'udioApiPro', parameters: generatePoll });
	expect(result.error).toBeUndefined();
	expect(requestsTo(emulator, 'udioApiPro', 'generate')[0].body).toEqual({ taskId: 'music-1' });
});
