/**
 * Domain objects the client returns (camelCase; the wire format is snake_case and stays
 * inside the client). The wire types are generated from @workos/openapi-spec (./generated).
 */
export interface Permission {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly system: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Role {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly type: 'EnvironmentRole' | 'OrganizationRole';
  /** Permission slugs. */
  readonly permissions: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * What the target can do beyond WorkOS's public API. The local control plane answers
 * `GET /_dashboard/capabilities`; real WorkOS answers 404 there, meaning "none".
 */
export interface Capabilities {
  readonly deleteEnvironmentRole: boolean;
  /** Priority order, default role, multiple-roles mode (`/_dashboard/role-policy`). */
  readonly rolePolicy: boolean;
  /** Directory/SSO group and attribute role mappings (`/_dashboard/…/role-mappings`). */
  readonly roleMappings: boolean;
  /** The resource type hierarchy (`/_dashboard/resource-types`). */
  readonly resourceTypes: boolean;
}

export interface CreatePermissionInput { readonly slug: string; readonly name: string; readonly description?: string | null }
export interface UpdatePermissionInput { readonly name?: string; readonly description?: string | null }
export interface CreateRoleInput { readonly slug: string; readonly name: string; readonly description?: string | null }
export interface UpdateRoleInput { readonly name?: string; readonly description?: string | null }

/** The WorkOS API surface the provider uses. Implemented by `WorkosClient` (undici). */
export interface WorkosApi {
  capabilities(): Promise<Capabilities>;
  permissions: {
    list(): AsyncIterable<Permission>;
    get(slug: string): Promise<Permission>;
    create(input: CreatePermissionInput): Promise<Permission>;
    update(slug: string, input: UpdatePermissionInput): Promise<Permission>;
    delete(slug: string): Promise<void>;
  };
  roles: {
    /** Environment roles in priority order. */
    list(): AsyncIterable<Role>;
    get(slug: string): Promise<Role>;
    create(input: CreateRoleInput): Promise<Role>;
    update(slug: string, input: UpdateRoleInput): Promise<Role>;
    /** PUT: the role ends with exactly these permissions. */
    setPermissions(slug: string, permissionSlugs: readonly string[]): Promise<Role>;
    /** POST: adds one permission. */
    addPermission(slug: string, permissionSlug: string): Promise<Role>;
    /** Dashboard-only in WorkOS: the local control plane serves it under /_dashboard. */
    delete(slug: string): Promise<void>;
  };
  // The rest of the role topology: interfaces below.
  organizations: OrganizationsApi;
  users: UsersApi;
  memberships: MembershipsApi;
  organizationRoles: OrganizationRolesApi;
  rolePolicy: RolePolicyApi;
  roleMappings: RoleMappingsApi;
  resourceTypes: ResourceTypesApi;
  resources: ResourcesApi;
  roleAssignments: RoleAssignmentsApi;
  /**
   * "Test mapped attributes": the roles a user with these groups/attributes would get in the
   * organization (null: environment policy only), with the reason for each role kept or dropped.
   */
  resolveRoles(organizationId: string | null, facts: ResolveRolesInput): Promise<Resolution>;
}

export interface ResolveRolesInput {
  readonly directory_groups?: readonly string[];
  readonly sso_groups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

// ---- The whole role topology (docs/semantics.md). Wire paths: WorkOS's where WorkOS has them; dashboard-only
// features under /_dashboard/ on the local control plane.

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly externalId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface User {
  readonly id: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OrganizationMembership {
  readonly id: string;
  readonly organizationId: string;
  readonly userId: string;
  /** Organization-level role slugs (one unless multiple-roles mode is on). */
  readonly roleSlugs: readonly string[];
  readonly status: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Priority order, default role and multiple-roles mode of the environment or of one organization. */
export interface RolePolicy {
  /** null: the environment. */
  readonly organizationId: string | null;
  /** Every role of the scope, highest priority first. */
  readonly priority: readonly string[];
  readonly defaultRole: string;
  readonly multipleRoles: boolean;
  /** True for an organization without custom roles: the environment's policy applies to it (and cannot be changed through it). */
  readonly inherited?: boolean;
}

import type { Resolution, RoleMode } from '../resolution';
export type MappingKind = 'directory' | 'sso' | 'attribute';

/** Directory group, SSO group or attribute → roles, in one organization. */
export interface RoleMapping {
  readonly id: string;
  readonly kind: MappingKind;
  readonly organizationId: string;
  /** directory: directory id; sso: connection id; attribute: null. */
  readonly sourceId: string | null;
  /** directory/sso: group name or IdP id; attribute: attribute name. */
  readonly group: string;
  /** attribute mappings only: the value that selects the roles. */
  readonly value: string | null;
  readonly roles: readonly string[];
  readonly mode: RoleMode | null;
}

export interface ResourceType {
  readonly slug: string;
  readonly name: string;
  readonly parentTypes: readonly string[];
}

export interface AuthorizationResource {
  readonly id: string;
  readonly organizationId: string;
  readonly resourceTypeSlug: string;
  readonly externalId: string;
  readonly name: string;
  readonly description: string | null;
  readonly parentResourceId: string | null;
}

export interface RoleAssignment {
  readonly id: string;
  readonly organizationMembershipId: string;
  readonly roleSlug: string;
  readonly resourceId: string;
  readonly resourceTypeSlug: string;
  readonly resourceExternalId: string;
}

/** A resource named by id, or by type + external id (within the membership's organization). */
export type ResourceRef = { readonly resourceId: string } | { readonly resourceTypeSlug: string; readonly resourceExternalId: string };

export interface OrganizationsApi {
  list(): AsyncIterable<Organization>;
  create(input: { name: string; externalId?: string | null }): Promise<Organization>;
  get(id: string): Promise<Organization>;
  update(id: string, input: { name?: string; externalId?: string | null }): Promise<Organization>;
  delete(id: string): Promise<void>;
}

export interface UsersApi {
  create(input: { email: string; firstName?: string | null; lastName?: string | null }): Promise<User>;
  get(id: string): Promise<User>;
  update(id: string, input: { email?: string; firstName?: string | null; lastName?: string | null }): Promise<User>;
  delete(id: string): Promise<void>;
}

export interface MembershipsApi {
  /** Without roleSlugs the membership gets the scope's default role. */
  create(input: { organizationId: string; userId: string; roleSlugs?: readonly string[] }): Promise<OrganizationMembership>;
  get(id: string): Promise<OrganizationMembership>;
  list(filter: { organizationId?: string; userId?: string }): AsyncIterable<OrganizationMembership>;
  setRoles(id: string, roleSlugs: readonly string[]): Promise<OrganizationMembership>;
  delete(id: string): Promise<void>;
}

export interface OrganizationRolesApi {
  /** Environment roles and this organization's roles, in the organization's priority order. */
  list(organizationId: string): AsyncIterable<Role>;
  get(organizationId: string, slug: string): Promise<Role>;
  create(organizationId: string, input: CreateRoleInput): Promise<Role>;
  update(organizationId: string, slug: string, input: UpdateRoleInput): Promise<Role>;
  setPermissions(organizationId: string, slug: string, permissionSlugs: readonly string[]): Promise<Role>;
  /** 409 role_has_assignments / role_has_group_role_mappings while anything still uses it. */
  delete(organizationId: string, slug: string): Promise<void>;
}

/** Dashboard-only in WorkOS (local control plane: /_dashboard/...). */
export interface RolePolicyApi {
  get(organizationId: string | null): Promise<RolePolicy>;
  /** Fields left undefined are unchanged. `priority` heads the order; unlisted roles keep their order below. */
  update(organizationId: string | null, input: { priority?: readonly string[]; defaultRole?: string; multipleRoles?: boolean }): Promise<RolePolicy>;
}

/** Dashboard-only in WorkOS (local control plane: /_dashboard/...). */
export interface RoleMappingsApi {
  list(organizationId: string): AsyncIterable<RoleMapping>;
  get(id: string): Promise<RoleMapping>;
  create(input: Omit<RoleMapping, 'id'>): Promise<RoleMapping>;
  update(id: string, input: { roles?: readonly string[]; mode?: RoleMode | null }): Promise<RoleMapping>;
  delete(id: string): Promise<void>;
}

/** Dashboard-only in WorkOS (local control plane: /_dashboard/...). */
export interface ResourceTypesApi {
  list(): AsyncIterable<ResourceType>;
  get(slug: string): Promise<ResourceType>;
  create(input: ResourceType): Promise<ResourceType>;
  update(slug: string, input: { name?: string; parentTypes?: readonly string[] }): Promise<ResourceType>;
  delete(slug: string): Promise<void>;
}

export interface ResourcesApi {
  create(input: { organizationId: string; resourceTypeSlug: string; externalId: string; name: string; description?: string | null; parentResourceId?: string | null }): Promise<AuthorizationResource>;
  get(id: string): Promise<AuthorizationResource>;
  getByExternalId(organizationId: string, resourceTypeSlug: string, externalId: string): Promise<AuthorizationResource>;
  update(id: string, input: { name?: string; description?: string | null; parentResourceId?: string | null }): Promise<AuthorizationResource>;
  /** 409 resource_has_dependents while it has children or assignments, unless cascade. */
  delete(id: string, options?: { cascade?: boolean }): Promise<void>;
}

export interface RoleAssignmentsApi {
  list(organizationMembershipId: string): AsyncIterable<RoleAssignment>;
  create(organizationMembershipId: string, input: { roleSlug: string } & ResourceRef): Promise<RoleAssignment>;
  delete(organizationMembershipId: string, assignmentId: string): Promise<void>;
  /** Does the membership hold the permission on the resource (directly, via an ancestor, or via its organization role)? */
  check(organizationMembershipId: string, input: { permissionSlug: string } & ResourceRef): Promise<{ authorized: boolean }>;
}

/** What the local control plane adds beyond WorkOS's public API (all false on real WorkOS). */
export interface TopologyCapabilities extends Capabilities {
  readonly rolePolicy: boolean;
  readonly roleMappings: boolean;
  readonly resourceTypes: boolean;
}
