import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { description, displayName, permissionSlug, roleSlug } from '../slug';

export const roleSchema = {
  typeName: 'workos_role',
  constructName: 'Role',
  description:
    'A WorkOS environment role: applies to every organization. Its permissions are authoritative: after apply the role has exactly this set.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the role (`role_…`).' }),
    slug: attr.string({
      mode: 'required',
      requiresReplace: true,
      check: roleSlug,
      description: 'Immutable key of the role: lowercase letters, digits, `-` and `_`, at most 48 characters.',
    }),
    name: attr.string({ mode: 'required', check: displayName, description: 'Human-readable name, at most 48 characters.' }),
    description: attr.string({ mode: 'optional', check: description, description: 'What the role is for, at most 150 characters.' }),
    permissions: attr.stringSet({
      mode: 'optional',
      check: z.array(permissionSlug),
      description: 'Slugs of the permissions this role grants. Authoritative: permissions added elsewhere are removed on apply.',
      defaultDoc: 'no permissions',
    }),
    destroy_behavior: attr.string({
      mode: 'optional_computed',
      default: 'delete',
      check: z.enum(['delete', 'abandon']),
      description:
        'What `terraform destroy` does. `delete` removes the role (its members move to the default role); where the target cannot delete environment roles (the real WorkOS API), destroy fails and says so. `abandon` only removes the role from Terraform state and leaves it in WorkOS, with a warning.',
      defaultDoc: '"delete"',
    }),
  },
} as const satisfies ResourceSchema;
