/** Access checks: WorkOS's `/authorization/organization_memberships/{id}/check` (workos_access_check). */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { permissionSlug } from '../../slug';
import { parseBody, type Handler, type RouteTable } from '../http';
import { ancestry, findScopeRole } from '../model';
import { membershipOr404 } from './organization-membership';
import { resourceRef, targetResource } from './resource';

const checkBody = z.object({ permission_slug: permissionSlug, ...resourceRef });

/**
 * Held through an organization-level role, or through a role assigned on the resource or any
 * ancestor. An inactive membership (deactivated by its directory) holds nothing (docs/semantics.md,
 * "Directory sync and sign-in").
 */
const check: Handler = (store, { params, body }) => {
  const state = store.state;
  const m = membershipOr404(state, params.organization_membership_id);
  const input = parseBody(checkBody, body);
  const org = state.organizations.get(m.organizationId);
  const grants = (roleSlug: string) => findScopeRole(state, org, roleSlug)?.permissions.includes(input.permission_slug) ?? false;
  const resource = targetResource(state, m, input);
  let authorized = m.roleSlugs.some(grants);
  if (!authorized && m.status !== 'inactive') {
    const chain = new Set(ancestry(state, resource).map((r) => r.id));
    for (const a of state.roleAssignments.values()) {
      if (a.membershipId === m.id && chain.has(a.resourceId) && grants(a.roleSlug)) {
        authorized = true;
        break;
      }
    }
  }
  return { status: 200, body: { authorized } satisfies Wire.AuthorizationCheck };
};

export const ACCESS_CHECK_ROUTES: RouteTable = [['POST', '/authorization/organization_memberships/:organization_membership_id/check', check]];
