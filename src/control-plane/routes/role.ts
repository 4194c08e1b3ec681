/**
 * Environment roles: WorkOS's `/authorization/roles…` (workos_role), plus their deletion, which
 * is dashboard-only in WorkOS (`/_dashboard/roles/:slug`).
 */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { description, displayName, roleSlug } from '../../slug';
import { HttpError, notFound, now, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { findRole, type RoleRecord, type State } from '../model';
import { roleToWire } from '../wire';
import { changedText, checkOrganizationScope, permissionsAfterAdding, permissionsToSet, sameList } from './bodies';

const createRoleBody = z.object({
  slug: roleSlug.refine((s) => !s.startsWith('org-'), 'must not start with "org-" (reserved for organization roles)'),
  name: displayName,
  description: description.nullable().optional(),
  resource_type_slug: z.string().optional(),
}) satisfies z.ZodType<Wire.CreateRoleDto>;

function roleOr404(state: State, slug: string): RoleRecord {
  const r = findRole(state, slug);
  if (!r) throw notFound('Role', slug);
  return r;
}

const listRoles: Handler = (store) => ({ status: 200, body: { object: 'list', data: store.state.roles.map((r) => roleToWire(r)) } satisfies Wire.RoleList });

const createRole: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createRoleBody, body);
  checkOrganizationScope(input.resource_type_slug);
  if (findRole(store.state, input.slug)) throw new HttpError(409, 'role_slug_conflict', `A role with slug '${input.slug}' already exists.`);
  const at = now();
  const role: RoleRecord = { id: newId('role'), slug: input.slug, name: input.name, description: input.description ?? null, permissions: [], createdAt: at, updatedAt: at };
  store.commit({ type: 'role.created', role, idempotency });
  return { status: 201, body: roleToWire(role) };
};

const getRole: Handler = (store, { params }) => ({ status: 200, body: roleToWire(roleOr404(store.state, params.slug)) });

const updateRole: Handler = (store, { params, body }) => {
  const r = roleOr404(store.state, params.slug);
  const { name, description } = changedText(r, body);
  if (name !== undefined || description !== undefined) store.commit({ type: 'role.updated', slug: r.slug, name, description, at: now() });
  return { status: 200, body: roleToWire(r) };
};

function setPermissions(store: Parameters<Handler>[0], r: RoleRecord, permissions: string[]) {
  if (!sameList(permissions, r.permissions)) store.commit({ type: 'role.permissions_set', slug: r.slug, permissions, at: now() });
  return { status: 200, body: roleToWire(r) };
}

const setRolePermissions: Handler = (store, { params, body }) => {
  const r = roleOr404(store.state, params.slug);
  return setPermissions(store, r, permissionsToSet(store.state, body));
};

const addRolePermission: Handler = (store, { params, body }) => {
  const r = roleOr404(store.state, params.slug);
  return setPermissions(store, r, permissionsAfterAdding(store.state, r, body));
};

/** The default role (the environment's or any organization's) cannot go (docs/semantics.md, "Objects"). */
const deleteRole: Handler = (store, { params }) => {
  const r = roleOr404(store.state, params.slug);
  if (r.slug === store.state.defaultRoleSlug) {
    throw new HttpError(409, 'default_role_cannot_be_deleted', `Role '${r.slug}' is the default role and cannot be deleted.`);
  }
  const org = [...store.state.organizations.values()].find((o) => o.policy?.defaultRoleSlug === r.slug);
  if (org) {
    throw new HttpError(409, 'default_role_cannot_be_deleted', `Role '${r.slug}' is the default role of organization '${org.id}' and cannot be deleted.`);
  }
  store.commit({ type: 'role.deleted', slug: r.slug, at: now() });
  return { status: 204 };
};

export const ROLE_ROUTES: RouteTable = [
  ['GET', '/authorization/roles', listRoles],
  ['POST', '/authorization/roles', createRole],
  ['GET', '/authorization/roles/:slug', getRole],
  ['PATCH', '/authorization/roles/:slug', updateRole],
  ['PUT', '/authorization/roles/:slug/permissions', setRolePermissions],
  ['POST', '/authorization/roles/:slug/permissions', addRolePermission],
  // Dashboard-only in WorkOS; kept apart so nobody mistakes it for public API.
  ['DELETE', '/_dashboard/roles/:slug', deleteRole],
];
