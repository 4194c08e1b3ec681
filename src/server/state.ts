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

export interface State {
  /** Keyed by slug; insertion order is creation order. */
  permissions: Map<string, PermissionRecord>;
  /** Environment roles in priority order (first = highest). */
  roles: RoleRecord[];
  defaultRoleSlug: string;
}

export const DEFAULT_ROLE_SLUG = 'member';
/** Until resource types exist (a later issue) everything is scoped to the organization. */
export const ORGANIZATION_RESOURCE_TYPE = 'organization';

/** Something that happened; `at` is its ISO time. Journaled as one JSON line each. */
export type StateEvent =
  | { type: 'permission.created'; permission: PermissionRecord; idempotency?: IdempotencyMark }
  | { type: 'permission.updated'; slug: string; name?: string; description?: string | null; at: string }
  | { type: 'permission.deleted'; slug: string; at: string }
  | { type: 'role.created'; role: RoleRecord; idempotency?: IdempotencyMark }
  | { type: 'role.updated'; slug: string; name?: string; description?: string | null; at: string }
  | { type: 'role.permissions_set'; slug: string; permissions: string[]; at: string }
  | { type: 'role.deleted'; slug: string; at: string };

/** Lets a retried create (same Idempotency-Key) get its original answer even after a restart. */
export interface IdempotencyMark {
  key: string;
  fingerprint: string;
}

export function emptyState(): State {
  return { permissions: new Map(), roles: [], defaultRoleSlug: DEFAULT_ROLE_SLUG };
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
      for (const role of state.roles) {
        if (role.permissions.includes(event.slug)) {
          role.permissions = role.permissions.filter((s) => s !== event.slug);
          role.updatedAt = event.at;
        }
      }
      return;
    case 'role.created':
      // A new role goes to the bottom of the priority order.
      state.roles.push({ ...event.role, permissions: [...event.role.permissions] });
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
      // Hook: organization memberships holding this role move to state.defaultRoleSlug here,
      // inside this same event, so that replay reproduces it (memberships come in a later issue).
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

export function roleToWire(r: RoleRecord) {
  return {
    object: 'role' as const,
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    type: 'EnvironmentRole' as const,
    resource_type_slug: ORGANIZATION_RESOURCE_TYPE,
    permissions: [...r.permissions],
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

// Snapshot format (compaction).

export interface Snapshot {
  version: 1;
  /** Sequence number of the last event folded into this snapshot. */
  seq: number;
  permissions: PermissionRecord[];
  roles: RoleRecord[];
  defaultRoleSlug: string;
}

export function toSnapshot(state: State, seq: number): Snapshot {
  return { version: 1, seq, permissions: [...state.permissions.values()], roles: state.roles, defaultRoleSlug: state.defaultRoleSlug };
}

export function fromSnapshot(s: Snapshot): State {
  if (s.version !== 1) throw new Error(`snapshot version ${String(s.version)} is not supported`);
  return {
    permissions: new Map(s.permissions.map((p) => [p.slug, p])),
    roles: s.roles,
    defaultRoleSlug: s.defaultRoleSlug,
  };
}
