/** Timing and size limits of the node, each with the reason for its value. */

/** Default deadline of a wait: covers usually take about a minute, more when the provider is busy. */
export const DEFAULT_TIMEOUT_SECONDS = 600;
/** Upper bound of a user-set deadline: image URLs live 14 days, but a run holding a worker for hours is a mistake. */
export const MAX_TIMEOUT_SECONDS = 6 * 60 * 60;
/** First pause between status reads; short, because many covers are ready in under a minute. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
/** kie.ai recommends polling every 30 s; the interval never grows past that. */
export const MAX_POLL_INTERVAL_MS = 30_000;
/** Each round waits this much longer than the last, so long waits cost fewer requests. */
export const POLL_INTERVAL_GROWTH = 1.5;
/** Status reads in flight at once: well inside kie.ai's 20 requests per 10 s for many items. */
export const STATUS_READ_CONCURRENCY = 4;

/** A single HTTP request gives up after this long; the providers answer within seconds. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Attempts for a request that is safe to repeat (status reads, image downloads, rate-limited calls). */
export const MAX_ATTEMPTS = 3;
/** Pause before the first retry when the provider gives no Retry-After; doubles each time. */
export const RETRY_BASE_DELAY_MS = 1_000;
/** A Retry-After longer than this is cut, so one answer cannot stall a run for minutes. */
export const MAX_RETRY_AFTER_MS = 30_000;

/** Sent with every request: kie.ai's Cloudflare front refuses requests without a User-Agent. */
export const USER_AGENT = 'n8n-nodes-music-cover';
