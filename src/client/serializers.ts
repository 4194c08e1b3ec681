/**
 * Wire (snake_case, as in @workos/openapi-spec) → domain (camelCase, ./types). One zod schema
 * validates each response at the boundary and one pure function converts each object.
 */
import { z } from 'zod';
import type { Resolution } from '../resolution';
import type {
  AuthorizationResource,
  Capabilities,
  Organization,
  OrganizationMembership,
  Permission,
  ResourceType,
  Role,
  RoleAssignment,
  RoleMapping,
  RolePolicy,
  User,
} from './types';
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
export const wireCapabilities = z.object({
  delete_environment_role: z.boolean().optional(),
  role_policy: z.boolean().optional(),
  role_mappings: z.boolean().optional(),
  resource_types: z.boolean().optional(),
});

const listMetadata = z.object({ before: z.string().nullable(), after: z.string().nullable() });
const pageOf = <T extends z.ZodTypeAny>(item: T) => z.object({ object: z.literal('list'), data: z.array(item), list_metadata: listMetadata });

export const wireOrganization = z.object({
  object: z.literal('organization'),
  id: z.string(),
  name: z.string(),
  external_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Pick<Wire.Organization, 'object' | 'id' | 'name' | 'external_id' | 'created_at' | 'updated_at'>>;

export const wireOrganizationList = pageOf(wireOrganization);

export const wireUser = z.object({
  object: z.literal('user'),
  id: z.string(),
  email: z.string(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Pick<Wire.UserlandUser, 'object' | 'id' | 'email' | 'first_name' | 'last_name' | 'created_at' | 'updated_at'>>;

export const wireUserList = pageOf(wireUser);

const slimRole = z.object({ slug: z.string() }) satisfies z.ZodType<Wire.SlimRole>;

/** The spec has `role`; WorkOS adds `roles` (all of them) in multiple-roles mode. */
export const wireMembership = z.object({
  object: z.literal('organization_membership'),
  id: z.string(),
  user_id: z.string(),
  organization_id: z.string(),
  status: z.string(),
  role: slimRole,
  roles: z.array(slimRole).optional(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Pick<Wire.UserlandUserOrganizationMembership, 'object' | 'id' | 'user_id' | 'organization_id' | 'role' | 'created_at' | 'updated_at'>>;
export const wireMembershipList = pageOf(wireMembership);

export const wireResource = z.object({
  object: z.literal('authorization_resource'),
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  organization_id: z.string(),
  parent_resource_id: z.string().nullable(),
  external_id: z.string(),
  resource_type_slug: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.AuthorizationResource>;

export const wireResourceList = pageOf(wireResource);

export const wireRoleAssignment = z.object({
  object: z.literal('role_assignment'),
  id: z.string(),
  role: slimRole,
  resource: z.object({ id: z.string(), external_id: z.string(), resource_type_slug: z.string() }),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.RoleAssignment>;
export const wireRoleAssignmentList = pageOf(wireRoleAssignment);

export const wireAuthorizationCheck = z.object({ authorized: z.boolean() }) satisfies z.ZodType<Wire.AuthorizationCheck>;

// Dashboard-only objects (local control plane).

export const wireRolePolicy = z.object({
  object: z.literal('role_policy'),
  organization_id: z.string().nullable(),
  priority: z.array(z.string()),
  default_role: z.string(),
  multiple_roles: z.boolean(),
  inherited: z.boolean().optional(),
});

export const wireRoleMapping = z.object({
  object: z.literal('role_mapping'),
  id: z.string(),
  kind: z.enum(['directory', 'sso', 'attribute']),
  organization_id: z.string(),
  source_id: z.string().nullable(),
  group: z.string(),
  value: z.string().nullable(),
  roles: z.array(z.string()),
  mode: z.enum(['exclusive', 'additive']).nullable(),
});
export const wireRoleMappingList = z.object({ object: z.literal('list'), data: z.array(wireRoleMapping) });

export const wireResourceType = z.object({ object: z.literal('resource_type'), slug: z.string(), name: z.string(), parent_types: z.array(z.string()) });
export const wireResourceTypeList = z.object({ object: z.literal('list'), data: z.array(wireResourceType) });

const wireReason = z.object({ role: z.string(), source: z.enum(['directory', 'sso', 'attribute', 'default']), mapping: z.string(), rule: z.string() });
export const wireResolution = z.object({ roles: z.array(z.string()), reasons: z.array(wireReason), dropped: z.array(wireReason) });

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
  return {
    deleteEnvironmentRole: w.delete_environment_role ?? false,
    rolePolicy: w.role_policy ?? false,
    roleMappings: w.role_mappings ?? false,
    resourceTypes: w.resource_types ?? false,
  };
}

export const NO_CAPABILITIES: Capabilities = { deleteEnvironmentRole: false, rolePolicy: false, roleMappings: false, resourceTypes: false };

export function toOrganization(w: z.infer<typeof wireOrganization>): Organization {
  return { id: w.id, name: w.name, externalId: w.external_id, createdAt: w.created_at, updatedAt: w.updated_at };
}

export function toUser(w: z.infer<typeof wireUser>): User {
  return { id: w.id, email: w.email, firstName: w.first_name, lastName: w.last_name, createdAt: w.created_at, updatedAt: w.updated_at };
}

export function toMembership(w: z.infer<typeof wireMembership>): OrganizationMembership {
  return {
    id: w.id,
    organizationId: w.organization_id,
    userId: w.user_id,
    roleSlugs: w.roles?.length ? w.roles.map((r) => r.slug) : [w.role.slug],
    status: w.status,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

export function toResource(w: z.infer<typeof wireResource>): AuthorizationResource {
  return {
    id: w.id,
    organizationId: w.organization_id,
    resourceTypeSlug: w.resource_type_slug,
    externalId: w.external_id,
    name: w.name,
    description: w.description,
    parentResourceId: w.parent_resource_id,
  };
}

/** The wire object does not name its membership; the caller knows it from the path. */
export function toRoleAssignment(organizationMembershipId: string, w: z.infer<typeof wireRoleAssignment>): RoleAssignment {
  return {
    id: w.id,
    organizationMembershipId,
    roleSlug: w.role.slug,
    resourceId: w.resource.id,
    resourceTypeSlug: w.resource.resource_type_slug,
    resourceExternalId: w.resource.external_id,
  };
}

export function toRolePolicy(w: z.infer<typeof wireRolePolicy>): RolePolicy {
  return { organizationId: w.organization_id, priority: w.priority, defaultRole: w.default_role, multipleRoles: w.multiple_roles, inherited: w.inherited ?? false };
}

export function toRoleMapping(w: z.infer<typeof wireRoleMapping>): RoleMapping {
  return { id: w.id, kind: w.kind, organizationId: w.organization_id, sourceId: w.source_id, group: w.group, value: w.value, roles: w.roles, mode: w.mode };
}

export function toResourceType(w: z.infer<typeof wireResourceType>): ResourceType {
  return { slug: w.slug, name: w.name, parentTypes: w.parent_types };
}

export function toResolution(w: z.infer<typeof wireResolution>): Resolution {
  return { roles: w.roles, reasons: w.reasons, dropped: w.dropped };
}
