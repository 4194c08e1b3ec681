/**
 * Provider settings: the provider block (src/schemas/provider-config.ts), each attribute falling
 * back to its environment variable, which gets the same rules. What ConfigureProvider turns into
 * an API client.
 */
import { providerConfigSchema, DEFAULT_BASE_URL, insecureBaseUrl } from '../src/schemas/provider-config';
import { attributeZod, isUnknown, validateAttributes, type AttributeSpec, type Diagnostic } from '../src/schemas/builder';
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

/**
 * The settings from a decoded provider block and the environment. `settings` is undefined when
 * any diagnostic is an error (or no API key is set anywhere).
 */
export function providerSettings(config: Values, env: NodeJS.ProcessEnv): { settings?: ProviderSettings; diagnostics: Diagnostic[] } {
  const diagnostics = validateAttributes(providerConfigSchema.attributes, config);
  const baseUrl = fromConfigOrEnv(config, env, diagnostics, 'base_url', 'WORKOS_BASE_URL', (raw) => raw);
  const apiKey = fromConfigOrEnv(config, env, diagnostics, 'api_key', 'WORKOS_API_KEY', (raw) => raw);
  const allowInsecureHttp = fromConfigOrEnv(config, env, diagnostics, 'allow_insecure_http', 'WORKOS_ALLOW_INSECURE_HTTP', readBool);
  const maxConcurrentRequests = fromConfigOrEnv(config, env, diagnostics, 'max_concurrent_requests', 'WORKOS_MAX_CONCURRENT_REQUESTS', readNumber);
  const requestsPerSecond = fromConfigOrEnv(config, env, diagnostics, 'requests_per_second', 'WORKOS_REQUESTS_PER_SECOND', readNumber);
  if (apiKey.value === undefined && !diagnostics.some((d) => d.path?.[0] === 'api_key')) {
    diagnostics.push(errorDiagnostic('Missing WorkOS API key', 'Set "api_key" in the provider block or the WORKOS_API_KEY environment variable.', ['api_key']));
  }
  if (diagnostics.some((d) => d.severity === 'error') || apiKey.value === undefined) return { diagnostics };
  const url = baseUrl.value ?? DEFAULT_BASE_URL;
  const insecure = insecureBaseUrl(url, allowInsecureHttp.value === true);
  if (insecure) {
    const named = baseUrl.from === 'env' ? '"base_url" from WORKOS_BASE_URL' : '"base_url"';
    diagnostics.push(errorDiagnostic(`${named} is plain http to another machine`, `${baseUrl.from === 'env' ? 'WORKOS_BASE_URL' : 'base_url'}=${JSON.stringify(url)}: ${insecure}.`, ['base_url']));
    return { diagnostics };
  }
  return {
    settings: { baseUrl: url, apiKey: apiKey.value, maxConcurrentRequests: maxConcurrentRequests.value, requestsPerSecond: requestsPerSecond.value },
    diagnostics,
  };
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

type SettingName = keyof typeof providerConfigSchema.attributes;

/**
 * A setting from the provider block (already validated against the schema) or else its
 * environment variable, which gets the same rules and is named in their diagnostic. Undefined
 * value: set nowhere (or invalid, with a diagnostic).
 */
function fromConfigOrEnv<T>(
  config: Values,
  env: NodeJS.ProcessEnv,
  diagnostics: Diagnostic[],
  name: SettingName,
  envName: string,
  read: (raw: string) => T | string,
): { value?: T; from?: 'config' | 'env' } {
  const value = config[name];
  if (isUnknown(value)) {
    diagnostics.push(mustBeKnown(name));
    return {};
  }
  if (value !== undefined && value !== null && value !== '') return { value: value as T, from: 'config' };
  const raw = env[envName]?.trim();
  if (!raw) return {};
  const fromEnv = read(raw);
  const spec: AttributeSpec = providerConfigSchema.attributes[name];
  const checked = attributeZod(spec).safeParse(fromEnv);
  if (!checked.success) {
    // The API key's value is never repeated.
    const shown = spec.sensitive ? '(sensitive value)' : JSON.stringify(raw);
    diagnostics.push(errorDiagnostic(`Invalid value for "${name}" from ${envName}`, `${envName}=${shown}: "${name}" ${checked.error.issues[0].message}.`, [name]));
    return {};
  }
  return { value: fromEnv as T, from: 'env' };
}

/** A number, or the text itself so that the schema names what is wrong with it. */
function readNumber(raw: string): number | string {
  const n = Number(raw);
  return Number.isNaN(n) ? raw : n;
}

function readBool(raw: string): boolean | string {
  return raw === 'true' ? true : raw === 'false' ? false : raw;
}

function mustBeKnown(name: string): Diagnostic {
  return errorDiagnostic(`"${name}" must be known before planning`, `The provider's "${name}" depends on a value that is only known after apply.`, [name]);
}
