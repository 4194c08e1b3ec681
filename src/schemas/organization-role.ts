import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { description, displayName, objectId, organizationRoleSlug, permissionSlug } from '../slug';

export const organizationRoleSchema = {
  typeName: 'workos_organization_role',
  constructName: 'OrganizationRole',
  description:
    'A custom role scoped to one organization. Its slug starts with `org-`. Its permissions are authoritative. The first custom role gives the organization its own priority order and default role.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the role (`role_…`).' }),
    organization_id: attr.string({ mode: 'required', requiresReplace: true, check: objectId, description: 'Organization the role belongs to. Import as `<organization_id>/<slug>`.' }),
    slug: attr.string({
      mode: 'required',
      requiresReplace: true,
      check: organizationRoleSlug,
      description: 'Immutable key of the role: starts with `org-`, then lowercase letters, digits, `-` and `_`, at most 48 characters.',
    }),
    name: attr.string({ mode: 'required', check: displayName, description: 'Human-readable name, at most 48 characters.' }),
    description: attr.string({ mode: 'optional', check: description, description: 'What the role is for, at most 150 characters.' }),
    permissions: attr.stringSet({
      mode: 'optional',
      check: z.array(permissionSlug),
      description: 'Slugs of the permissions this role grants. Authoritative.',
      defaultDoc: 'no permissions',
    }),
    force_delete: attr.bool({
      mode: 'optional_computed',
      default: false,
      description:
        'Deleting a role that still has assignments or group mappings fails (WorkOS: 409 `role_has_assignments` / `role_has_group_role_mappings`). Set to true to remove those first, then delete.',
      defaultDoc: 'false',
    }),
  },
} as const satisfies ResourceSchema;
