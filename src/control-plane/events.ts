/**
 * The events that change the control plane's state, and their reducers. A route validates a
 * request, builds ONE event and commits it (store.ts journals it, then calls `applyEvent`);
 * replay after a restart runs the very same reducers, so live and recovered state agree.
 * Cascades (what a deletion takes with it, docs/semantics.md "Deletion and replacement") live
 * inside the event's reducer, so that replay reproduces them.
 */
import { withRolesAtBottom } from '../role-policy';
import { mustGet, patch, type At, type Mark, type Reducers } from './reducer-kit';
import { directoryReducers, signInReducers, type DirectoryEvent, type SignInEvent } from './directory-events';
import { recordMembershipChange, resolveOrganization } from './directory-sync';
import {
  effectivePolicy,
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

export type { IdempotencyMark } from './reducer-kit';
export type { DirectoryEvent, ProvisionIds, SignInEvent } from './directory-events';

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


/** Applies a validated event. Throws only on an event that cannot apply (a corrupt journal). */
export function applyEvent(state: State, event: StateEvent): void {
  if (!Object.hasOwn(REDUCERS, event.type)) return;
  // The map is keyed by `type`, so the reducer found is the one for this very event.
  (REDUCERS[event.type] as (state: State, event: StateEvent) => void)(state, event);
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
