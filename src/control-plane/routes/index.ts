/**
 * The route table of the local control plane, and its matcher: WorkOS's public API
 * (`/authorization/…`, `/organizations`, `/user_management/…`; shapes, status codes and error
 * codes from @workos/openapi-spec) and the dashboard-only features under `/_dashboard/…`.
 * One file per resource, named like its schema (src/schemas/<stem>.ts). Request bodies and
 * answers are written `satisfies` the types generated from the spec where it has one, like
 * the objects in wire.ts.
 *
 * Handlers are synchronous: the body has been read before dispatch, so validating, building the
 * event and committing it happen with no await in between and no two requests interleave.
 */
import type { Handler, RouteTable } from '../http';
import { ACCESS_CHECK_ROUTES } from './access-check';
import { CAPABILITIES_ROUTES } from './capabilities';
import { DIRECTORY_ROUTES } from './directory';
import { DIRECTORY_SYNC_ROUTES } from './directory-sync';
import { EFFECTIVE_ROLES_ROUTES } from './effective-roles';
import { ORGANIZATION_ROUTES } from './organization';
import { ORGANIZATION_MEMBERSHIP_ROUTES } from './organization-membership';
import { ORGANIZATION_ROLE_ROUTES } from './organization-role';
import { PERMISSION_ROUTES } from './permission';
import { RESOURCE_ROUTES } from './resource';
import { RESOURCE_ASSIGNMENT_ROUTES } from './resource-assignment';
import { RESOURCE_TYPE_ROUTES } from './resource-type';
import { ROLE_ROUTES } from './role';
import { ROLE_MAPPING_ROUTES } from './role-mapping';
import { ROLE_POLICY_ROUTES } from './role-policy';
import { SCIM_ROUTES } from './scim';
import { USER_ROUTES } from './user';

/** `:name` segments match one percent-encoded path segment and arrive decoded. */
export const ROUTES: RouteTable = [
  ...PERMISSION_ROUTES,
  ...ROLE_ROUTES,
  ...CAPABILITIES_ROUTES,
  ...ORGANIZATION_ROUTES,
  ...USER_ROUTES,
  ...ORGANIZATION_MEMBERSHIP_ROUTES,
  ...ORGANIZATION_ROLE_ROUTES,
  ...ROLE_POLICY_ROUTES,
  ...ROLE_MAPPING_ROUTES,
  ...EFFECTIVE_ROLES_ROUTES,
  ...RESOURCE_ROUTES,
  ...RESOURCE_ASSIGNMENT_ROUTES,
  ...ACCESS_CHECK_ROUTES,
  ...RESOURCE_TYPE_ROUTES,
  ...DIRECTORY_ROUTES,
  ...DIRECTORY_SYNC_ROUTES,
  ...SCIM_ROUTES,
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
