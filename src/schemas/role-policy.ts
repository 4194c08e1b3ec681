import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { objectId, roleSlug } from '../slug';

export const rolePolicySchema = {
  typeName: 'workos_role_policy',
  constructName: 'RolePolicy',
  description:
    'How conflicts between roles are settled, for the environment or for one organization: the priority order, the default role and multiple-roles mode. WorkOS keeps these in its dashboard; at most one policy per scope. Attributes left unset are not managed. Destroying it only stops managing: nothing changes in WorkOS.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: '`environment`, or the organization id.' }),
    organization_id: attr.string({
      mode: 'optional',
      requiresReplace: true,
      check: objectId,
      description: 'The organization whose own order this is (it must have a custom role). Unset: the environment. Import by `environment` or the organization id.',
      defaultDoc: 'the environment',
    }),
    priority: attr.stringList({
      mode: 'optional',
      check: z.array(roleSlug).refine((l) => new Set(l).size === l.length, 'must not list a role twice'),
      description:
        'Role slugs, highest priority first. These roles head the order in this sequence; roles not listed keep their relative order below them. Used when several roles match and multiple-roles mode is off.',
      defaultDoc: 'the order is not managed',
    }),
    default_role: attr.string({ mode: 'optional', check: roleSlug, description: 'Role a member gets when no mapping gives one. The default role cannot be deleted.', defaultDoc: 'not managed' }),
    multiple_roles: attr.bool({ mode: 'optional', description: 'Whether a member gets every mapped role (true) or only the highest-priority one (false).', defaultDoc: 'not managed' }),
  },
} as const satisfies ResourceSchema;
