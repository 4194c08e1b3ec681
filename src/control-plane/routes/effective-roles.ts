/**
 * "Test mapped attributes" (workos_effective_roles): which roles given groups and attributes
 * get in the environment or an organization, and why (docs/semantics.md, "Resolution").
 * Dashboard-only in WorkOS (`/_dashboard/…resolve-roles`).
 */
import { z } from 'zod';
import { resolveEffectiveRoles } from '../../resolution';
import { topologyOf } from '../directory-sync';
import { parseBody, type Handler, type RouteTable } from '../http';
import type { OrganizationRecord, State } from '../model';
import { organizationOr404 } from './organization';

const resolveBody = z.object({
  directory_groups: z.array(z.string()).optional(),
  sso_groups: z.array(z.string()).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

function resolveReply(state: State, org: OrganizationRecord | undefined, body: unknown) {
  const input = parseBody(resolveBody, body ?? {});
  const r = resolveEffectiveRoles(topologyOf(state, org, { scoped: false }), { directoryGroups: input.directory_groups, ssoGroups: input.sso_groups, attributes: input.attributes });
  return { status: 200, body: { roles: r.roles, reasons: r.reasons, dropped: r.dropped } };
}

const resolveEnvironmentRoles: Handler = (store, { body }) => resolveReply(store.state, undefined, body);
const resolveOrganizationRoles: Handler = (store, { params, body }) => resolveReply(store.state, organizationOr404(store.state, params.id), body);

export const EFFECTIVE_ROLES_ROUTES: RouteTable = [
  ['POST', '/_dashboard/resolve-roles', resolveEnvironmentRoles],
  ['POST', '/_dashboard/organizations/:id/resolve-roles', resolveOrganizationRoles],
];
