// `npm run test:live`: the live check against the real provider APIs (test/live/providers.live.ts).
// Never part of `npm test` or CI: it needs keys and spends a credit per Generate.
const base = require('./jest.config');

module.exports = {
	...base,
	testMatch: ['**/test/live/*.live.ts'],
	maxWorkers: 1,
};
