/** Organization roles: WorkOS's `/authorization/organizations/{organizationId}/roles…` (workos_organization_role). */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { description, displayName, organizationRoleSlug } from '../../slug';
import { commitCreate, HttpError, invalid, notFound, now, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { effectivePolicy, findRole, findScopeRole, ORGANIZATION_RESOURCE_TYPE, type OrganizationRecord, type RoleRecord, type State } from '../model';
import { roleToWire } from '../wire';
import { changedText, permissionsAfterAdding, permissionsToSet, sameList } from './bodies';
import { organizationOr404 } from './organization';

const createOrganizationRoleBody = z.object({
  slug: z.string().optional(),
  name: displayName,
  description: description.nullable().optional(),
  resource_type_slug: z.string().optional(),
}) satisfies z.ZodType<Wire.CreateOrganizationRoleDto>;

function organizationRoleOr404(org: OrganizationRecord, slug: string): RoleRecord {
  const r = org.roles.find((x) => x.slug === slug);
  if (!r) throw notFound('Role', slug);
  return r;
}

/** Environment roles and the organization's own, in the organization's priority order. */
function scopeRolesInOrder(state: State, org: OrganizationRecord) {
  const order = effectivePolicy(state, org).priority;
  const own = new Set(org.roles.map((r) => r.slug));
  return order.map((slug) => (own.has(slug) ? roleToWire(findScopeRole(state, org, slug)!, 'OrganizationRole') : roleToWire(findRole(state, slug)!)));
}

/** "Billing Admins" → "org-billing-admins-x7k2q9": as WorkOS does, a slug left out is made from the name plus a random suffix. */
function slugFromName(name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 33);
  return `org-${base ? `${base}-` : ''}${randomBytes(4).toString('hex')}`;
}

const listOrganizationRoles: Handler = (store, { params }) => {
  const org = organizationOr404(store.state, params.organizationId);
  return { status: 200, body: { object: 'list', data: scopeRolesInOrder(store.state, org) } satisfies Wire.RoleList };
};

const createOrganizationRole: Handler = (store, { params, body, idempotency }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const input = parseBody(createOrganizationRoleBody, body);
  const slug = input.slug ?? slugFromName(input.name);
  parseBody(z.object({ slug: organizationRoleSlug }), { slug });
  if (input.resource_type_slug !== undefined && input.resource_type_slug !== ORGANIZATION_RESOURCE_TYPE && !store.state.resourceTypes.has(input.resource_type_slug)) {
    throw invalid('resource_type_slug', 'not_found', `resource_type_slug '${input.resource_type_slug}' does not exist.`);
  }
  if (org.roles.some((r) => r.slug === slug)) {
    throw new HttpError(409, 'organization_role_slug_conflict', `Organization '${org.id}' already has a role with slug '${slug}'.`);
  }
  const at = now();
  const role: RoleRecord = { id: newId('role'), slug, name: input.name, description: input.description ?? null, permissions: [], createdAt: at, updatedAt: at };
  return commitCreate(store, idempotency, { type: 'organization_role.created', organizationId: org.id, role }, roleToWire(role, 'OrganizationRole'));
};

/** Environment roles are readable here too (WorkOS lists both); only the organization's own can change. */
const getOrganizationRole: Handler = (store, { params }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const own = org.roles.find((r) => r.slug === params.slug);
  if (own) return { status: 200, body: roleToWire(own, 'OrganizationRole') };
  const env = findRole(store.state, params.slug);
  if (env) return { status: 200, body: roleToWire(env) };
  throw notFound('Role', params.slug);
};

const updateOrganizationRole: Handler = (store, { params, body }) => {
  const org = organizationOr404(store.state, params.organizationId);
  const r = organizationRoleOr404(org, params.slug);
  const { name, description } = changedText(r, body);
  if (name !== undefined || description !== undefined) store.commit({ type: 'organization_role.updated', organizationId: org.id, slug: r.slug, name, description, at: now() });
  return { status: 200, body: roleToWire(r, 'OrganizationRole') };
};

