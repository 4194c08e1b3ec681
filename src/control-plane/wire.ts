/**
 * The control plane's answers in the wire format (snake_case). Objects of WorkOS's public API
 * are checked with `satisfies` against the types generated from @workos/openapi-spec, the same
 * types the client reads, so the compiler holds the control plane to the published spec.
 */
import type * as Wire from '../client/generated/workos-api';
import { ORGANIZATION_RESOURCE_TYPE } from './model';
import type * as Model from './model';

// Objects of WorkOS's public API.

export function permissionToWire(p: Model.PermissionRecord) {
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
  } satisfies Wire.AuthorizationPermission;
}

export function roleToWire(r: Model.RoleRecord, type: Wire.Role['type'] = 'EnvironmentRole') {
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
  } satisfies Wire.Role;
}

export function organizationToWire(o: Model.OrganizationRecord) {
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
  } satisfies Wire.Organization;
}

export function userToWire(u: Model.UserRecord) {
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
  } satisfies Wire.UserlandUser;
}

/**
 * The spec's membership plus `roles` (WorkOS answers with it in multiple-roles mode). `user` is
 * left out only if the user is gone, which a user's deletion (taking its memberships) prevents.
 */
type MembershipWire = Omit<Wire.UserlandUserOrganizationMembership, 'user' | 'role'> & {
  /** Null only for an inactive membership (its directory user was deactivated), which holds no role. */
  role: Wire.SlimRole | null;
  roles: Wire.SlimRole[];
  /** Ours: why each role is held (directory group, SSO group, attribute, default role or the API). */
  role_sources?: Array<{ role: string; source: string; mapping: string; rule: string }>;
  user?: Wire.UserlandUser1;
};

/** The spec's `role` is the first (highest-priority) role; `roles` lists all of them, as WorkOS does in multiple-roles mode. */
/** `directoryManaged`: whether an active directory user provisions it, when the caller knows (else looked up). */
export function membershipToWire(state: Model.State, m: Model.MembershipRecord, directoryManaged?: boolean) {
  const user = state.users.get(m.userId);
  if (directoryManaged === undefined) {
    directoryManaged = false;
    for (const du of state.directoryUsers.values()) {
      if (du.userId === m.userId && du.active && state.directories.get(du.directoryId)?.organizationId === m.organizationId) directoryManaged = true;
    }
  }
  return {
    object: 'organization_membership' as const,
    id: m.id,
    user_id: m.userId,
    organization_id: m.organizationId,
    status: m.status ?? ('active' as const),
    directory_managed: directoryManaged,
    organization_name: state.organizations.get(m.organizationId)?.name,
    custom_attributes: {},
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    role: m.roleSlugs.length ? { slug: m.roleSlugs[0] } : null,
    roles: m.roleSlugs.map((slug) => ({ slug })),
    ...(m.roleSources ? { role_sources: m.roleSources.map((r) => ({ ...r })) } : {}),
    ...(user ? { user: userToWire(user) } : {}),
  } satisfies MembershipWire;
}

/** WorkOS's directory. `metadata` counts its users and groups as WorkOS does. */
export function directoryToWire(state: Model.State, d: Model.DirectoryRecord) {
  let active = 0;
  let inactive = 0;
  for (const du of state.directoryUsers.values()) if (du.directoryId === d.id) du.active ? active++ : inactive++;
  let groups = 0;
  for (const g of state.directoryGroups.values()) if (g.directoryId === d.id) groups++;
  return {
    object: 'directory' as const,
    id: d.id,
    organization_id: d.organizationId,
    external_key: d.id.slice('directory_'.length).toLowerCase(),
    type: d.type as Wire.Directory['type'],
    state: 'linked' as const,
    name: d.name,
    metadata: { users: { active, inactive }, groups },
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  } satisfies Wire.Directory;
}

/** The SCIM base path of a directory; the IdP is given `<base URL><this>` and the directory's token. */
export const scimPath = (directoryId: string) => `/directories/${encodeURIComponent(directoryId)}/scim/v2`;

/** Dashboard view of a directory: WorkOS's plus what the IdP admin needs (the SCIM path and bearer token). */
export function directorySetupToWire(state: Model.State, d: Model.DirectoryRecord) {
  return { ...directoryToWire(state, d), scim_path: scimPath(d.id), bearer_token: d.token };
}

/** WorkOS's directory user; `roles` come from the organization's directory group mappings (directory-sync.ts). */
export function directoryUserToWire(state: Model.State, du: Model.DirectoryUserRecord, roles: readonly string[]) {
  const primary = du.email;
  return {
    object: 'directory_user' as const,
    id: du.id,
    directory_id: du.directoryId,
    organization_id: state.directories.get(du.directoryId)?.organizationId ?? '',
    idp_id: du.idpId ?? du.id,
    email: du.email,
    first_name: du.firstName,
    last_name: du.lastName,
    name: [du.firstName, du.lastName].filter(Boolean).join(' ') || null,
    emails: primary ? [{ primary: true, type: 'work', value: primary }] : [],
    username: du.userName,
    state: du.active ? ('active' as const) : ('inactive' as const),
    raw_attributes: du.scim,
    custom_attributes: du.customAttributes,
    ...(roles.length ? { role: { slug: roles[0] } } : {}),
    roles: roles.map((slug) => ({ slug })),
    created_at: du.createdAt,
    updated_at: du.updatedAt,
  } satisfies Omit<Wire.DirectoryUserWithGroups, 'groups'>;
}

export function directoryGroupToWire(state: Model.State, g: Model.DirectoryGroupRecord) {
  return {
    object: 'directory_group' as const,
    id: g.id,
    idp_id: g.idpId ?? g.id,
    directory_id: g.directoryId,
    organization_id: state.directories.get(g.directoryId)?.organizationId ?? '',
    name: g.displayName,
    raw_attributes: g.scim,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
  } satisfies Wire.DirectoryGroup;
}

/** WorkOS's event (`GET /events`). Not held to the spec's union: ours carry `role_change` and dsync payloads of our own shape too. */
export function eventToWire(e: Model.EventRecord) {
  return {
    object: 'event' as const,
    id: e.id,
    event: e.event,
    data: e.data,
    created_at: e.createdAt,
    ...(e.context ? { context: e.context } : {}),
  };
}

export function resourceToWire(r: Model.ResourceRecord) {
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
  } satisfies Wire.AuthorizationResource;
}

export function roleAssignmentToWire(state: Model.State, a: Model.RoleAssignmentRecord) {
  const r = state.resources.get(a.resourceId);
  return {
    object: 'role_assignment' as const,
    id: a.id,
    role: { slug: a.roleSlug },
    resource: { id: a.resourceId, external_id: r?.externalId ?? '', resource_type_slug: r?.resourceTypeSlug ?? '' },
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  } satisfies Wire.RoleAssignment;
}

// Dashboard-only objects: the spec has none, so these are our own shapes, in WorkOS's style.

export function rolePolicyToWire(organizationId: string | null, p: Model.ScopePolicy, inherited: boolean) {
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

export function roleMappingToWire(m: Model.RoleMappingRecord) {
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

export function resourceTypeToWire(t: Model.ResourceTypeRecord) {
  return {
    object: 'resource_type' as const,
    slug: t.slug,
    name: t.name,
    parent_types: [...t.parentTypes],
    created_at: t.createdAt,
    updated_at: t.updatedAt,
  };
}
