/**
 * The events that change the control plane's state, and their reducers. A route validates a
 * request, builds ONE event and commits it (store.ts journals it, then calls `applyEvent`);
 * replay after a restart runs the very same reducers, so live and recovered state agree.
 * Cascades (what a deletion takes with it, docs/semantics.md "Deletion and replacement") live
 * inside the event's reducer, so that replay reproduces them.
 */
import { withRolesAtBottom } from '../role-policy';
import { membershipsOf, recordEvent, recordMembershipChange, resolveMembership, resolveOrganization } from './directory-sync';
import {
  effectivePolicy,
  type DirectoryGroupRecord,
  type DirectoryRecord,
  type DirectoryUserRecord,
  type SsoProfileFacts,
  findRole,
  subtree,
  type MembershipRecord,
  type OrganizationRecord,
  type PermissionRecord,
  type ResourceRecord,
  type ResourceTypeRecord,
  type RoleAssignmentRecord,
  type RoleMappingRecord,
  type RoleRecord,
  type State,
  type UserRecord,
} from './model';

/** Lets a retried create (same Idempotency-Key) get its original answer even after a restart. */
export interface IdempotencyMark {
  key: string;
  fingerprint: string;
  /** The answer given, for creates whose answer depends on more than the event (e.g. memberships embed the user). */
  response?: { status: number; body: unknown };
  /** When the key was first used (ISO time); its replay expires IDEMPOTENCY_WINDOW_MS later (store.ts). */
  at?: string;
}

type Mark = { idempotency?: IdempotencyMark };
/** `at` is the event's ISO time. */
type At = { at: string };
/** The optional text fields an update may change; undefined: unchanged. */
type TextChange = { name?: string; description?: string | null };

export type PermissionEvent =
  | ({ type: 'permission.created'; permission: PermissionRecord } & Mark)
  | ({ type: 'permission.updated'; slug: string } & TextChange & At)
  | ({ type: 'permission.deleted'; slug: string } & At);

export type RoleEvent =
  | ({ type: 'role.created'; role: RoleRecord } & Mark)
  | ({ type: 'role.updated'; slug: string } & TextChange & At)
  | ({ type: 'role.permissions_set'; slug: string; permissions: string[] } & At)
  | ({ type: 'role.deleted'; slug: string } & At);

export type OrganizationRoleEvent =
  | ({ type: 'organization_role.created'; organizationId: string; role: RoleRecord } & Mark)
  | ({ type: 'organization_role.updated'; organizationId: string; slug: string } & TextChange & At)
  | ({ type: 'organization_role.permissions_set'; organizationId: string; slug: string; permissions: string[] } & At)
  | ({ type: 'organization_role.deleted'; organizationId: string; slug: string } & At);

/** `organizationId: null` is the environment's policy. */
export type PolicyEvent = { type: 'policy.updated'; organizationId: string | null; priority?: string[]; defaultRoleSlug?: string; multipleRoles?: boolean } & At;

export type OrganizationEvent =
  | ({ type: 'organization.created'; organization: OrganizationRecord } & Mark)
  | ({ type: 'organization.updated'; id: string; name?: string; externalId?: string | null } & At)
  | ({ type: 'organization.deleted'; id: string } & At);

export type UserEvent =
  | ({ type: 'user.created'; user: UserRecord } & Mark)
  | ({ type: 'user.updated'; id: string; email?: string; firstName?: string | null; lastName?: string | null } & At)
  | ({ type: 'user.deleted'; id: string } & At);

export type MembershipEvent =
  | ({ type: 'membership.created'; membership: MembershipRecord } & Mark)
  | ({ type: 'membership.roles_set'; id: string; roleSlugs: string[] } & At)
  | ({ type: 'membership.deleted'; id: string } & At);

