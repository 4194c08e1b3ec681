/**
 * The routes of the local control plane: WorkOS's public authorization API under
 * `/authorization/…` (shapes, status codes and error codes from @workos/openapi-spec) and the
 * dashboard-only features under `/_dashboard/…`.
 *
 * Handlers are synchronous: the body has been read before dispatch, so validating, building the
 * event and committing it happen with no await in between and no two requests interleave.
 */
import { z } from 'zod';
import { description, displayName, permissionSlug, roleSlug } from '../slug';
import { newId } from './ids';
import {
  findRole,
  ORGANIZATION_RESOURCE_TYPE,
  type PermissionRecord,
  type RoleRecord,
} from './model';
import {
  permissionToWire,
  roleToWire,
} from './wire';
import type { Store } from './store';
import { HttpError, now, paginate, parseBody, unknownPermissions, type Handler, type RouteTable } from './handler';
import { DIRECTORY_ROUTES } from './routes-directory';
import { ROLE_TOPOLOGY_ROUTES } from './routes-role-topology';
import { RESOURCE_ROUTES } from './routes-resources';

export { HttpError, type FieldError, type Handler, type Reply, type RequestContext } from './handler';

// Request bodies: the same slug rules as the provider (src/slug.ts).

const createPermissionBody = z.object({
  slug: permissionSlug,
  name: displayName,
  description: description.nullable().optional(),
  resource_type_slug: z.string().optional(),
});
const updateBody = z.object({ name: displayName.optional(), description: description.nullable().optional() });
const createRoleBody = z.object({
  slug: roleSlug.refine((s) => !s.startsWith('org-'), 'must not start with "org-" (reserved for organization roles)'),
  name: displayName,
  description: description.nullable().optional(),
  resource_type_slug: z.string().optional(),
});
const setPermissionsBody = z.object({ permissions: z.array(permissionSlug) });
const addPermissionBody = z.object({ slug: permissionSlug });

function checkResourceType(slug: string | undefined): void {
  // Permissions and environment roles are scoped to the organization (its implicit root
  // resource); resource types scope resources and organization roles only.
  if (slug !== undefined && slug !== ORGANIZATION_RESOURCE_TYPE) {
    throw new HttpError(422, 'invalid_request_parameters', `Validation failed: resource_type_slug "${slug}" does not exist (only "${ORGANIZATION_RESOURCE_TYPE}").`, [
      { field: 'resource_type_slug', code: 'not_found' },
    ]);
  }
}

function permissionOr404(store: Store, slug: string): PermissionRecord {
  const p = store.state.permissions.get(slug);
  if (!p) throw new HttpError(404, 'not_found', `Permission not found: '${slug}'.`);
  return p;
}

function roleOr404(store: Store, slug: string): RoleRecord {
  const r = findRole(store.state, slug);
  if (!r) throw new HttpError(404, 'not_found', `Role not found: '${slug}'.`);
  return r;
}

// Handlers.

const listPermissions: Handler = (store, { query }) => {
  const page = paginate([...store.state.permissions.values()], query);
  return { status: 200, body: { object: 'list', data: page.data.map(permissionToWire), list_metadata: { before: page.before, after: page.after } } };
};

const createPermission: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createPermissionBody, body);
  checkResourceType(input.resource_type_slug);
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

const getPermission: Handler = (store, { params }) => ({ status: 200, body: permissionToWire(permissionOr404(store, params.slug)) });

const updatePermission: Handler = (store, { params, body }) => {
  const p = permissionOr404(store, params.slug);
  const input = parseBody(updateBody, body);
  const name = input.name !== undefined && input.name !== p.name ? input.name : undefined;
  const desc = input.description !== undefined && input.description !== p.description ? input.description : undefined;
  if (name !== undefined || desc !== undefined) store.commit({ type: 'permission.updated', slug: p.slug, name, description: desc, at: now() });
  return { status: 200, body: permissionToWire(p) };
};

const deletePermission: Handler = (store, { params }) => {
  const p = permissionOr404(store, params.slug);
  if (p.system) throw new HttpError(403, 'forbidden', `Permission '${p.slug}' is a system permission and cannot be deleted.`);
  store.commit({ type: 'permission.deleted', slug: p.slug, at: now() });
  return { status: 204 };
};

const listRoles: Handler = (store) => ({ status: 200, body: { object: 'list', data: store.state.roles.map((r) => roleToWire(r)) } });

