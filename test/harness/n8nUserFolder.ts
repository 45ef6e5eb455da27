/**
 * Imported first by every harness module: n8n-core reads N8N_USER_FOLDER when it loads and would
 * otherwise write ~/.n8n/config on the machine running the tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'music-cover-n8n-'));