export type RoleMappingEvent =
  | ({ type: 'role_mapping.created'; mapping: RoleMappingRecord } & Mark)
  | ({ type: 'role_mapping.updated'; id: string; roles?: string[]; mode?: 'exclusive' | 'additive' | null } & At)
  | ({ type: 'role_mapping.deleted'; id: string } & At);

export type ResourceTypeEvent =
  | ({ type: 'resource_type.created'; resourceType: ResourceTypeRecord } & Mark)
  | ({ type: 'resource_type.updated'; slug: string; name?: string; parentTypes?: string[] } & At)
  | ({ type: 'resource_type.deleted'; slug: string } & At);

export type ResourceEvent =
  | ({ type: 'resource.created'; resource: ResourceRecord } & Mark)
  | ({ type: 'resource.updated'; id: string; name?: string; description?: string | null; parentResourceId?: string | null } & At)
  /** Removes the resource, its descendants and every assignment on them (the route checked cascade). */
  | ({ type: 'resource.deleted'; id: string } & At);

export type RoleAssignmentEvent =
  | ({ type: 'role_assignment.created'; assignment: RoleAssignmentRecord } & Mark)
  | ({ type: 'role_assignment.deleted'; id: string } & At);

/** Ids a reducer may need when the event provisions a user or membership (unused ones are dropped). */
export interface ProvisionIds {
  userId: string;
  membershipId: string;
}

/**
 * Directories and what IdPs push into them over SCIM. `*.put` carries the whole record as it is
 * after the request (create or replace); the reducer provisions the user and membership and
 * re-resolves the roles of everyone the change touches (directory-sync.ts).
 */
export type DirectoryEvent =
  | ({ type: 'directory.created'; directory: DirectoryRecord } & Mark)
  | ({ type: 'directory.updated'; id: string; name?: string } & At)
  | ({ type: 'directory.deleted'; id: string } & At)
  | ({ type: 'directory_user.put'; user: DirectoryUserRecord; provision: ProvisionIds } & At)
  | ({ type: 'directory_user.deleted'; id: string } & At)
  | ({ type: 'directory_group.put'; group: DirectoryGroupRecord } & At)
  | ({ type: 'directory_group.deleted'; id: string } & At);

/** An SSO sign-in: JIT-provisions the user and membership, then applies the profile's groups. */
export type SignInEvent = {
  type: 'sso.signed_in';
  organizationId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  profile: SsoProfileFacts;
  provision: ProvisionIds;
} & At;

/** Something that happened. Journaled as one JSON line each. */
export type StateEvent =
  | PermissionEvent
  | RoleEvent
  | OrganizationRoleEvent
  | PolicyEvent
  | OrganizationEvent
  | UserEvent
  | MembershipEvent
  | RoleMappingEvent
  | ResourceTypeEvent
  | ResourceEvent
  | RoleAssignmentEvent
  | DirectoryEvent
  | SignInEvent;

/** One reducer per event type of `E`; the compiler checks that none is missing. */
type Reducers<E extends StateEvent> = { readonly [T in E['type']]: (state: State, event: Extract<E, { type: T }>) => void };

/** Applies a validated event. Throws only on an event that cannot apply (a corrupt journal). */
export function applyEvent(state: State, event: StateEvent): void {
  if (!Object.hasOwn(REDUCERS, event.type)) return;
  // The map is keyed by `type`, so the reducer found is the one for this very event.
  (REDUCERS[event.type] as (state: State, event: StateEvent) => void)(state, event);
}

function mustGet<T>(value: T | undefined, event: StateEvent): T {
  if (value === undefined) throw new Error(`journal event ${event.type} refers to an object that does not exist`);
  return value;
}

/** Copies the fields an update names (undefined: unchanged) and stamps `updatedAt`. */
function patch<R extends { updatedAt: string }>(record: R, changes: { [K in keyof R]?: R[K] | undefined }, at: string): void {
  for (const [key, value] of Object.entries(changes) as Array<[keyof R, R[keyof R] | undefined]>) if (value !== undefined) record[key] = value;
  record.updatedAt = at;
}

