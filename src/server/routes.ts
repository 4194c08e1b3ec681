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
  permissionToWire,
  roleToWire,
  type IdempotencyMark,
  type PermissionRecord,
  type RoleRecord,
} from './state';
import type { Store } from './store';

export interface RequestContext {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** Set when the request carried an Idempotency-Key; creates journal it. */
  readonly idempotency: IdempotencyMark | undefined;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

export type Handler = (store: Store, ctx: RequestContext) => Reply;

export interface FieldError {
  readonly field: string;
  readonly code: string;
}

/** An error answer: `{code, message}` (422 adds `errors: [{field, code}]`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }
}

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

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const errors: FieldError[] = [];
  const messages: string[] = [];
  for (const issue of r.error.issues) {
    const field = issue.path.length ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') : 'body';
    const missing = issue.code === 'invalid_type' && valueAt(body, issue.path) === undefined;
    errors.push({ field, code: missing ? 'required' : issue.code });
    const why = missing ? 'is required' : issue.code === 'invalid_type' ? `must be ${issue.expected === 'object' ? 'a JSON object' : `of type ${issue.expected}`}` : issue.message;
    messages.push(`${field} ${why}`);
  }
  throw new HttpError(422, 'invalid_request_parameters', `Validation failed: ${messages.join('; ')}.`, errors);
}

function valueAt(value: unknown, at: readonly PropertyKey[]): unknown {
  let v = value;
  for (const k of at) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function checkResourceType(slug: string | undefined): void {
  // Resource types (FGA) come in a later issue; until then only the organization exists.
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

const now = () => new Date().toISOString();

// Pagination: `limit` 1..100 (default 10), `order` asc | desc (default) | normal, cursors are ids.

function paginate<T extends { id: string }>(items: readonly T[], query: URLSearchParams): { data: T[]; before: string | null; after: string | null } {
  const limitText = query.get('limit');
  const limit = limitText === null ? 10 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new HttpError(422, 'invalid_request_parameters', 'Validation failed: limit must be an integer between 1 and 100.', [{ field: 'limit', code: 'invalid' }]);
  }
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc' && order !== 'normal') {
    throw new HttpError(422, 'invalid_request_parameters', 'Validation failed: order must be one of asc, desc, normal.', [{ field: 'order', code: 'invalid' }]);
  }
  // Ids sort by creation time, so a cursor stays valid after its object is deleted.
  const desc = order !== 'asc';
  const seq = [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (desc) seq.reverse();
  const comesAfter = (id: string, cursor: string) => (desc ? id < cursor : id > cursor);
  // "normal" is descending with reversed cursors: `after` fetches newer records, `before` older ones.
  const afterCursor = query.get(order === 'normal' ? 'before' : 'after');
  const beforeCursor = query.get(order === 'normal' ? 'after' : 'before');

  let window = seq;
  if (afterCursor) window = window.filter((x) => comesAfter(x.id, afterCursor));
  if (beforeCursor) window = window.filter((x) => comesAfter(beforeCursor, x.id));
  const data = beforeCursor && !afterCursor ? window.slice(Math.max(0, window.length - limit)) : window.slice(0, limit);
  if (data.length === 0) return { data, before: null, after: null };
  const first = data[0].id;
  const last = data[data.length - 1].id;
  const before = seq[0].id !== first ? first : null;
  const after = seq[seq.length - 1].id !== last ? last : null;
  return order === 'normal' ? { data, before: after, after: before } : { data, before, after };
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

const listRoles: Handler = (store) => ({ status: 200, body: { object: 'list', data: store.state.roles.map(roleToWire) } });

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

function unknownPermissions(store: Store, slugs: readonly string[], field: (i: number) => string): void {
  const unknown = slugs.map((s, i) => ({ s, i })).filter(({ s }) => !store.state.permissions.has(s));
  if (unknown.length) {
    throw new HttpError(
      422,
      'invalid_request_parameters',
      `Validation failed: unknown permission ${unknown.length === 1 ? 'slug' : 'slugs'} ${unknown.map(({ s }) => `'${s}'`).join(', ')}.`,
      unknown.map(({ i }) => ({ field: field(i), code: 'not_found' })),
    );
  }
}

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

const capabilities: Handler = () => ({ status: 200, body: { delete_environment_role: true } });

const deleteRole: Handler = (store, { params }) => {
  const r = roleOr404(store, params.slug);
  if (r.slug === store.state.defaultRoleSlug) {
    throw new HttpError(409, 'default_role_cannot_be_deleted', `Role '${r.slug}' is the default role and cannot be deleted.`);
  }
  store.commit({ type: 'role.deleted', slug: r.slug, at: now() });
  return { status: 204 };
};

/** `:name` segments match one percent-encoded path segment and arrive decoded. */
export const ROUTES: ReadonlyArray<readonly [method: string, pattern: string, handler: Handler]> = [
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