/** The organization and its role a `…/roles/:slug/permissions` route names. */
function target(store: Parameters<Handler>[0], params: Record<string, string>) {
  const org = organizationOr404(store.state, params.organizationId);
  return { org, r: organizationRoleOr404(org, params.slug) };
}

function setPermissions(store: Parameters<Handler>[0], org: OrganizationRecord, r: RoleRecord, permissions: string[]) {
  if (!sameList(permissions, r.permissions)) store.commit({ type: 'organization_role.permissions_set', organizationId: org.id, slug: r.slug, permissions, at: now() });
  return { status: 200, body: roleToWire(r, 'OrganizationRole') };
}

const setOrganizationRolePermissions: Handler = (store, { params, body }) => {
  const { org, r } = target(store, params);
  return setPermissions(store, org, r, permissionsToSet(store.state, body));
};

const addOrganizationRolePermission: Handler = (store, { params, body }) => {
  const { org, r } = target(store, params);
  return setPermissions(store, org, r, permissionsAfterAdding(store.state, r, body));
};

const removeOrganizationRolePermission: Handler = (store, { params }) => {
  const { org, r } = target(store, params);
  if (!r.permissions.includes(params.permissionSlug)) throw notFound('Permission', params.permissionSlug);
  return setPermissions(store, org, r, r.permissions.filter((s) => s !== params.permissionSlug));
};

/** 409 while anything uses the role: WorkOS's `role_has_assignments` / `role_has_group_role_mappings`. */
const deleteOrganizationRole: Handler = (store, { params }) => {
  const state = store.state;
  const { org, r } = target(store, params);
  const members = [...state.memberships.values()].filter((m) => m.organizationId === org.id && m.roleSlugs.includes(r.slug));
  const assignments = [...state.roleAssignments.values()].filter((a) => a.roleSlug === r.slug && state.memberships.get(a.membershipId)?.organizationId === org.id);
  if (members.length || assignments.length) {
    throw new HttpError(
      409,
      'role_has_assignments',
      `Role '${r.slug}' is still assigned (${members.length} organization membership(s), ${assignments.length} resource assignment(s)); reassign or remove them first.`,
    );
  }
  const mappings = [...state.roleMappings.values()].filter((m) => m.organizationId === org.id && m.roles.includes(r.slug));
  if (mappings.length) {
    throw new HttpError(409, 'role_has_group_role_mappings', `Role '${r.slug}' is used by role mapping(s) ${mappings.map((m) => `'${m.id}'`).join(', ')}; change or remove them first.`);
  }
  if (org.policy?.defaultRoleSlug === r.slug) {
    throw new HttpError(409, 'default_role_cannot_be_deleted', `Role '${r.slug}' is the default role of organization '${org.id}' and cannot be deleted.`);
  }
  store.commit({ type: 'organization_role.deleted', organizationId: org.id, slug: r.slug, at: now() });
  return { status: 204 };
};

export const ORGANIZATION_ROLE_ROUTES: RouteTable = [
  ['GET', '/authorization/organizations/:organizationId/roles', listOrganizationRoles],
  ['POST', '/authorization/organizations/:organizationId/roles', createOrganizationRole],
  ['GET', '/authorization/organizations/:organizationId/roles/:slug', getOrganizationRole],
  ['PATCH', '/authorization/organizations/:organizationId/roles/:slug', updateOrganizationRole],
  ['DELETE', '/authorization/organizations/:organizationId/roles/:slug', deleteOrganizationRole],
  ['PUT', '/authorization/organizations/:organizationId/roles/:slug/permissions', setOrganizationRolePermissions],
  ['POST', '/authorization/organizations/:organizationId/roles/:slug/permissions', addOrganizationRolePermission],
  ['DELETE', '/authorization/organizations/:organizationId/roles/:slug/permissions/:permissionSlug', removeOrganizationRolePermission],
];
