/** Timing and size limits of the node, each with the reason for its value. */

/** Default deadline of a wait: covers usually take about a minute, more when the provider is busy. */
export const DEFAULT_TIMEOUT_SECONDS = 600;
/** Upper bound of a user-set deadline: image URLs live 14 days, but a run holding a worker for hours is a mistake. */
export const MAX_TIMEOUT_SECONDS = 6 * 60 * 60;
/**
 * Longest a tool call (an AI agent's or an MCP client's) waits for covers: the MCP SDK's client
 * gives up on a request after 60 s by default and the model is waiting, so a cover not done by
 * then is answered as pending with its id, for the agent to ask again.
 */
export const TOOL_TIMEOUT_SECONDS = 45;
/**
 * Pause between status reads while a cover is young: the hand-built loop users replace waits 5 s,
 * and the node must see a finished cover at least as soon.
 */
export const DEFAULT_POLL_INTERVAL_SECONDS = 5;
/**
 * A cover this run just started is first read 2.1 Poll Intervals after its start (10.5 s by
 * default): the quickest kie.ai covers are ready after about 6 s, so even they are seen within one
 * interval, and the reads a 5 s loop spends on covers that cannot be ready yet are saved. Chosen
 * with `npm run bench` together with the pace below; 1.6 (8 s) spent about 0.5 more reads per cover.
 */
export const FIRST_READ_AFTER_START_FACTOR = 2.1;
/**
 * Covers started together finish close together: once one of the wait's covers has been seen
 * ready, each cover at least as old is read more often as fewer remain, the pause being the
 * interval times the square root of the share still running, but never under this part of it.
 * Stragglers are few, so reading them often costs few requests, and the run ends with its last.
 * Chosen with `npm run bench`: against the 5 s loop, lag median x0.62 and reads x1.01 on covers
 * ready in 20-60 s; 0.7 left the last cover up to 3.5 s unseen (wall x1.03).
 */
export const FINISHING_PACE_FLOOR = 0.5;
/** Covers are read every Poll Interval during their first minute, when most of them finish. */
export const STEADY_POLL_PHASE_MS = 60_000;
/** After that, each pause is this much longer than the last, so long waits cost fewer requests. */
export const POLL_INTERVAL_GROWTH = 1.5;
/** kie.ai recommends polling every 30 s; the interval never grows past that. */
export const MAX_POLL_INTERVAL_MS = 30_000;
/** Reads falling due this close together go out in one round instead of two wake-ups. */
export const READ_COALESCE_MS = 250;
/** Status reads in flight at once in a wait, which reads its covers again every few seconds. */
export const STATUS_READ_CONCURRENCY = 8;
/**
 * Status reads in flight at once for Get Status, which reads each item once. n8n's HTTP Request
 * node, which users would use instead, sends every item's request at once; with only a few in
 * flight, n8n sits idle while the answers travel and pays a connection's set-up on each read
 * alone (one profiled run of 1,000 reads at 8: 12 % of the node's time idle, 11 % in `connect`).
 * The providers limit creates, not reads. Measured in one n8n 2.41.1 against the HTTP Request node
 * with the key in a header parameter, 1,000 reads: 64 at once x1.09-x1.16 of its time, 256 x0.95,
 * 512 x0.87, all 1,000 x0.67-x0.72. 512 keeps a run of thousands from opening thousands of
 * connections to one API, and stays well under the 1,024 open files a process gets by default
 * under systemd (each read holds a socket).
 */
export const GET_STATUS_CONCURRENCY = 512;
/**
 * Covers whose images are downloaded at once (a cover's images, 2 on every provider, go out
 * together). n8n's HTTP Request node, which users would chain instead, sends every item's request
 * at once, and image hosts are CDNs; the bound keeps at most this many covers' images in memory
 * before n8n's binary data service takes each one (to disk in filesystem mode): 64 images, a few
 * dozen MB at the size of real covers. At 16, 200 covers wait at least 0.5 s on an image host
 * answering in 40 ms (16 covers per 40 ms): half of what the whole run took in the benchmark at 32.
 */
export const DOWNLOAD_CONCURRENCY = 32;
/**
 * Status reads in flight at once when a callback confirms the covers of its run. When covers
 * finish together, the last callback reads all the others: at 20 (a typical batch) that is one
 * round trip instead of three while n8n main is busy with the burst; the providers limit creates,
 * not reads.
 */
export const CONFIRM_READ_CONCURRENCY = 20;

/**
 * How long after a cover finishes its callback may still be on its way: kie.ai sends it at once,
 * and callbacks of covers that finish together arrive within a second or two of each other. A
 * callback defers to a cover that finished after its own only inside this window; later, that
 * cover's callback has been handled already, so deferring could leave the run waiting.
 */
export const CALLBACK_IN_FLIGHT_MS = 5_000;

/**
 * kie.ai waits 15 s for the answer to a callback (its callback pages). When its record does not yet
 * show the called-back cover finished (no page says that happens; it is planned for), the cover is
 * read again for up to this long before the callback is answered with a 503: with the last read
 * (well under a second when the API is well) and n8n's own work, the answer still goes out well
 * inside those 15 s, so the 503 reaches kie.ai instead of a timeout.
 */
export const CALLBACK_CONFIRM_WINDOW_MS = 8_000;
/**
 * Pause between those reads: a record behind its callback is expected to catch up within a second
 * or two, and eight reads at most per callback cost the provider little.
 */
export const CALLBACK_CONFIRM_REREAD_MS = 1_000;
/**
 * Signed deliveries the trigger remembers so that a replay of one starts no second run. Entries
 * leave once their signature is too old to pass the check again, so only a burst of this many
 * callbacks inside the signature window (five minutes) could push a remembered one out early;
 * kie.ai starts at most about 100 tasks at once. The bound keeps the workflow's static data small.
 */
export const REPLAY_MEMORY_MAX = 500;

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
