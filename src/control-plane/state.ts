/**
 * The control plane's data and the events that change it. Handlers validate a request, build
 * ONE event and commit it (journal.ts); `applyEvent` is the only code that mutates state, and
 * replay after a restart runs the very same function, so live and recovered state agree.
 */

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
  /** Null until the first custom role: until then the environment's policy applies. */
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

export const DEFAULT_ROLE_SLUG = 'member';
/** The implicit root resource type every organization has; permissions and environment roles are scoped to it. */
export const ORGANIZATION_RESOURCE_TYPE = 'organization';

/** Something that happened; `at` is its ISO time. Journaled as one JSON line each. */
export type StateEvent =
  | { type: 'permission.created'; permission: PermissionRecord; idempotency?: IdempotencyMark }
  | { type: 'permission.updated'; slug: string; name?: string; description?: string | null; at: string }
  | { type: 'permission.deleted'; slug: string; at: string }
  | { type: 'role.created'; role: RoleRecord; idempotency?: IdempotencyMark }
  | { type: 'role.updated'; slug: string; name?: string; description?: string | null; at: string }
  | { type: 'role.permissions_set'; slug: string; permissions: string[]; at: string }
  | { type: 'role.deleted'; slug: string; at: string }
  | { type: 'organization.created'; organization: OrganizationRecord; idempotency?: IdempotencyMark }
  | { type: 'organization.updated'; id: string; name?: string; externalId?: string | null; at: string }
  | { type: 'organization.deleted'; id: string; at: string }
  | { type: 'user.created'; user: UserRecord; idempotency?: IdempotencyMark }
  | { type: 'user.updated'; id: string; email?: string; firstName?: string | null; lastName?: string | null; at: string }
  | { type: 'user.deleted'; id: string; at: string }
  | { type: 'membership.created'; membership: MembershipRecord; idempotency?: IdempotencyMark }
  | { type: 'membership.roles_set'; id: string; roleSlugs: string[]; at: string }
  | { type: 'membership.deleted'; id: string; at: string }
  | { type: 'organization_role.created'; organizationId: string; role: RoleRecord; idempotency?: IdempotencyMark }
  | { type: 'organization_role.updated'; organizationId: string; slug: string; name?: string; description?: string | null; at: string }
  | { type: 'organization_role.permissions_set'; organizationId: string; slug: string; permissions: string[]; at: string }
  | { type: 'organization_role.deleted'; organizationId: string; slug: string; at: string }
  | { type: 'policy.updated'; organizationId: string | null; priority?: string[]; defaultRoleSlug?: string; multipleRoles?: boolean; at: string }
  | { type: 'role_mapping.created'; mapping: RoleMappingRecord; idempotency?: IdempotencyMark }
  | { type: 'role_mapping.updated'; id: string; roles?: string[]; mode?: 'exclusive' | 'additive' | null; at: string }
  | { type: 'role_mapping.deleted'; id: string; at: string }
  | { type: 'resource_type.created'; resourceType: ResourceTypeRecord; idempotency?: IdempotencyMark }
  | { type: 'resource_type.updated'; slug: string; name?: string; parentTypes?: string[]; at: string }
  | { type: 'resource_type.deleted'; slug: string; at: string }
  | { type: 'resource.created'; resource: ResourceRecord; idempotency?: IdempotencyMark }
  | { type: 'resource.updated'; id: string; name?: string; description?: string | null; parentResourceId?: string | null; at: string }
  /** Removes the resource, its descendants and every assignment on them (the handler checked cascade). */
  | { type: 'resource.deleted'; id: string; at: string }
  | { type: 'role_assignment.created'; assignment: RoleAssignmentRecord; idempotency?: IdempotencyMark }
  | { type: 'role_assignment.deleted'; id: string; at: string };

/** Lets a retried create (same Idempotency-Key) get its original answer even after a restart. */
export interface IdempotencyMark {
  key: string;
  fingerprint: string;
  /** The answer given, for creates whose answer depends on more than the event (e.g. memberships embed the user). */
  response?: { status: number; body: unknown };
}