function organizationRoleOf(state: State, event: StateEvent & { organizationId: string; slug: string }): RoleRecord {
  return mustGet(state.organizations.get(event.organizationId)?.roles.find((x) => x.slug === event.slug), event);
}

function deleteMembership(state: State, id: string): void {
  state.memberships.delete(id);
  for (const a of [...state.roleAssignments.values()]) if (a.membershipId === id) state.roleAssignments.delete(a.id);
}

const permissionReducers: Reducers<PermissionEvent> = {
  'permission.created': (state, e) => void state.permissions.set(e.permission.slug, { ...e.permission }),
  'permission.updated': (state, e) => patch(mustGet(state.permissions.get(e.slug), e), { name: e.name, description: e.description }, e.at),
  'permission.deleted': (state, e) => {
    mustGet(state.permissions.get(e.slug), e);
    state.permissions.delete(e.slug);
    for (const role of [...state.roles, ...[...state.organizations.values()].flatMap((o) => o.roles)]) {
      if (role.permissions.includes(e.slug)) patch(role, { permissions: role.permissions.filter((s) => s !== e.slug) }, e.at);
    }
  },
};

const roleReducers: Reducers<RoleEvent> = {
  'role.created': (state, e) => {
    // A new role goes to the bottom of the priority order: the environment's and each organization's own.
    state.roles.push({ ...e.role, permissions: [...e.role.permissions] });
    for (const org of state.organizations.values()) if (org.policy) org.policy = withRolesAtBottom(org.policy, [e.role.slug]);
  },
  'role.updated': (state, e) => patch(mustGet(findRole(state, e.slug), e), { name: e.name, description: e.description }, e.at),
  'role.permissions_set': (state, e) => patch(mustGet(findRole(state, e.slug), e), { permissions: [...e.permissions] }, e.at),
  'role.deleted': (state, e) => {
    mustGet(findRole(state, e.slug), e);
    state.roles = state.roles.filter((r) => r.slug !== e.slug);
    // Memberships holding the role lose it (and fall back to their scope's default role), orders
    // and mappings forget it, and resource assignments of it go.
    for (const org of state.organizations.values()) {
      if (org.policy) org.policy.priority = org.policy.priority.filter((s) => s !== e.slug);
    }
    for (const m of state.memberships.values()) {
      if (!m.roleSlugs.includes(e.slug)) continue;
      const rest = m.roleSlugs.filter((s) => s !== e.slug);
      patch(m, { roleSlugs: rest.length ? rest : [effectivePolicy(state, state.organizations.get(m.organizationId)).defaultRoleSlug] }, e.at);
    }
    for (const mapping of [...state.roleMappings.values()]) {
      if (!mapping.roles.includes(e.slug)) continue;
      patch(mapping, { roles: mapping.roles.filter((s) => s !== e.slug) }, e.at);
      if (mapping.roles.length === 0) state.roleMappings.delete(mapping.id);
    }
    for (const a of [...state.roleAssignments.values()]) {
      if (a.roleSlug === e.slug) state.roleAssignments.delete(a.id);
    }
    resolveOrganization(state, null, e.at, `role '${e.slug}' deleted`);
  },
};

const organizationRoleReducers: Reducers<OrganizationRoleEvent> = {
  'organization_role.created': (state, e) => {
    const o = mustGet(state.organizations.get(e.organizationId), e);
    // docs/semantics.md, "The snapshot rule": the first custom role gives the organization its
    // own copy of the environment's policy as it is now; the role goes to the bottom of it.
    o.policy = withRolesAtBottom(o.policy ?? effectivePolicy(state, undefined), [e.role.slug]);
    o.roles.push({ ...e.role, permissions: [...e.role.permissions] });
  },
  'organization_role.updated': (state, e) => patch(organizationRoleOf(state, e), { name: e.name, description: e.description }, e.at),
  'organization_role.permissions_set': (state, e) => patch(organizationRoleOf(state, e), { permissions: [...e.permissions] }, e.at),
  'organization_role.deleted': (state, e) => {
    const o = mustGet(state.organizations.get(e.organizationId), e);
    organizationRoleOf(state, e);
    o.roles = o.roles.filter((x) => x.slug !== e.slug);
    if (o.policy) o.policy.priority = o.policy.priority.filter((s) => s !== e.slug);
    resolveOrganization(state, o.id, e.at, `role '${e.slug}' deleted`);
  },
};

