import { attr, type ResourceSchema } from './builder';
import { description, displayName, permissionSlug } from '../slug';

export const permissionSchema = {
  typeName: 'workos_permission',
  constructName: 'Permission',
  description: 'A WorkOS permission: an immutable slug (e.g. `users:view`) that roles grant.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the permission (`perm_…`).' }),
    slug: attr.string({
      mode: 'required',
      requiresReplace: true,
      check: permissionSlug,
      description: 'Immutable key of the permission, as it appears in sessions: lowercase letters, digits and `- . : _ *`, at most 48 characters (e.g. `users:view`).',
    }),
    name: attr.string({ mode: 'required', check: displayName, description: 'Human-readable name, at most 48 characters.' }),
    description: attr.string({ mode: 'optional', check: description, description: 'What the permission allows, at most 150 characters.' }),
  },
} as const satisfies ResourceSchema;
