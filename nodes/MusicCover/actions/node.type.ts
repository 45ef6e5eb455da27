export type MusicCoverOperation = 'generate' | 'getStatus' | 'waitForCompletion';