const policyReducers: Reducers<PolicyEvent> = {
  'policy.updated': (state, e) => {
    if (e.organizationId === null) {
      if (e.priority) {
        const bySlug = new Map(state.roles.map((r) => [r.slug, r]));
        state.roles = e.priority.map((s) => mustGet(bySlug.get(s), e));
      }
      if (e.defaultRoleSlug !== undefined) state.defaultRoleSlug = e.defaultRoleSlug;
      if (e.multipleRoles !== undefined) state.multipleRoles = e.multipleRoles;
    } else {
      const policy = mustGet(state.organizations.get(e.organizationId)?.policy ?? undefined, e);
      if (e.priority) policy.priority = [...e.priority];
      if (e.defaultRoleSlug !== undefined) policy.defaultRoleSlug = e.defaultRoleSlug;
      if (e.multipleRoles !== undefined) policy.multipleRoles = e.multipleRoles;
    }
    resolveOrganization(state, e.organizationId, e.at, e.organizationId === null ? "the environment's role policy changed" : 'the role policy changed');
  },
};

const organizationReducers: Reducers<OrganizationEvent> = {
  'organization.created': (state, e) => void state.organizations.set(e.organization.id, structuredClone(e.organization)),
  'organization.updated': (state, e) => patch(mustGet(state.organizations.get(e.id), e), { name: e.name, externalId: e.externalId }, e.at),
  /** Takes the organization's memberships (with their assignments), mappings and resources with it. */
  'organization.deleted': (state, e) => {
    mustGet(state.organizations.get(e.id), e);
    state.organizations.delete(e.id);
    for (const m of [...state.memberships.values()]) if (m.organizationId === e.id) deleteMembership(state, m.id);
    for (const r of [...state.roleMappings.values()]) if (r.organizationId === e.id) state.roleMappings.delete(r.id);
    for (const r of [...state.resources.values()]) if (r.organizationId === e.id) state.resources.delete(r.id);
  },
};

const userReducers: Reducers<UserEvent> = {
  'user.created': (state, e) => void state.users.set(e.user.id, { ...e.user }),
  'user.updated': (state, e) => patch(mustGet(state.users.get(e.id), e), { email: e.email, firstName: e.firstName, lastName: e.lastName }, e.at),
  'user.deleted': (state, e) => {
    mustGet(state.users.get(e.id), e);
    state.users.delete(e.id);
    for (const m of [...state.memberships.values()]) if (m.userId === e.id) deleteMembership(state, m.id);
  },
};

const API_SOURCE = (role: string) => ({ role, source: 'api' as const, mapping: 'set through the API', rule: 'explicit' });

const membershipReducers: Reducers<MembershipEvent> = {
  'membership.created': (state, e) => {
    const m = { ...e.membership, roleSlugs: [...e.membership.roleSlugs], roleSources: e.membership.roleSlugs.map(API_SOURCE) };
    state.memberships.set(m.id, m);
    recordMembershipChange(state, m, 'organization_membership.created', [], m.createdAt, 'created through the API');
  },
  'membership.roles_set': (state, e) => {
    const m = mustGet(state.memberships.get(e.id), e);
    const before = m.roleSlugs;
    patch(m, { roleSlugs: [...e.roleSlugs], roleSources: e.roleSlugs.map(API_SOURCE) }, e.at);
    recordMembershipChange(state, m, 'organization_membership.updated', before, e.at, 'set through the API');
  },
  'membership.deleted': (state, e) => {
    mustGet(state.memberships.get(e.id), e);
    deleteMembership(state, e.id);
  },
};

