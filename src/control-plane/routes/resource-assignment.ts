/** Role assignments on resources: WorkOS's `/authorization/organization_memberships/{id}/role_assignments…` (workos_resource_assignment). */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { roleSlug } from '../../slug';
import { commitCreate, HttpError, invalid, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { findScopeRole } from '../model';
import { roleAssignmentToWire } from '../wire';
import { organizationOr404 } from './organization';
import { membershipOr404 } from './organization-membership';
import { resourceRef, targetResource } from './resource';

const assignBody = z.object({ role_slug: roleSlug, ...resourceRef });

const listAssignments: Handler = (store, { params, query }) => {
  const m = membershipOr404(store.state, params.organization_membership_id);
  const page = paginate([...store.state.roleAssignments.values()].filter((a) => a.membershipId === m.id), query);
  return { status: 200, body: listBody({ ...page, data: page.data.map((a) => roleAssignmentToWire(store.state, a)) }) satisfies Wire.RoleAssignmentList };
};

const assignRole: Handler = (store, { params, body, idempotency }) => {
  const state = store.state;
  const m = membershipOr404(state, params.organization_membership_id);
  const input = parseBody(assignBody, body);
  const org = organizationOr404(state, m.organizationId);
  if (!findScopeRole(state, org, input.role_slug)) {
    throw invalid('role_slug', 'not_found', `role_slug '${input.role_slug}' is not a role of the environment or of organization '${org.id}'.`);
  }
  const resource = targetResource(state, m, input);
  for (const a of state.roleAssignments.values()) {
    if (a.membershipId === m.id && a.roleSlug === input.role_slug && a.resourceId === resource.id) {
      throw new HttpError(409, 'role_assignment_already_exists', `Membership '${m.id}' already has role '${a.roleSlug}' on resource '${resource.id}' ('${a.id}').`);
    }
  }
  const at = now();
  const assignment = { id: newId('role_assignment'), membershipId: m.id, roleSlug: input.role_slug, resourceId: resource.id, createdAt: at, updatedAt: at };
  return commitCreate(store, idempotency, { type: 'role_assignment.created', assignment }, roleAssignmentToWire(state, assignment));
};

const removeAssignment: Handler = (store, { params }) => {
  const m = membershipOr404(store.state, params.organization_membership_id);
  const a = store.state.roleAssignments.get(params.role_assignment_id);
  if (!a || a.membershipId !== m.id) throw notFound('Role assignment', params.role_assignment_id);
  store.commit({ type: 'role_assignment.deleted', id: a.id, at: now() });
  return { status: 204 };
};

export const RESOURCE_ASSIGNMENT_ROUTES: RouteTable = [
  ['GET', '/authorization/organization_memberships/:organization_membership_id/role_assignments', listAssignments],
  ['POST', '/authorization/organization_memberships/:organization_membership_id/role_assignments', assignRole],
  ['DELETE', '/authorization/organization_memberships/:organization_membership_id/role_assignments/:role_assignment_id', removeAssignment],
];
