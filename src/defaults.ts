/**
 * Defaults shared by the provider settings schema (src/schemas/provider-config.ts, which documents
 * them) and the client that applies them (src/client/limiter.ts). Depends on nothing.
 */

/** API requests in flight at once per client (provider process). */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 4;

/**
 * API requests per second per client (provider process). WorkOS publishes 6,000 requests per
 * 60 seconds per API key (100/s) for all requests, with lower limits on some routes (e.g.
 * organization deletes: 50 per 60 s): 10/s leaves room for other users of the same key.
 */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