/** How a mapping reads in an event's cause. */
const mappingLabel = (m: RoleMappingRecord) => (m.kind === 'attribute' ? `attribute mapping ${m.group} = "${m.value ?? ''}"` : `${m.kind === 'sso' ? 'SSO' : 'directory'} group mapping "${m.group}"`);

// Every mapping change re-resolves the organization's managed members (directory-sync.ts).
const roleMappingReducers: Reducers<RoleMappingEvent> = {
  'role_mapping.created': (state, e) => {
    state.roleMappings.set(e.mapping.id, { ...e.mapping, roles: [...e.mapping.roles] });
    resolveOrganization(state, e.mapping.organizationId, e.mapping.createdAt, `${mappingLabel(e.mapping)} created`);
  },
  'role_mapping.updated': (state, e) => {
    const m = mustGet(state.roleMappings.get(e.id), e);
    patch(m, { roles: e.roles && [...e.roles], mode: e.mode }, e.at);
    resolveOrganization(state, m.organizationId, e.at, `${mappingLabel(m)} changed`);
  },
  'role_mapping.deleted': (state, e) => {
    const m = mustGet(state.roleMappings.get(e.id), e);
    state.roleMappings.delete(e.id);
    resolveOrganization(state, m.organizationId, e.at, `${mappingLabel(m)} deleted`);
  },
};

const resourceTypeReducers: Reducers<ResourceTypeEvent> = {
  'resource_type.created': (state, e) => void state.resourceTypes.set(e.resourceType.slug, { ...e.resourceType, parentTypes: [...e.resourceType.parentTypes] }),
  'resource_type.updated': (state, e) => patch(mustGet(state.resourceTypes.get(e.slug), e), { name: e.name, parentTypes: e.parentTypes && [...e.parentTypes] }, e.at),
  'resource_type.deleted': (state, e) => {
    mustGet(state.resourceTypes.get(e.slug), e);
    state.resourceTypes.delete(e.slug);
  },
};

const resourceReducers: Reducers<ResourceEvent> = {
  'resource.created': (state, e) => void state.resources.set(e.resource.id, { ...e.resource }),
  'resource.updated': (state, e) =>
    patch(mustGet(state.resources.get(e.id), e), { name: e.name, description: e.description, parentResourceId: e.parentResourceId }, e.at),
  'resource.deleted': (state, e) => {
    mustGet(state.resources.get(e.id), e);
    const gone = subtree(state, e.id);
    for (const id of gone) state.resources.delete(id);
    for (const a of [...state.roleAssignments.values()]) if (gone.has(a.resourceId)) state.roleAssignments.delete(a.id);
  },
};

const roleAssignmentReducers: Reducers<RoleAssignmentEvent> = {
  'role_assignment.created': (state, e) => void state.roleAssignments.set(e.assignment.id, { ...e.assignment }),
  'role_assignment.deleted': (state, e) => {
    mustGet(state.roleAssignments.get(e.id), e);
    state.roleAssignments.delete(e.id);
  },
};

/** The WorkOS user a directory user or sign-in is provisioned as: the one with its email, else a new one. */
function provisionUser(state: State, email: string, firstName: string | null, lastName: string | null, userId: string, at: string): UserRecord {
  const lower = email.toLowerCase();
  for (const u of state.users.values()) if (u.email.toLowerCase() === lower) return u;
  const user: UserRecord = { id: userId, email, firstName, lastName, createdAt: at, updatedAt: at };
  state.users.set(user.id, user);
  recordEvent(state, 'user.created', null, { object: 'user', id: user.id, email, first_name: firstName, last_name: lastName }, at);
  return user;
}

