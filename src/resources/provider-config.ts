import { z } from 'zod';
import { attr, type ProviderConfigSchema } from '../schema';

export const DEFAULT_BASE_URL = 'https://api.workos.com';

export const providerConfigSchema = {
  description: 'Where the WorkOS API is and how to authenticate to it.',
  attributes: {
    base_url: attr.string({
      mode: 'optional',
      check: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
      description: 'Base URL of the WorkOS API, or of a local control plane (`workos-rbac server`). Falls back to the `WORKOS_BASE_URL` environment variable.',
      defaultDoc: '"https://api.workos.com"',
    }),
    api_key: attr.string({
      mode: 'optional',
      sensitive: true,
      description: 'WorkOS API key (`sk_…`). Falls back to the `WORKOS_API_KEY` environment variable. Never stored in state or shown in plans.',
    }),
  },
} as const satisfies ProviderConfigSchema;
