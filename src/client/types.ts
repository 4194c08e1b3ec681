/**
 * Domain objects the client returns (camelCase; the wire format is snake_case and stays
 * inside the client). The wire types are generated from @workos/openapi-spec (./generated).
 * The API contract (`WorkosApi` and one type per area) is derived from the classes that
 * implement it, never restated.
 */
import type { RoleMode } from '../resolution';
import type { WorkosClient } from './index';

export type {
  MembershipsApi,
  OrganizationRolesApi,
  OrganizationsApi,
  PermissionsApi,
  ResourcesApi,
  ResourceTypesApi,
  RoleAssignmentsApi,
  RoleMappingsApi,
  RolePolicyApi,
  RolesApi,
  UsersApi,
} from './index';

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

/** Kept for callers of the earlier name: the same as `Capabilities`. */
export type TopologyCapabilities = Capabilities;

/** The public surface of an API class, without its private fields: what a test double implements. */
export type PublicOf<T> = { [K in keyof T]: T[K] };

type ApiArea = Exclude<keyof WorkosClient, 'stats' | 'capabilities' | 'resolveRoles'>;

/** The WorkOS API surface the provider, the CLI and the exporter use: `WorkosClient`'s, without its transport. */
export type WorkosApi = Pick<WorkosClient, 'capabilities' | 'resolveRoles'> & { readonly [K in ApiArea]: PublicOf<WorkosClient[K]> };
