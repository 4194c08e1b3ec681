import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';

export const userSchema = {
  typeName: 'workos_user',
  constructName: 'User',
  description: 'A WorkOS user (User Management). Mostly useful for test fixtures and service accounts: real users usually arrive through sign-up, SSO or directory sync.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the user (`user_…`). Import by it.' }),
    email: attr.string({ mode: 'required', check: z.email({ error: 'must be an email address' }), description: 'Email address; in-place update.' }),
    first_name: attr.string({ mode: 'optional', description: 'First name.' }),
    last_name: attr.string({ mode: 'optional', description: 'Last name.' }),
  },
} as const satisfies ResourceSchema;
