/**
 * Provider settings: the provider block (src/schemas/provider-config.ts), each attribute falling
 * back to its environment variable, which gets the same rules and is named in their diagnostic.
 * The provider's ConfigureProvider and the `workos-rbac` commands that talk to a target both
 * read their settings here, so an environment means the same thing to both.
 */
import { providerConfigSchema, DEFAULT_BASE_URL, insecureBaseUrl } from './schemas/provider-config';
import { attributeZod, isUnknown, validateAttributes, type AttributeSpec, type Diagnostic } from './schemas/builder';

/** Where and how to reach the target. */
export interface ProviderSettings {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly maxConcurrentRequests?: number;
  readonly requestsPerSecond?: number;
}

const errorDiagnostic = (summary: string, detail: string, path: string[]): Diagnostic => ({ severity: 'error', summary, detail, path });

/**
 * The settings from a decoded provider block and the environment. `settings` is undefined when
 * any diagnostic is an error (or no API key is set anywhere).
 */
export function providerSettings(config: Record<string, unknown>, env: NodeJS.ProcessEnv): { settings?: ProviderSettings; diagnostics: Diagnostic[] } {
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

type SettingName = keyof typeof providerConfigSchema.attributes;

/**
 * A setting from the provider block (already validated against the schema) or else its
 * environment variable, which gets the same rules and is named in their diagnostic. Undefined
 * value: set nowhere (or invalid, with a diagnostic).
 */
function fromConfigOrEnv<T>(
  config: Record<string, unknown>,
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

/**
 * The target of a `workos-rbac` command (resolve, export, impact --enrich): the provider's
 * environment variables under the provider's rules, so a key is never sent where the provider
 * would refuse to send it. Throws one message naming every problem.
 */
export function targetFromEnvironment(env: NodeJS.ProcessEnv): ProviderSettings {
  const { settings, diagnostics } = providerSettings({}, env);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (settings && errors.length === 0) return settings;
  throw new Error(errors.map((d) => `${d.summary}: ${d.detail}`).join('\n'));
}
