/**
 * Live role application (docs/semantics.md, "Directory sync"): what the control plane does when an
 * IdP pushes users and groups, when a user signs in through SSO, and when a mapping or the
 * priority order changes. Called only from the reducers in events.ts, so a replay after a restart
 * recomputes exactly what was computed live; everything here is deterministic in the state.
 *
 * A membership is *managed* when its user is provisioned by one of its organization's directories
 * or has signed in through SSO: its organization-level roles are then what the resolution engine
 * (src/resolution.ts) gives for the user's directory groups, SSO groups and attributes. Any other
 * membership keeps the roles set through the API. Resource assignments are never touched here.
 */
import { compileTopology, resolveEffectiveRoles, type AttributeMapping, type CompiledTopology, type GroupMapping, type RoleTopology, type UserFacts } from '../resolution';
import { eventId } from './ids';
import {
  effectivePolicy,
  EVENT_LOG_LIMIT,
  type DirectoryGroupRecord,
  type DirectoryUserRecord,
  type MembershipRecord,
  type OrganizationRecord,
  type RoleSourceRecord,
  type State,
} from './model';
import { membershipToWire } from './wire';

/**
 * A mapping limited to one directory (or SSO connection) matches only groups from there: both the
 * mapping and the user's groups are then keyed `source␀group`, and unlimited mappings and groups
 * by the bare name (or IdP id).
 */
const scoped = (sourceId: string, group: string) => `${sourceId}\u0000${group}`;

/**
 * The organization's mappings and policy as the resolution engine takes them. `scoped: false`
 * ignores which directory or connection a mapping is limited to (the preview, given bare group
 * names, cannot tell).
 */
export function topologyOf(state: State, org: OrganizationRecord | undefined, { scoped: scopeBySource = true } = {}): RoleTopology {
  const policy = effectivePolicy(state, org);
  const mappings = org ? [...state.roleMappings.values()].filter((m) => m.organizationId === org.id) : [];
  // No `id` label: the engine then names each mapping by what it matched and the role it gave
  // (`directory group "Engineering" → developer`), which reads better than a mapping id.
  const group = (kind: 'directory' | 'sso'): GroupMapping[] =>
    mappings.filter((m) => m.kind === kind).map((m) => ({ group: m.sourceId && scopeBySource ? scoped(m.sourceId, m.group) : m.group, roles: m.roles, mode: m.mode ?? undefined }));
  const attributeMappings: AttributeMapping[] = mappings
    .filter((m) => m.kind === 'attribute')
    .map((m) => ({ attribute: m.group, value: m.value ?? '', roles: m.roles, mode: m.mode ?? undefined }));
  return {
    defaultRole: policy.defaultRoleSlug,
    priority: policy.priority,
    multipleRoles: policy.multipleRoles,
    directoryMappings: group('directory'),
    ssoMappings: group('sso'),
    attributeMappings,
  };
}

/**
 * Indexes of the directories' users and groups and the compiled topologies, built on first use
 * and kept for one reducer's work: resolving many memberships then costs one pass over the
 * directories, not one per membership. Build it after the reducer's change to users, groups or
 * mappings; resolving changes only memberships and the event log, which it does not index.
 */
export class SyncView {
  private linked?: Map<string, DirectoryUserRecord[]>;
  private groups?: Map<string, DirectoryGroupRecord[]>;
  private readonly topologies = new Map<string, CompiledTopology>();

  constructor(readonly state: State) {}

  /** Directory users provisioned as this membership's user by directories of its organization. */
  linkedTo(m: { userId: string; organizationId: string }): DirectoryUserRecord[] {
    if (!this.linked) {
      this.linked = new Map();
      for (const du of this.state.directoryUsers.values()) {
        const orgId = this.state.directories.get(du.directoryId)?.organizationId;
        if (!du.userId || !orgId) continue;
        const key = `${du.userId}\u0000${orgId}`;
        const list = this.linked.get(key);
        if (list) list.push(du);
        else this.linked.set(key, [du]);
      }
    }
    return this.linked.get(`${m.userId}\u0000${m.organizationId}`) ?? [];
  }

  /** The groups a directory user is a member of. */
  groupsOf(directoryUserId: string): DirectoryGroupRecord[] {
    if (!this.groups) {
      this.groups = new Map();
      for (const g of this.state.directoryGroups.values()) {
        for (const id of g.memberIds) {
          const list = this.groups.get(id);
          if (list) list.push(g);
          else this.groups.set(id, [g]);
        }
      }
    }
    return this.groups.get(directoryUserId) ?? [];
  }

