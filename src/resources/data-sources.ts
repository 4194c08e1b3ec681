import { attr, type ResourceSchema } from '../schema';

/** Data source: the "test mapped attributes" preview, at plan time. */
export const effectiveRolesSchema = {
  typeName: 'workos_effective_roles',
  constructName: 'DataWorkosEffectiveRoles',
  description:
    'Which roles would a user with these groups and attributes get, and why? Evaluates the mappings, priority order, default role and multiple-roles mode of the organization (or environment) on the target, without signing anyone in.',
  version: 0,
  attributes: {
    organization_id: attr.string({ mode: 'optional', description: 'Organization whose mappings and policy apply. Unset: environment policy only.' }),
    directory_groups: attr.stringList({ mode: 'optional', description: 'Directory groups of the user.' }),
    sso_groups: attr.stringList({ mode: 'optional', description: 'Groups in the user\'s SSO profile.' }),
    attributes: attr.stringMap({ mode: 'optional', description: 'User attributes, e.g. `{ myRole = "admin" }`.' }),
    roles: attr.stringList({ mode: 'computed', description: 'Resolved role slugs, highest priority first.' }),
    reasons: attr.stringList({ mode: 'computed', description: 'One line per resolved role: which mapping gave it and which rule kept it.' }),
  },
} as const satisfies ResourceSchema;

/** Data source: does a membership hold a permission on a resource? */
export const accessCheckSchema = {
  typeName: 'workos_access_check',
  constructName: 'DataWorkosAccessCheck',
  description: 'Does the membership hold the permission on the resource: directly, through a role on an ancestor, or through its organization role?',
  version: 0,
  attributes: {
    organization_membership_id: attr.string({ mode: 'required', description: 'The member.' }),
    permission_slug: attr.string({ mode: 'required', description: 'The permission to check.' }),
    resource_id: attr.string({ mode: 'optional', description: 'The resource, by id.' }),
    resource_type_slug: attr.string({ mode: 'optional', description: 'The resource\'s type, with `resource_external_id`.' }),
    resource_external_id: attr.string({ mode: 'optional', description: 'The resource\'s external id, with `resource_type_slug`.' }),
    allowed: attr.bool({ mode: 'computed', description: 'Whether access is granted.' }),
    reason: attr.string({ mode: 'computed', description: 'Why: which role on which resource grants it, or that nothing does.' }),
  },
} as const satisfies ResourceSchema;
