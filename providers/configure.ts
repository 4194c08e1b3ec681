/**
 * Provider settings: the provider block (src/schemas/provider-config.ts), each attribute falling
 * back to its environment variable, which gets the same rules. What ConfigureProvider turns into
 * an API client.
 */
import { providerConfigSchema, DEFAULT_BASE_URL } from '../src/schemas/provider-config';
import { isUnknown, validateAttributes, type Diagnostic } from '../src/schemas/builder';
import type { WorkosApi } from '../src/client/types';
import type { RetryEvent } from '../src/client/http';
import type { Logger, Values } from './handler';
import { errorDiagnostic } from './protocol/diagnostics';

export interface ClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly maxConcurrentRequests?: number;
  readonly requestsPerSecond?: number;
  /** Called before each retry of an API request (the provider logs it at debug level). */
  readonly onRetry?: (retry: RetryEvent) => void;
}

export type ClientFactory = (options: ClientOptions) => WorkosApi | Promise<WorkosApi>;

/** The client options from settings, without `onRetry`. */
export type ProviderSettings = Omit<ClientOptions, 'onRetry'>;

// The API client (and undici) load on ConfigureProvider only: most provider processes a
// terraform command starts never get that far.
export const loadWorkosClient: ClientFactory = async (options) => {
  const { WorkosClient } = await import('../src/client');
  return new WorkosClient(options);
};

type NumberSetting = 'max_concurrent_requests' | 'requests_per_second';

/**
 * The settings from a decoded provider block and the environment. `settings` is undefined when
 * any diagnostic is an error (or no API key is set anywhere).
 */
export function providerSettings(config: Values, env: NodeJS.ProcessEnv): { settings?: ProviderSettings; diagnostics: Diagnostic[] } {
  const diagnostics = validateAttributes(providerConfigSchema.attributes, config);
  const setting = (name: 'base_url' | 'api_key', envName: string): string | undefined => {
    const value = config[name];
    if (isUnknown(value)) {
      diagnostics.push(mustBeKnown(name));
      return undefined;
    }
    if (typeof value === 'string' && value !== '') return value;
    return env[envName] || undefined;
  };
  const baseUrl = setting('base_url', 'WORKOS_BASE_URL') ?? DEFAULT_BASE_URL;
  const apiKey = setting('api_key', 'WORKOS_API_KEY');
  const maxConcurrentRequests = numberSetting(config, env, diagnostics, 'max_concurrent_requests', 'WORKOS_MAX_CONCURRENT_REQUESTS');
  const requestsPerSecond = numberSetting(config, env, diagnostics, 'requests_per_second', 'WORKOS_REQUESTS_PER_SECOND');
  if (apiKey === undefined && !diagnostics.some((d) => d.path?.[0] === 'api_key')) {
    diagnostics.push(errorDiagnostic('Missing WorkOS API key', 'Set "api_key" in the provider block or the WORKOS_API_KEY environment variable.', ['api_key']));
  }
  if (diagnostics.some((d) => d.severity === 'error') || apiKey === undefined) return { diagnostics };
  return { settings: { baseUrl, apiKey, maxConcurrentRequests, requestsPerSecond }, diagnostics };
}

/** Logs each retry of an API request at debug level. */
export function logRetries(log: Logger): (retry: RetryEvent) => void {
  return (r) =>
    log.debug('retrying WorkOS API request', {
      method: r.method,
      path: r.path,
      retry: r.attempt,
      ...(r.status ? { status: r.status } : { error_code: r.code }),
      delay_ms: Math.round(r.delayMs),
    });
}

/**
 * A numeric setting from the config (already validated against the schema) or its
 * environment variable, which gets the same rule here. Undefined: the client's default.
 */
function numberSetting(config: Values, env: NodeJS.ProcessEnv, diagnostics: Diagnostic[], name: NumberSetting, envName: string): number | undefined {
  const value = config[name];
  if (isUnknown(value)) {
    diagnostics.push(mustBeKnown(name));
    return undefined;
  }
  if (typeof value === 'number') return value;
  const raw = env[envName]?.trim();
  if (!raw) return undefined;
  const fromEnv = Number(raw);
  const problems = validateAttributes({ [name]: providerConfigSchema.attributes[name] }, { [name]: Number.isNaN(fromEnv) ? raw : fromEnv });
  if (problems.length > 0) {
    diagnostics.push(
      errorDiagnostic(`Invalid value for "${name}" from ${envName}`, `${envName}=${JSON.stringify(raw)}: "${name}" ${problems[0].detail.replace(/^\S+ /, '')}.`, [name]),
    );
    return undefined;
  }
  return fromEnv;
}

function mustBeKnown(name: string): Diagnostic {
  return errorDiagnostic(`"${name}" must be known before planning`, `The provider's "${name}" depends on a value that is only known after apply.`, [name]);
}
