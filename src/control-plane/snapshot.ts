/**
 * The snapshot format (compaction, see store.ts). Collections added after the first release are
 * optional, so snapshots written before them still load.
 */
import type {
  DirectoryGroupRecord,
  DirectoryRecord,
  DirectoryUserRecord,
  EventRecord,
  MembershipRecord,
  OrganizationRecord,
  PermissionRecord,
  ResourceRecord,
  ResourceTypeRecord,
  RoleAssignmentRecord,
  RoleMappingRecord,
  RoleRecord,
  State,
  UserRecord,
} from './model';

/** The answer to a create with an Idempotency-Key, replayed to a retry with the same key. */
export interface StoredReplay {
  readonly key: string;
  /** Method, path and body of the first request: a different request with the key is refused. */
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
  /** When the key was first used (ISO time). */
  readonly at: string;
}

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
  directories?: DirectoryRecord[];
  directoryUsers?: DirectoryUserRecord[];
  directoryGroups?: DirectoryGroupRecord[];
  events?: EventRecord[];
  eventCount?: number;
  /** Idempotency-Key answers still within their window (store.ts). */
  idempotency?: StoredReplay[];
}

export function toSnapshot(state: State, seq: number, replays: StoredReplay[]): Snapshot {
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
    directories: [...state.directories.values()],
    directoryUsers: [...state.directoryUsers.values()],
    directoryGroups: [...state.directoryGroups.values()],
    events: state.events,
    eventCount: state.eventCount,
    idempotency: replays,
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
    directories: byId(s.directories),
    directoryUsers: byId(s.directoryUsers),
    directoryGroups: byId(s.directoryGroups),
    events: s.events ?? [],
    eventCount: s.eventCount ?? 0,
  };
}