export function emptyState(): State {
  return {
    permissions: new Map(),
    roles: [],
    defaultRoleSlug: DEFAULT_ROLE_SLUG,
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
  state.roles.push({ id: roleId, slug: DEFAULT_ROLE_SLUG, name: 'Member', description: null, permissions: [], createdAt: now, updatedAt: now });
  return state;
}

export function findRole(state: State, slug: string): RoleRecord | undefined {
  return state.roles.find((r) => r.slug === slug);
}

/** A role visible in an organization: an environment role or one of the organization's own. */
export function findScopeRole(state: State, organization: OrganizationRecord | undefined, slug: string): RoleRecord | undefined {
  return findRole(state, slug) ?? organization?.roles.find((r) => r.slug === slug);
}

/** The policy in force for the environment (null) or an organization (its own, or else the environment's). */
export function effectivePolicy(state: State, organization: OrganizationRecord | undefined): ScopePolicy {
  if (organization?.policy) return organization.policy;
  return { priority: state.roles.map((r) => r.slug), defaultRoleSlug: state.defaultRoleSlug, multipleRoles: state.multipleRoles };
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

function deleteMembership(state: State, id: string): void {
  state.memberships.delete(id);
  for (const a of [...state.roleAssignments.values()]) if (a.membershipId === id) state.roleAssignments.delete(a.id);
}

/** Applies a validated event. Throws only on an event that cannot apply (a corrupt journal). */
export function applyEvent(state: State, event: StateEvent): void {
  switch (event.type) {
    case 'permission.created':
      state.permissions.set(event.permission.slug, { ...event.permission });
      return;
    case 'permission.updated': {
      const p = mustGet(state.permissions.get(event.slug), event);
      if (event.name !== undefined) p.name = event.name;
      if (event.description !== undefined) p.description = event.description;
      p.updatedAt = event.at;
      return;
    }
    case 'permission.deleted':
      mustGet(state.permissions.get(event.slug), event);
      state.permissions.delete(event.slug);
      for (const role of [...state.roles, ...[...state.organizations.values()].flatMap((o) => o.roles)]) {
        if (role.permissions.includes(event.slug)) {
          role.permissions = role.permissions.filter((s) => s !== event.slug);
          role.updatedAt = event.at;
        }
      }
      return;
    case 'role.created':
      // A new role goes to the bottom of the priority order: the environment's and each organization's own.
      state.roles.push({ ...event.role, permissions: [...event.role.permissions] });
      for (const org of state.organizations.values()) org.policy?.priority.push(event.role.slug);
      return;
    case 'role.updated': {
      const r = mustGet(findRole(state, event.slug), event);
      if (event.name !== undefined) r.name = event.name;
      if (event.description !== undefined) r.description = event.description;
      r.updatedAt = event.at;
      return;
    }
    case 'role.permissions_set': {
      const r = mustGet(findRole(state, event.slug), event);
      r.permissions = [...event.permissions];
      r.updatedAt = event.at;
      return;
    }
    case 'role.deleted':
      mustGet(findRole(state, event.slug), event);
      state.roles = state.roles.filter((r) => r.slug !== event.slug);
      // Inside this same event, so that replay reproduces it: memberships holding the role lose
      // it (and fall back to their scope's default role), orders and mappings forget it, and
      // resource assignments of it go.
      for (const org of state.organizations.values()) {
        if (org.policy) org.policy.priority = org.policy.priority.filter((s) => s !== event.slug);
      }
      for (const m of state.memberships.values()) {
        if (!m.roleSlugs.includes(event.slug)) continue;
        const rest = m.roleSlugs.filter((s) => s !== event.slug);
        m.roleSlugs = rest.length ? rest : [effectivePolicy(state, state.organizations.get(m.organizationId)).defaultRoleSlug];
        m.updatedAt = event.at;
      }
      for (const mapping of [...state.roleMappings.values()]) {
        if (!mapping.roles.includes(event.slug)) continue;
        mapping.roles = mapping.roles.filter((s) => s !== event.slug);
        mapping.updatedAt = event.at;
        if (mapping.roles.length === 0) state.roleMappings.delete(mapping.id);
      }
      for (const a of [...state.roleAssignments.values()]) {
        if (a.roleSlug === event.slug) state.roleAssignments.delete(a.id);
      }
      return;

    case 'organization.created':
      state.organizations.set(event.organization.id, structuredClone(event.organization));
      return;
    case 'organization.updated': {
      const o = mustGet(state.organizations.get(event.id), event);
      if (event.name !== undefined) o.name = event.name;
      if (event.externalId !== undefined) o.externalId = event.externalId;
      o.updatedAt = event.at;
      return;
    }
    case 'organization.deleted':
      mustGet(state.organizations.get(event.id), event);
      state.organizations.delete(event.id);
      for (const m of [...state.memberships.values()]) if (m.organizationId === event.id) deleteMembership(state, m.id);
      for (const r of [...state.roleMappings.values()]) if (r.organizationId === event.id) state.roleMappings.delete(r.id);
      for (const r of [...state.resources.values()]) if (r.organizationId === event.id) state.resources.delete(r.id);
      return;

    case 'user.created':
      state.users.set(event.user.id, { ...event.user });
      return;
    case 'user.updated': {
      const u = mustGet(state.users.get(event.id), event);
      if (event.email !== undefined) u.email = event.email;
      if (event.firstName !== undefined) u.firstName = event.firstName;
      if (event.lastName !== undefined) u.lastName = event.lastName;
      u.updatedAt = event.at;
      return;
    }
    case 'user.deleted':
      mustGet(state.users.get(event.id), event);
      state.users.delete(event.id);
      for (const m of [...state.memberships.values()]) if (m.userId === event.id) deleteMembership(state, m.id);
      return;

    case 'membership.created':
      state.memberships.set(event.membership.id, { ...event.membership, roleSlugs: [...event.membership.roleSlugs] });
      return;
    case 'membership.roles_set': {
      const m = mustGet(state.memberships.get(event.id), event);
      m.roleSlugs = [...event.roleSlugs];
      m.updatedAt = event.at;
      return;
    }
    case 'membership.deleted':
      mustGet(state.memberships.get(event.id), event);
      deleteMembership(state, event.id);
      return;

    case 'organization_role.created': {
      const o = mustGet(state.organizations.get(event.organizationId), event);
      // The first custom role gives the organization its own order (the environment's plus
      // this role at the bottom) and its own default role (the environment's, now).
      o.policy ??= { priority: state.roles.map((r) => r.slug), defaultRoleSlug: state.defaultRoleSlug, multipleRoles: state.multipleRoles };
      o.roles.push({ ...event.role, permissions: [...event.role.permissions] });
      o.policy.priority.push(event.role.slug);
      return;
    }
    case 'organization_role.updated': {
      const r = mustGet(state.organizations.get(event.organizationId)?.roles.find((x) => x.slug === event.slug), event);
      if (event.name !== undefined) r.name = event.name;
      if (event.description !== undefined) r.description = event.description;
      r.updatedAt = event.at;
      return;
    }
    case 'organization_role.permissions_set': {
      const r = mustGet(state.organizations.get(event.organizationId)?.roles.find((x) => x.slug === event.slug), event);
      r.permissions = [...event.permissions];
      r.updatedAt = event.at;
      return;
    }
    case 'organization_role.deleted': {
      const o = mustGet(state.organizations.get(event.organizationId), event);
      mustGet(o.roles.find((x) => x.slug === event.slug), event);
      o.roles = o.roles.filter((x) => x.slug !== event.slug);
      if (o.policy) o.policy.priority = o.policy.priority.filter((s) => s !== event.slug);
      return;
    }

    case 'policy.updated': {
      if (event.organizationId === null) {
        if (event.priority) {
          const bySlug = new Map(state.roles.map((r) => [r.slug, r]));
          state.roles = event.priority.map((s) => mustGet(bySlug.get(s), event));
        }
        if (event.defaultRoleSlug !== undefined) state.defaultRoleSlug = event.defaultRoleSlug;
        if (event.multipleRoles !== undefined) state.multipleRoles = event.multipleRoles;
        return;
      }
      const policy = mustGet(state.organizations.get(event.organizationId)?.policy ?? undefined, event);
      if (event.priority) policy.priority = [...event.priority];
      if (event.defaultRoleSlug !== undefined) policy.defaultRoleSlug = event.defaultRoleSlug;
      if (event.multipleRoles !== undefined) policy.multipleRoles = event.multipleRoles;
      return;
    }

    case 'role_mapping.created':
      state.roleMappings.set(event.mapping.id, { ...event.mapping, roles: [...event.mapping.roles] });
      return;
    case 'role_mapping.updated': {
      const m = mustGet(state.roleMappings.get(event.id), event);
      if (event.roles !== undefined) m.roles = [...event.roles];
      if (event.mode !== undefined) m.mode = event.mode;
      m.updatedAt = event.at;
      return;
    }
    case 'role_mapping.deleted':
      mustGet(state.roleMappings.get(event.id), event);
      state.roleMappings.delete(event.id);
      return;

    case 'resource_type.created':
      state.resourceTypes.set(event.resourceType.slug, { ...event.resourceType, parentTypes: [...event.resourceType.parentTypes] });
      return;
    case 'resource_type.updated': {
      const t = mustGet(state.resourceTypes.get(event.slug), event);
      if (event.name !== undefined) t.name = event.name;
      if (event.parentTypes !== undefined) t.parentTypes = [...event.parentTypes];
      t.updatedAt = event.at;
      return;
    }
    case 'resource_type.deleted':
      mustGet(state.resourceTypes.get(event.slug), event);
      state.resourceTypes.delete(event.slug);
      return;

    case 'resource.created':
      state.resources.set(event.resource.id, { ...event.resource });
      return;
    case 'resource.updated': {
      const r = mustGet(state.resources.get(event.id), event);
      if (event.name !== undefined) r.name = event.name;
      if (event.description !== undefined) r.description = event.description;
      if (event.parentResourceId !== undefined) r.parentResourceId = event.parentResourceId;
      r.updatedAt = event.at;
      return;
    }
    case 'resource.deleted': {
      mustGet(state.resources.get(event.id), event);
      const gone = subtree(state, event.id);
      for (const id of gone) state.resources.delete(id);
      for (const a of [...state.roleAssignments.values()]) if (gone.has(a.resourceId)) state.roleAssignments.delete(a.id);
      return;
    }

    case 'role_assignment.created':
      state.roleAssignments.set(event.assignment.id, { ...event.assignment });
      return;
    case 'role_assignment.deleted':
      mustGet(state.roleAssignments.get(event.id), event);
      state.roleAssignments.delete(event.id);
      return;
  }
}

function mustGet<T>(value: T | undefined, event: StateEvent): T {
  if (value === undefined) throw new Error(`journal event ${event.type} refers to an object that does not exist`);
  return value;
}

// Wire format (snake_case, as @workos/openapi-spec specifies).

export function permissionToWire(p: PermissionRecord) {
  return {
    object: 'permission' as const,
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    system: p.system,
    resource_type_slug: p.resourceTypeSlug,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export function roleToWire(r: RoleRecord, type: 'EnvironmentRole' | 'OrganizationRole' = 'EnvironmentRole') {
  return {
    object: 'role' as const,
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    type,
    resource_type_slug: ORGANIZATION_RESOURCE_TYPE,
    permissions: [...r.permissions],
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function organizationToWire(o: OrganizationRecord) {
  return {
    object: 'organization' as const,
    id: o.id,
    name: o.name,
    domains: [],
    metadata: {},
    external_id: o.externalId,
    allow_profiles_outside_organization: false,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

export function userToWire(u: UserRecord) {
  return {
    object: 'user' as const,
    id: u.id,
    first_name: u.firstName,
    last_name: u.lastName,
    profile_picture_url: null,
    email: u.email,
    email_verified: false,
    external_id: null,
    metadata: {},
    last_sign_in_at: null,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

/** The spec's `role` is the first (highest-priority) role; `roles` lists all of them, as WorkOS does in multiple-roles mode. */
export function membershipToWire(state: State, m: MembershipRecord) {
  const user = state.users.get(m.userId);
  return {
    object: 'organization_membership' as const,
    id: m.id,
    user_id: m.userId,
    organization_id: m.organizationId,
    status: 'active' as const,
    directory_managed: false,
    organization_name: state.organizations.get(m.organizationId)?.name,
    custom_attributes: {},
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    role: { slug: m.roleSlugs[0] },
    roles: m.roleSlugs.map((slug) => ({ slug })),
    ...(user ? { user: userToWire(user) } : {}),
  };
}

export function resourceToWire(r: ResourceRecord) {
  return {
    object: 'authorization_resource' as const,
    id: r.id,
    name: r.name,
    description: r.description,
    organization_id: r.organizationId,
    parent_resource_id: r.parentResourceId,
    external_id: r.externalId,
    resource_type_slug: r.resourceTypeSlug,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function roleAssignmentToWire(state: State, a: RoleAssignmentRecord) {
  const r = state.resources.get(a.resourceId);
  return {
    object: 'role_assignment' as const,
    id: a.id,
    role: { slug: a.roleSlug },
    resource: { id: a.resourceId, external_id: r?.externalId ?? '', resource_type_slug: r?.resourceTypeSlug ?? '' },
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

// Dashboard-only objects: our own wire shapes, in WorkOS's style.

export function rolePolicyToWire(organizationId: string | null, p: ScopePolicy, inherited: boolean) {
  return {
    object: 'role_policy' as const,
    organization_id: organizationId,
    priority: [...p.priority],
    default_role: p.defaultRoleSlug,
    multiple_roles: p.multipleRoles,
    /** True for an organization without custom roles: the environment's policy applies. */
    inherited,
  };
}

export function roleMappingToWire(m: RoleMappingRecord) {
  return {
    object: 'role_mapping' as const,
    id: m.id,
    kind: m.kind,
    organization_id: m.organizationId,
    source_id: m.sourceId,
    group: m.group,
    value: m.value,
    roles: [...m.roles],
    mode: m.mode,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  };
}

export function resourceTypeToWire(t: ResourceTypeRecord) {
  return {
    object: 'resource_type' as const,
    slug: t.slug,
    name: t.name,
    parent_types: [...t.parentTypes],
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}

// Snapshot format (compaction). Collections added after the first release are optional, so
// snapshots written before them still load.

export interface Snapshot {
  version: 1;
  /** Sequence number of the last event folded into this snapshot. */
  seq: number;
  permissions: PermissionRecord[];
  roles: RoleRecord[];
  defaultRoleSlug: string;
  multipleRoles?: boolean;
  organizations?: OrganizationRecord[];
  users?: UserRecord[];
  memberships?: MembershipRecord[];
  roleMappings?: RoleMappingRecord[];
  resourceTypes?: ResourceTypeRecord[];
  resources?: ResourceRecord[];
  roleAssignments?: RoleAssignmentRecord[];
}

export function toSnapshot(state: State, seq: number): Snapshot {
  return {
    version: 1,
    seq,
    permissions: [...state.permissions.values()],
    roles: state.roles,
    defaultRoleSlug: state.defaultRoleSlug,
    multipleRoles: state.multipleRoles,
    organizations: [...state.organizations.values()],
    users: [...state.users.values()],
    memberships: [...state.memberships.values()],
    roleMappings: [...state.roleMappings.values()],
    resourceTypes: [...state.resourceTypes.values()],
    resources: [...state.resources.values()],
    roleAssignments: [...state.roleAssignments.values()],
  };
}

export function fromSnapshot(s: Snapshot): State {
  if (s.version !== 1) throw new Error(`snapshot version ${String(s.version)} is not supported`);
  const byId = <T extends { id: string }>(items: T[] | undefined) => new Map((items ?? []).map((x) => [x.id, x]));
  return {
    permissions: new Map(s.permissions.map((p) => [p.slug, p])),
    roles: s.roles,
    defaultRoleSlug: s.defaultRoleSlug,
    multipleRoles: s.multipleRoles ?? false,
    organizations: byId(s.organizations),
    users: byId(s.users),
    memberships: byId(s.memberships),
    roleMappings: byId(s.roleMappings),
    resourceTypes: new Map((s.resourceTypes ?? []).map((t) => [t.slug, t])),
    resources: byId(s.resources),
    roleAssignments: byId(s.roleAssignments),
  };
}
