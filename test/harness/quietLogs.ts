/**
 * Jest setup file (jest.config.js), run before each test file loads n8n: n8n's logger prints the
 * node's expected warnings and errors (a test provoking "code 404" logs it), which read as failures
 * in a passing run. MUSIC_COVER_TEST_LOGS=1 shows them, at N8N_LOG_LEVEL if set.
 */
if (!process.env.MUSIC_COVER_TEST_LOGS) process.env.N8N_LOG_LEVEL = 'silent';
