/** Permissions: WorkOS's `/authorization/permissions…` (workos_permission). */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { description, displayName, permissionSlug } from '../../slug';
import { HttpError, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { ORGANIZATION_RESOURCE_TYPE, type PermissionRecord, type State } from '../model';
import { permissionToWire } from '../wire';
import { changedText, checkOrganizationScope } from './bodies';

const createPermissionBody = z.object({
  slug: permissionSlug,
  name: displayName,
  description: description.nullable().optional(),
  resource_type_slug: z.string().optional(),
}) satisfies z.ZodType<Wire.CreateAuthorizationPermissionDto>;

function permissionOr404(state: State, slug: string): PermissionRecord {
  const p = state.permissions.get(slug);
  if (!p) throw notFound('Permission', slug);
  return p;
}

const listPermissions: Handler = (store, { query }) => {
  const page = paginate([...store.state.permissions.values()], query);
  return { status: 200, body: listBody({ ...page, data: page.data.map(permissionToWire) }) satisfies Wire.AuthorizationPermissionList };
};

const createPermission: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createPermissionBody, body);
  checkOrganizationScope(input.resource_type_slug);
  if (store.state.permissions.has(input.slug)) {
    throw new HttpError(409, 'permission_slug_conflict', `A permission with slug '${input.slug}' already exists.`);
  }
  const at = now();
  const permission: PermissionRecord = {
    id: newId('perm'),
    slug: input.slug,
    name: input.name,
    description: input.description ?? null,
    system: false,
    resourceTypeSlug: ORGANIZATION_RESOURCE_TYPE,
    createdAt: at,
    updatedAt: at,
  };
  store.commit({ type: 'permission.created', permission, idempotency });
  return { status: 201, body: permissionToWire(permission) };
};

const getPermission: Handler = (store, { params }) => ({ status: 200, body: permissionToWire(permissionOr404(store.state, params.slug)) });

const updatePermission: Handler = (store, { params, body }) => {
  const p = permissionOr404(store.state, params.slug);
  const { name, description } = changedText(p, body);
  if (name !== undefined || description !== undefined) store.commit({ type: 'permission.updated', slug: p.slug, name, description, at: now() });
  return { status: 200, body: permissionToWire(p) };
};

const deletePermission: Handler = (store, { params }) => {
  const p = permissionOr404(store.state, params.slug);
  if (p.system) throw new HttpError(403, 'forbidden', `Permission '${p.slug}' is a system permission and cannot be deleted.`);
  store.commit({ type: 'permission.deleted', slug: p.slug, at: now() });
  return { status: 204 };
};

export const PERMISSION_ROUTES: RouteTable = [
  ['GET', '/authorization/permissions', listPermissions],
  ['POST', '/authorization/permissions', createPermission],
  ['GET', '/authorization/permissions/:slug', getPermission],
  ['PATCH', '/authorization/permissions/:slug', updatePermission],
  ['DELETE', '/authorization/permissions/:slug', deletePermission],
];
