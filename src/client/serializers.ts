/**
 * Wire (snake_case, as in @workos/openapi-spec) → domain (camelCase, ./types). One zod schema
 * validates each response at the boundary and one pure function converts each object.
 */
import { z } from 'zod';
import type { Capabilities, Permission, Role } from './types';
import type * as Wire from './generated/workos-api';

export const wirePermission = z.object({
  object: z.literal('permission'),
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  system: z.boolean(),
  resource_type_slug: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.AuthorizationPermission>;

export const wirePermissionList = z.object({
  object: z.literal('list'),
  data: z.array(wirePermission),
  list_metadata: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
}) satisfies z.ZodType<Wire.AuthorizationPermissionList>;

export const wireRole = z.object({
  object: z.literal('role'),
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(['EnvironmentRole', 'OrganizationRole']),
  resource_type_slug: z.string(),
  permissions: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.Role>;

/** RoleList has no list_metadata: environment roles come in one page. */
export const wireRoleList = z.object({ object: z.literal('list'), data: z.array(wireRole) }) satisfies z.ZodType<Wire.RoleList>;

/** Served by the local control plane only. Unknown keys are ignored, missing ones mean "no". */
export const wireCapabilities = z.object({ delete_environment_role: z.boolean().optional() });

export function toPermission(w: z.infer<typeof wirePermission>): Permission {
  return {
    id: w.id,
    slug: w.slug,
    name: w.name,
    description: w.description,
    system: w.system,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

export function toRole(w: z.infer<typeof wireRole>): Role {
  return {
    id: w.id,
    slug: w.slug,
    name: w.name,
    description: w.description,
    type: w.type,
    permissions: w.permissions,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

export function toCapabilities(w: z.infer<typeof wireCapabilities>): Capabilities {
  return { deleteEnvironmentRole: w.delete_environment_role ?? false };
}

export const NO_CAPABILITIES: Capabilities = { deleteEnvironmentRole: false };