/** The user's membership of the organization, created (with no role yet: the caller resolves it) if missing. */
function provisionMembership(state: State, organizationId: string, userId: string, membershipId: string, at: string): { membership: MembershipRecord; created: boolean } {
  for (const m of state.memberships.values()) if (m.organizationId === organizationId && m.userId === userId) return { membership: m, created: false };
  const membership: MembershipRecord = { id: membershipId, organizationId, userId, roleSlugs: [], createdAt: at, updatedAt: at };
  state.memberships.set(membership.id, membership);
  return { membership, created: true };
}

const dsyncUser = (state: State, du: DirectoryUserRecord) => ({
  object: 'directory_user',
  id: du.id,
  directory_id: du.directoryId,
  organization_id: state.directories.get(du.directoryId)?.organizationId ?? null,
  idp_id: du.idpId,
  email: du.email,
  first_name: du.firstName,
  last_name: du.lastName,
  state: du.active ? 'active' : 'inactive',
  custom_attributes: du.customAttributes,
});
const dsyncGroup = (state: State, g: DirectoryGroupRecord) => ({
  object: 'directory_group',
  id: g.id,
  directory_id: g.directoryId,
  organization_id: state.directories.get(g.directoryId)?.organizationId ?? null,
  idp_id: g.idpId,
  name: g.displayName,
});
const userLabel = (du: DirectoryUserRecord) => du.email ?? du.userName;

