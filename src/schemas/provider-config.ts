import { z } from 'zod';
import { attr, type ProviderConfigSchema } from './builder';
import { DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_REQUESTS_PER_SECOND } from '../defaults';

export const DEFAULT_BASE_URL = 'https://api.workos.com';

export const providerConfigSchema = {
  description: 'Where the WorkOS API is and how to authenticate to it.',
  attributes: {
    base_url: attr.string({
      mode: 'optional',
      check: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      description:
        'Base URL of the WorkOS API, or of a local control plane (`workos-rbac server`). Falls back to the `WORKOS_BASE_URL` environment variable. ' +
        'Plain `http://` is accepted for this machine only (`127.0.0.1`, `::1`, `localhost`): anywhere else the API key would cross the network unencrypted, so it is refused unless `allow_insecure_http` is true.',
      defaultDoc: '"https://api.workos.com"',
    }),
    allow_insecure_http: attr.bool({
      mode: 'optional',
      check: z.boolean({ error: 'must be true or false' }),
      description:
        'Allows a plain `http://` `base_url` on a host other than this machine, which sends the API key unencrypted. Only for a network path you trust end to end (e.g. a TLS-terminating proxy on a private network). ' +
        'Falls back to the `WORKOS_ALLOW_INSECURE_HTTP` environment variable (`true` or `false`).',
      defaultDoc: 'false',
    }),
    api_key: attr.string({
      mode: 'optional',
      sensitive: true,
      description: 'WorkOS API key (`sk_…`). Falls back to the `WORKOS_API_KEY` environment variable. Never stored in state or shown in plans.',
    }),
    max_concurrent_requests: attr.number({
      mode: 'optional',
      check: atLeastOne({ integer: true }),
      description:
        'Most API requests the provider has in flight at once (retries included), shared by all the resource operations terraform runs in parallel through one provider process. ' +
        'Falls back to the `WORKOS_MAX_CONCURRENT_REQUESTS` environment variable.',
      defaultDoc: String(DEFAULT_MAX_CONCURRENT_REQUESTS),
    }),
    requests_per_second: attr.number({
      mode: 'optional',
      check: atLeastOne({ integer: false }),
      description:
        'Ceiling of the provider\'s API request rate, shared by all the resource operations terraform runs in parallel through one provider process. ' +
        'The rate adapts: it starts at the ceiling; a 429 answer halves it (once per round of requests in flight, down to 1/s) and its `Retry-After` pauses every request of the provider until then; ' +
        'each second of successful requests adds a twentieth of the ceiling back. ' +
        'The default is WorkOS\'s documented limit per API key (6,000 requests per 60 seconds, 100/s), so a run uses the room its key has and backs off when the application or another run takes it; set a lower ceiling to reserve room for them. ' +
        'Falls back to the `WORKOS_REQUESTS_PER_SECOND` environment variable.',
      defaultDoc: `${DEFAULT_REQUESTS_PER_SECOND} (the ceiling; the rate adapts below it)`,
    }),
  },
} as const satisfies ProviderConfigSchema;

/**
 * Why this base URL may not carry the API key, or undefined when it may: plain http is for this
 * machine only (a local control plane), unless `allowInsecureHttp`. Expects a valid http(s) URL.
 */
export function insecureBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string | undefined {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' || allowInsecureHttp || isLoopback(url.hostname)) return undefined;
  return `over plain http the API key would cross the network unencrypted to ${url.host}: use https, or set allow_insecure_http = true if the whole network path is trusted`;
}

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}

function atLeastOne(opts: { integer: boolean }): z.ZodType {
  const n = z.number({ error: 'must be a number' });
  return (opts.integer ? n.int({ error: 'must be a whole number' }) : n).min(1, { error: 'must be at least 1' });
}
