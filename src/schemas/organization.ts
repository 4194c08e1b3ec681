import { attr, type ResourceSchema } from './builder';
import { z } from 'zod';

export const organizationSchema = {
  typeName: 'workos_organization',
  constructName: 'Organization',
  description: 'A WorkOS organization: a customer of your application, with its own members, roles and IdP connections.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the organization (`org_…`). Import by it.' }),
    name: attr.string({ mode: 'required', check: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'), description: 'Name of the organization.' }),
    external_id: attr.string({ mode: 'optional', check: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'), description: 'Your own identifier for the organization.' }),
  },
} as const satisfies ResourceSchema;
