import { networkError } from '../../../../nodes/MusicCover/transport/errors';
import { kieAi } from '../../../../nodes/MusicCover/providers/kieAi';
import { isTransientProviderError } from '../../../../nodes/MusicCover/transport';
test('x', () => {
  const node: any = { id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0,0], parameters: {} };
  for (const cause of [{ code: 'ECONNRESET', message: 'socket hang up' }, { code: 'ECONNREFUSED' }, { message: 'timeout of 30000ms exceeded', code: 'ECONNABORTED' }, { code: 'ETIMEDOUT' }, new Error('x')]) {
    const e = networkError(node, kieAi, cause, []);
    console.log(JSON.stringify(cause), e.httpCode, e.message, isTransientProviderError(e));
  }
});
