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
  /** Organization-level roles; several only in multiple-roles mode. Empty while inactive. */
  roleSlugs: string[];
  /** Absent: active. Inactive: its directory user was deactivated or removed; no roles. */
  status?: 'active' | 'inactive';
  /** Where each role came from, as of the last change (absent for memberships never resolved or set). */
  roleSources?: RoleSourceRecord[];
  /** What the last SSO sign-in said about the user (directory-sync.ts applies its groups). */
  ssoProfile?: SsoProfileFacts;
  createdAt: string;
  updatedAt: string;
}

/** Why a membership holds a role: the resolution's reason, or `api` for roles set through the API. */
export interface RoleSourceRecord {
  role: string;
  source: 'directory' | 'sso' | 'attribute' | 'default' | 'api';
  /** Which mapping gave it ("directory group \"Engineering\" → developer"), or what set it. */
  mapping: string;
  /** Which rule kept it. */
  rule: string;
}

export interface SsoProfileFacts {
  groups: string[];
  attributes: Record<string, string | string[]>;
  connectionId: string | null;
  at: string;
}

/** A SCIM directory of one organization (docs/semantics.md, "Directory sync"). */
export interface DirectoryRecord {
  id: string;
  organizationId: string;
  name: string;
  /** WorkOS's directory type, e.g. `generic scim v2.0`, `okta scim v2.0`, `azure scim v2.0`. */
  type: string;
  /** The bearer token the IdP sends to this directory's SCIM endpoint. */
  token: string;
  createdAt: string;
  updatedAt: string;
}

/** A user as the IdP pushed it over SCIM. `id` is also its SCIM id. */
export interface DirectoryUserRecord {
  id: string;
  directoryId: string;
  /** The IdP's id (SCIM `externalId`); WorkOS's `idp_id`. */
  idpId: string | null;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  active: boolean;
  /** Attributes attribute mappings match on (e.g. `department`, or a custom `myRole`). */
  customAttributes: Record<string, string | string[]>;
  /** The SCIM resource as last written, without the attributes the server owns (id, meta). */
  scim: Record<string, unknown>;
  /** The WorkOS user this directory user is provisioned as (matched by email, else created). */
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A group as the IdP pushed it over SCIM. `id` is also its SCIM id. */
export interface DirectoryGroupRecord {
  id: string;
  directoryId: string;
  idpId: string | null;
  displayName: string;
  /** Directory user ids, in the order they were added. */
  memberIds: string[];
  scim: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** One entry of the event log (`GET /events`), WorkOS's event shape. `data` is the object as it was then. */
export interface EventRecord {
  id: string;
  event: string;
  organizationId: string | null;
  data: Record<string, unknown>;
  /** WorkOS's event context, e.g. `previous_attributes` of an update. */
  context?: Record<string, unknown>;
  createdAt: string;
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
  directories: Map<string, DirectoryRecord>;
  directoryUsers: Map<string, DirectoryUserRecord>;
  directoryGroups: Map<string, DirectoryGroupRecord>;
  /** Oldest first, at most EVENT_LOG_LIMIT. */
  events: EventRecord[];
  /** How many events were ever recorded: the ids of new ones derive from it (replay gives the same ids). */
  eventCount: number;
}

/** The event log keeps this many newest events. */
export const EVENT_LOG_LIMIT = 10_000;

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
    directories: new Map(),
    directoryUsers: new Map(),
    directoryGroups: new Map(),
    events: [],
    eventCount: 0,
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
