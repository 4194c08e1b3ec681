/**
 * What ConfigureProvider turns into an API client: the settings (src/settings.ts: the provider
 * block, each attribute falling back to its environment variable) plus retry logging.
 */
import type { WorkosApi } from '../src/client/types';
import type { RetryEvent } from '../src/client/http';
import type { ProviderSettings } from '../src/settings';
import type { Logger } from './handler';

export { providerSettings, type ProviderSettings } from '../src/settings';

export interface ClientOptions extends ProviderSettings {
  /** Called before each retry of an API request (the provider logs it at debug level). */
  readonly onRetry?: (retry: RetryEvent) => void;
}

export type ClientFactory = (options: ClientOptions) => WorkosApi | Promise<WorkosApi>;


// The API client loads on ConfigureProvider only: most provider processes a
// terraform command starts never get that far.
export const loadWorkosClient: ClientFactory = async (options) => {
  const { WorkosClient } = await import('../src/client');
  return new WorkosClient(options);
};

/** Logs each retry of an API request at debug level. */
export function logRetries(log: Logger): (retry: RetryEvent) => void {
  return (r) =>
    log.debug('retrying WorkOS API request', {
      method: r.method,
      path: r.path,
      retry: r.attempt,
      ...(r.status ? { status: r.status } : { error_code: r.code }),
      delay_ms: Math.round(r.delayMs),
      requests_per_second: Math.round(r.rate * 10) / 10,
    });
}

