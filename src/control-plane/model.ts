/**
 * The control plane's data: the records, `State`, and the queries every route and reducer
 * shares. Only the reducers in events.ts change a `State`.
 */
import { INITIAL_DEFAULT_ROLE, policyInForce } from '../role-policy';

export interface PermissionRecord {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  system: boolean;
  resourceTypeSlug: string;
  createdAt: string;
  updatedAt: string;
}

export interface RoleRecord {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  /** Permission slugs, in the order they were granted. */
  permissions: string[];
  createdAt: string;
  updatedAt: string;
}

/** Priority order, default role and multiple-roles mode of one organization that has its own. */
export interface ScopePolicy {
  /** Role slugs (environment and organization roles), highest priority first. */
  priority: string[];
  defaultRoleSlug: string;
  multipleRoles: boolean;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  externalId: string | null;
  /** The organization's own (custom) roles, in creation order. */
  roles: RoleRecord[];
  /** Null until the first custom role: until then the environment's policy applies (docs/semantics.md, "The snapshot rule"). */
  policy: ScopePolicy | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserRecord {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface MembershipRecord {
  id: string;
  organizationId: string;
  userId: string;
  /** Organization-level roles; several only in multiple-roles mode. */
  roleSlugs: string[];
  createdAt: string;
  updatedAt: string;
}

export type MappingKind = 'directory' | 'sso' | 'attribute';

export interface RoleMappingRecord {
  id: string;
  kind: MappingKind;
  organizationId: string;
  sourceId: string | null;
  group: string;
  value: string | null;
  roles: string[];
  mode: 'exclusive' | 'additive' | null;
  createdAt: string;
  updatedAt: string;
}

export interface ResourceTypeRecord {
  slug: string;
  name: string;
  parentTypes: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ResourceRecord {
  id: string;
  organizationId: string;
  resourceTypeSlug: string;
  externalId: string;
  name: string;
  description: string | null;
  parentResourceId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RoleAssignmentRecord {
  id: string;
  membershipId: string;
  roleSlug: string;
  resourceId: string;
  createdAt: string;
  updatedAt: string;
}

export interface State {
  /** Keyed by slug; insertion order is creation order. */
  permissions: Map<string, PermissionRecord>;
  /** Environment roles in priority order (first = highest). */
  roles: RoleRecord[];
  defaultRoleSlug: string;
  multipleRoles: boolean;
  /** The maps below are keyed by id (resource types: by slug); insertion order is creation order. */
  organizations: Map<string, OrganizationRecord>;
  users: Map<string, UserRecord>;
  memberships: Map<string, MembershipRecord>;
  roleMappings: Map<string, RoleMappingRecord>;
  resourceTypes: Map<string, ResourceTypeRecord>;
  resources: Map<string, ResourceRecord>;
  roleAssignments: Map<string, RoleAssignmentRecord>;
}

/** The implicit root resource type every organization has; permissions and environment roles are scoped to it. */
export const ORGANIZATION_RESOURCE_TYPE = 'organization';

export function emptyState(): State {
  return {
    permissions: new Map(),
    roles: [],
    defaultRoleSlug: INITIAL_DEFAULT_ROLE,
    multipleRoles: false,
    organizations: new Map(),
    users: new Map(),
    memberships: new Map(),
    roleMappings: new Map(),
    resourceTypes: new Map(),
    resources: new Map(),
    roleAssignments: new Map(),
  };
}

/** A fresh environment: just the default role. */
export function initialState(now: string, roleId: string): State {
  const state = emptyState();
  state.roles.push({ id: roleId, slug: INITIAL_DEFAULT_ROLE, name: 'Member', description: null, permissions: [], createdAt: now, updatedAt: now });
  return state;
}

export function findRole(state: State, slug: string): RoleRecord | undefined {
  return state.roles.find((r) => r.slug === slug);
}

/** A role visible in an organization: an environment role or one of the organization's own. */
export function findScopeRole(state: State, organization: OrganizationRecord | undefined, slug: string): RoleRecord | undefined {
  return findRole(state, slug) ?? organization?.roles.find((r) => r.slug === slug);
}

/** The policy in force for the environment (no organization) or an organization (docs/semantics.md, "The snapshot rule"). */
export function effectivePolicy(state: State, organization: OrganizationRecord | undefined): ScopePolicy {
  const environment = { priority: state.roles.map((r) => r.slug), defaultRoleSlug: state.defaultRoleSlug, multipleRoles: state.multipleRoles };
  return policyInForce(environment, organization?.policy);
}

/** The resource and its ancestors, nearest first. */
export function ancestry(state: State, resource: ResourceRecord): ResourceRecord[] {
  const out: ResourceRecord[] = [];
  for (let r: ResourceRecord | undefined = resource; r && !out.includes(r); r = r.parentResourceId ? state.resources.get(r.parentResourceId) : undefined) out.push(r);
  return out;
}

/** The resource and all its descendants. */
export function subtree(state: State, rootId: string): Set<string> {
  const ids = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of state.resources.values()) {
      if (r.parentResourceId && ids.has(r.parentResourceId) && !ids.has(r.id)) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  return ids;
}
