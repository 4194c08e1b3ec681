import { attr, type ResourceSchema } from './builder';
import { objectId } from '../slug';

/** Data source: the "test mapped attributes" preview, at plan time. */
export const effectiveRolesSchema = {
  typeName: 'workos_effective_roles',
  constructName: 'DataWorkosEffectiveRoles',
  description:
    'Which roles would a user with these groups and attributes get, and why? Evaluates the mappings, priority order, default role and multiple-roles mode of the organization (or environment) on the target, without signing anyone in.',
  version: 0,
  attributes: {
    organization_id: attr.string({ mode: 'optional', check: objectId, description: 'Organization whose mappings and policy apply. Unset: environment policy only.' }),
    directory_user_id: attr.string({
      mode: 'optional',
      check: objectId,
      description:
        "A directory user (`directory_user_…`) of the organization: its real groups and attributes, as the identity provider pushed them, count too (with those given here). Needs `organization_id`.",
    }),
    directory_groups: attr.stringList({ mode: 'optional', description: 'Directory groups of the user (with `directory_user_id`: in addition to its own).' }),
    sso_groups: attr.stringList({ mode: 'optional', description: 'Groups in the user\'s SSO profile.' }),
    attributes: attr.stringMap({ mode: 'optional', description: 'User attributes, e.g. `{ myRole = "admin" }`.' }),
    roles: attr.stringList({ mode: 'computed', description: 'Resolved role slugs, highest priority first.' }),
    reasons: attr.stringList({ mode: 'computed', description: 'One line per resolved role: which mapping gave it and which rule kept it.' }),
  },
} as const satisfies ResourceSchema;