  topology(org: OrganizationRecord | undefined): CompiledTopology {
    const key = org?.id ?? '';
    let t = this.topologies.get(key);
    if (!t) this.topologies.set(key, (t = compileTopology(topologyOf(this.state, org))));
    return t;
  }
}

/** The groups a directory user is a member of. */
export function groupsOf(state: State, directoryUserId: string): DirectoryGroupRecord[] {
  return [...state.directoryGroups.values()].filter((g) => g.memberIds.includes(directoryUserId));
}

/** The names a mapping can match a directory group by: its display name and its IdP id, each bare and scoped to its directory. */
function groupKeys(g: DirectoryGroupRecord): string[] {
  const names = g.idpId && g.idpId !== g.displayName ? [g.displayName, g.idpId] : [g.displayName];
  return names.flatMap((n) => [n, scoped(g.directoryId, n)]);
}

/** What the resolution engine is told about a user: directory groups and attributes of active directory users, the last SSO profile. */
export function factsOf(state: State, directoryUsers: readonly DirectoryUserRecord[], sso: MembershipRecord['ssoProfile'], view?: SyncView): UserFacts {
  const directoryGroups = new Set<string>();
  const attributes: Record<string, string | string[]> = {};
  for (const du of directoryUsers) {
    if (!du.active) continue;
    for (const g of view ? view.groupsOf(du.id) : groupsOf(state, du.id)) for (const k of groupKeys(g)) directoryGroups.add(k);
    Object.assign(attributes, du.customAttributes);
  }
  const ssoGroups = new Set<string>();
  if (sso) {
    for (const g of sso.groups) {
      ssoGroups.add(g);
      if (sso.connectionId) ssoGroups.add(scoped(sso.connectionId, g));
    }
    // Directory attributes win over the sign-in's, as directory groups win over SSO groups.
    for (const [k, v] of Object.entries(sso.attributes)) if (!(k in attributes)) attributes[k] = v;
  }
  return { directoryGroups: [...directoryGroups], ssoGroups: [...ssoGroups], attributes };
}

/** Strips the directory scoping from a reason's mapping label. */
export const readable = (s: string) => s.replace(/"[^"\u0000]*\u0000/g, '"');

/**
 * What the preview (`workos_effective_roles` with `directory_user_id`) tells the resolution
 * engine, with the scoped topology: the directory user's real groups and attributes, whatever its
 * state (the preview shows what its groups give; a deactivated user holds none of it, see
 * `resolveMembership`), plus groups and attributes given by name. A given group carries no
 * directory or connection, so it matches mappings limited to any, as it does in a preview
 * without a directory user; given attributes win over the user's.
 */
export function directoryUserPreviewFacts(state: State, org: OrganizationRecord, du: DirectoryUserRecord, given: UserFacts): UserFacts {
  const real = factsOf(state, [{ ...du, active: true }], undefined);
  const anySource = (kind: 'directory' | 'sso', groups: readonly string[] | undefined) => {
    const sources = new Set<string>();
    for (const m of state.roleMappings.values()) if (m.organizationId === org.id && m.kind === kind && m.sourceId) sources.add(m.sourceId);
    return (groups ?? []).flatMap((g) => [g, ...[...sources].map((source) => scoped(source, g))]);
  };
  return {
    directoryGroups: [...new Set([...(real.directoryGroups ?? []), ...anySource('directory', given.directoryGroups)])],
    ssoGroups: anySource('sso', given.ssoGroups),
    attributes: { ...real.attributes, ...given.attributes },
  };
}

/** The roles a directory user gets from its organization's mappings, as WorkOS lists them on `/directory_users`. */
export function directoryUserRoles(state: State, du: DirectoryUserRecord): string[] {
  if (!du.active) return [];
  const org = state.organizations.get(state.directories.get(du.directoryId)?.organizationId ?? '');
  if (du.userId) {
    const m = [...state.memberships.values()].find((x) => x.userId === du.userId && x.organizationId === org?.id);
    if (m) return [...m.roleSlugs];
  }
  return [...resolveEffectiveRoles(topologyOf(state, org), factsOf(state, [du], undefined)).roles];
}

export interface ResolveOptions {
  /** A directory user of this membership was just removed: with no link left it becomes inactive instead of unmanaged. */
  readonly unlinked?: boolean;
  /** The membership was just provisioned: its first roles are announced as `organization_membership.created`. */
  readonly created?: boolean;
  /** Shared by the memberships one reducer resolves (see SyncView). */
  readonly view?: SyncView;
}