const createRole: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createRoleBody, body);
  checkResourceType(input.resource_type_slug);
  if (findRole(store.state, input.slug)) throw new HttpError(409, 'role_slug_conflict', `A role with slug '${input.slug}' already exists.`);
  const at = now();
  const role: RoleRecord = {
    id: newId('role'),
    slug: input.slug,
    name: input.name,
    description: input.description ?? null,
    permissions: [],
    createdAt: at,
    updatedAt: at,
  };
  store.commit({ type: 'role.created', role, idempotency });
  return { status: 201, body: roleToWire(role) };
};

const getRole: Handler = (store, { params }) => ({ status: 200, body: roleToWire(roleOr404(store, params.slug)) });

const updateRole: Handler = (store, { params, body }) => {
  const r = roleOr404(store, params.slug);
  const input = parseBody(updateBody, body);
  const name = input.name !== undefined && input.name !== r.name ? input.name : undefined;
  const desc = input.description !== undefined && input.description !== r.description ? input.description : undefined;
  if (name !== undefined || desc !== undefined) store.commit({ type: 'role.updated', slug: r.slug, name, description: desc, at: now() });
  return { status: 200, body: roleToWire(r) };
};

const setRolePermissions: Handler = (store, { params, body }) => {
  const r = roleOr404(store, params.slug);
  const input = parseBody(setPermissionsBody, body);
  unknownPermissions(store, input.permissions, (i) => `permissions[${i}]`);
  const permissions = [...new Set(input.permissions)];
  const same = permissions.length === r.permissions.length && permissions.every((s, i) => s === r.permissions[i]);
  if (!same) store.commit({ type: 'role.permissions_set', slug: r.slug, permissions, at: now() });
  return { status: 200, body: roleToWire(r) };
};

const addRolePermission: Handler = (store, { params, body }) => {
  const r = roleOr404(store, params.slug);
  const input = parseBody(addPermissionBody, body);
  unknownPermissions(store, [input.slug], () => 'slug');
  if (!r.permissions.includes(input.slug)) {
    store.commit({ type: 'role.permissions_set', slug: r.slug, permissions: [...r.permissions, input.slug], at: now() });
  }
  return { status: 200, body: roleToWire(r) };
};

const capabilities: Handler = () => ({
  status: 200,
  body: { delete_environment_role: true, role_policy: true, role_mappings: true, resource_types: true },
});

const deleteRole: Handler = (store, { params }) => {
  const r = roleOr404(store, params.slug);
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

/** `:name` segments match one percent-encoded path segment and arrive decoded. */
export const ROUTES: RouteTable = [
  ['GET', '/authorization/permissions', listPermissions],
  ['POST', '/authorization/permissions', createPermission],
  ['GET', '/authorization/permissions/:slug', getPermission],
  ['PATCH', '/authorization/permissions/:slug', updatePermission],
  ['DELETE', '/authorization/permissions/:slug', deletePermission],
  ['GET', '/authorization/roles', listRoles],
  ['POST', '/authorization/roles', createRole],
  ['GET', '/authorization/roles/:slug', getRole],
  ['PATCH', '/authorization/roles/:slug', updateRole],
  ['PUT', '/authorization/roles/:slug/permissions', setRolePermissions],
  ['POST', '/authorization/roles/:slug/permissions', addRolePermission],
  // Dashboard-only in WorkOS; kept apart so nobody mistakes them for public API.
  ['GET', '/_dashboard/capabilities', capabilities],
  ['DELETE', '/_dashboard/roles/:slug', deleteRole],
  ...DIRECTORY_ROUTES,
  ...ROLE_TOPOLOGY_ROUTES,
  ...RESOURCE_ROUTES,
];

export type RouteMatch = { kind: 'found'; handler: Handler; params: Record<string, string> } | { kind: 'wrong_method'; allow: string[] } | { kind: 'none' };

/** Matches the raw (still percent-encoded) pathname, so an encoded `/` stays inside its segment. */
export function matchRoute(method: string, rawPathname: string): RouteMatch {
  const segments = rawPathname.split('/');
  const allow: string[] = [];
  for (const [m, pattern, handler] of ROUTES) {
    const parts = pattern.split('/');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      if (parts[i].startsWith(':')) {
        try {
          params[parts[i].slice(1)] = decodeURIComponent(segments[i]);
        } catch {
          ok = false;
        }
        ok = ok && segments[i] !== '';
      } else ok = parts[i] === segments[i];
    }
    if (!ok) continue;
    if (m === method) return { kind: 'found', handler, params };
    allow.push(m);
  }
  return allow.length ? { kind: 'wrong_method', allow } : { kind: 'none' };
}