const directoryReducers: Reducers<DirectoryEvent> = {
  'directory.created': (state, e) => void state.directories.set(e.directory.id, { ...e.directory }),
  'directory.updated': (state, e) => patch(mustGet(state.directories.get(e.id), e), { name: e.name }, e.at),
  /** Takes its users and groups with it; the memberships they provisioned lose the roles the directory gave. */
  'directory.deleted': (state, e) => {
    const d = mustGet(state.directories.get(e.id), e);
    const users = [...state.directoryUsers.values()].filter((du) => du.directoryId === d.id);
    const touched = membershipsOf(state, users.map((du) => du.id));
    for (const du of users) state.directoryUsers.delete(du.id);
    for (const g of [...state.directoryGroups.values()]) if (g.directoryId === d.id) state.directoryGroups.delete(g.id);
    state.directories.delete(d.id);
    for (const m of touched) resolveMembership(state, m, e.at, `directory "${d.name}" deleted`, { unlinked: true });
  },
  'directory_user.put': (state, e) => {
    const d = mustGet(state.directories.get(e.user.directoryId), e);
    const before = state.directoryUsers.get(e.user.id);
    const du: DirectoryUserRecord = structuredClone(e.user);
    du.userId = before?.userId ?? null;
    state.directoryUsers.set(du.id, du);
    recordEvent(state, before ? 'dsync.user.updated' : 'dsync.user.created', d.organizationId, dsyncUser(state, du), e.at);
    const cause = !before ? `directory user "${userLabel(du)}" provisioned` : before.active !== du.active ? `directory user "${userLabel(du)}" ${du.active ? 'reactivated' : 'deactivated'}` : `directory user "${userLabel(du)}" updated`;
    if (!du.userId && du.email && du.active) du.userId = provisionUser(state, du.email, du.firstName, du.lastName, e.provision.userId, e.at).id;
    if (!du.userId) return;
    const { membership, created } = provisionMembership(state, d.organizationId, du.userId, e.provision.membershipId, e.at);
    resolveMembership(state, membership, e.at, cause, { created });
  },
  'directory_user.deleted': (state, e) => {
    const du = mustGet(state.directoryUsers.get(e.id), e);
    const touched = membershipsOf(state, [du.id]);
    for (const g of state.directoryGroups.values()) if (g.memberIds.includes(du.id)) g.memberIds = g.memberIds.filter((x) => x !== du.id);
    state.directoryUsers.delete(du.id);
    const d = state.directories.get(du.directoryId);
    recordEvent(state, 'dsync.user.deleted', d?.organizationId ?? null, dsyncUser(state, du), e.at);
    for (const m of touched) resolveMembership(state, m, e.at, `directory user "${userLabel(du)}" deleted`, { unlinked: true });
  },
  'directory_group.put': (state, e) => {
    const d = mustGet(state.directories.get(e.group.directoryId), e);
    const before = state.directoryGroups.get(e.group.id);
    const g: DirectoryGroupRecord = structuredClone(e.group);
    state.directoryGroups.set(g.id, g);
    const was = new Set(before?.memberIds ?? []);
    const now = new Set(g.memberIds);
    const added = g.memberIds.filter((id) => !was.has(id));
    const removed = [...was].filter((id) => !now.has(id));
    const renamed = before !== undefined && (before.displayName !== g.displayName || before.idpId !== g.idpId);
    if (!before || renamed) recordEvent(state, before ? 'dsync.group.updated' : 'dsync.group.created', d.organizationId, dsyncGroup(state, g), e.at);
    for (const [ids, what] of [[added, 'user_added'], [removed, 'user_removed']] as const) {
      for (const id of ids) {
        const du = state.directoryUsers.get(id);
        if (du) recordEvent(state, `dsync.group.${what}`, d.organizationId, { directory_id: d.id, user: dsyncUser(state, du), group: dsyncGroup(state, g) }, e.at);
      }
    }
    const touched = renamed ? g.memberIds.concat(removed) : added.concat(removed);
    for (const m of membershipsOf(state, touched)) {
      const du = [...touched].map((id) => state.directoryUsers.get(id)).find((x) => x?.userId === m.userId);
      const cause = renamed
        ? `directory group "${before.displayName}" renamed to "${g.displayName}"`
        : `${du ? `"${userLabel(du)}" ` : ''}${du && now.has(du.id) ? 'added to' : 'removed from'} directory group "${g.displayName}"`;
      resolveMembership(state, m, e.at, cause);
    }
  },
  'directory_group.deleted': (state, e) => {
    const g = mustGet(state.directoryGroups.get(e.id), e);
    state.directoryGroups.delete(g.id);
    const d = state.directories.get(g.directoryId);
    recordEvent(state, 'dsync.group.deleted', d?.organizationId ?? null, dsyncGroup(state, g), e.at);
    for (const m of membershipsOf(state, g.memberIds)) resolveMembership(state, m, e.at, `directory group "${g.displayName}" deleted`);
  },
};

const signInReducers: Reducers<SignInEvent> = {
  'sso.signed_in': (state, e) => {
    mustGet(state.organizations.get(e.organizationId), e);
    const user = provisionUser(state, e.email, e.firstName, e.lastName, e.provision.userId, e.at);
    const cause = `signed in through SSO`;
    const { membership, created } = provisionMembership(state, e.organizationId, user.id, e.provision.membershipId, e.at);
    membership.ssoProfile = { groups: [...e.profile.groups], attributes: structuredClone(e.profile.attributes), connectionId: e.profile.connectionId, at: e.profile.at };
    recordEvent(state, 'authentication.sso_succeeded', e.organizationId, { user_id: user.id, organization_id: e.organizationId, connection_id: e.profile.connectionId, groups: [...e.profile.groups] }, e.at);
    resolveMembership(state, membership, e.at, cause, { created });
  },
};

const REDUCERS: Reducers<StateEvent> = {
  ...permissionReducers,
  ...roleReducers,
  ...organizationRoleReducers,
  ...policyReducers,
  ...organizationReducers,
  ...userReducers,
  ...membershipReducers,
  ...roleMappingReducers,
  ...resourceTypeReducers,
  ...resourceReducers,
  ...roleAssignmentReducers,
  ...directoryReducers,
  ...signInReducers,
};
