/**
 * Defaults shared by the provider settings schema (src/schemas/provider-config.ts, which documents
 * them) and the client that applies them (src/client/limiter.ts). Depends on nothing.
 */

/** API requests in flight at once per client (provider process). */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

/**
 * Ceiling of the adaptive API request rate per client (provider process), in requests per
 * second; the rate starts here and backs off on 429s (src/client/limiter.ts). WorkOS publishes
 * 6,000 requests per 60 seconds per API key (100/s) for all requests, with lower limits on some
 * routes (e.g. organization deletes: 50 per 60 s) and the key shared with the application's own
 * traffic: a client starting at the key's limit finds the room left by its 429s, not by a guess.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 100;