/**
 * Recomputes a managed membership's roles and records the change (with `cause`) in the event log.
 * An unmanaged membership is left as it is.
 */
export function resolveMembership(state: State, m: MembershipRecord, at: string, cause: string, options: ResolveOptions = {}): void {
  const view = options.view ?? new SyncView(state);
  const linked = view.linkedTo(m);
  const active = linked.filter((du) => du.active);
  if (active.length === 0 && (linked.length > 0 || (options.unlinked && !m.ssoProfile))) {
    // Deactivated or removed in the IdP: no organization-level role at all.
    setRoles(state, m, [], [], 'inactive', at, cause, options.created, false);
    return;
  }
  if (active.length === 0 && !m.ssoProfile) return;
  const org = state.organizations.get(m.organizationId);
  const r = resolveEffectiveRoles(view.topology(org), factsOf(state, active, m.ssoProfile, view));
  const sources: RoleSourceRecord[] = r.reasons.map((x) => ({ role: x.role, source: x.source, mapping: readable(x.mapping), rule: x.rule }));
  setRoles(state, m, [...r.roles], sources, 'active', at, cause, options.created, active.length > 0);
}

/** Every managed membership of the organization (of every organization for `null`). */
export function resolveOrganization(state: State, organizationId: string | null, at: string, cause: string): void {
  const view = new SyncView(state);
  for (const m of state.memberships.values()) if (organizationId === null || m.organizationId === organizationId) resolveMembership(state, m, at, cause, { view });
}

/** The memberships the directory users provision (in their directory's organization). */
export function membershipsOf(state: State, directoryUserIds: Iterable<string>): MembershipRecord[] {
  const wanted = new Set<string>();
  for (const id of directoryUserIds) {
    const du = state.directoryUsers.get(id);
    const orgId = du && state.directories.get(du.directoryId)?.organizationId;
    if (du?.userId && orgId) wanted.add(`${du.userId}\u0000${orgId}`);
  }
  if (wanted.size === 0) return [];
  const out: MembershipRecord[] = [];
  for (const m of state.memberships.values()) if (wanted.has(`${m.userId}\u0000${m.organizationId}`)) out.push(m);
  return out;
}

/** Sets roles, sources and status; a change of roles or status goes to the event log. */
function setRoles(state: State, m: MembershipRecord, roles: string[], sources: RoleSourceRecord[], status: 'active' | 'inactive', at: string, cause: string, created: boolean | undefined, directoryManaged: boolean): void {
  const before = { roles: m.roleSlugs, status: m.status ?? 'active' };
  const changed = created || before.status !== status || before.roles.length !== roles.length || before.roles.some((s, i) => s !== roles[i]);
  const sourcesChanged = JSON.stringify(m.roleSources ?? []) !== JSON.stringify(sources);
  if (!changed && !sourcesChanged) return;
  m.roleSources = sources;
  if (!changed) return;
  m.roleSlugs = roles;
  if (status === 'active') delete m.status;
  else m.status = status;
  m.updatedAt = at;
  recordMembershipChange(state, m, created ? 'organization_membership.created' : 'organization_membership.updated', before.roles, at, cause, directoryManaged);
}

/** `organization_membership.created|updated` with the roles before and after, why each is held, and what caused it. */
export function recordMembershipChange(state: State, m: MembershipRecord, event: string, previousRoles: readonly string[], at: string, cause: string, directoryManaged?: boolean): void {
  const { user, ...membership } = membershipToWire(state, m, directoryManaged);
  const roleChange = { previous_roles: [...previousRoles], roles: [...m.roleSlugs], cause, user_email: user?.email ?? null };
  // WorkOS puts what an update changed in `context.previous_attributes`.
  const context = event.endsWith('.updated') ? { previous_attributes: { roles: previousRoles.map((slug) => ({ slug })) } } : undefined;
  recordEvent(state, event, m.organizationId, { ...membership, role_change: roleChange }, at, context);
}

/** Appends to the event log (the oldest fall off past EVENT_LOG_LIMIT). */
export function recordEvent(state: State, event: string, organizationId: string | null, data: Record<string, unknown>, at: string, context?: Record<string, unknown>): void {
  state.eventCount += 1;
  state.events.push({ id: eventId(at, state.eventCount), event, organizationId, data: structuredClone(data), createdAt: at, ...(context ? { context } : {}) });
  if (state.events.length > EVENT_LOG_LIMIT) state.events.splice(0, state.events.length - EVENT_LOG_LIMIT);
}
