/**
 * "Test mapped attributes" (workos_effective_roles): which roles given groups and attributes
 * get in the environment or an organization, and why (docs/semantics.md, "Resolution").
 * With `directory_user_id`, the preview also takes that directory user's real groups and
 * attributes, matched as the live role application matches them (a mapping limited to one
 * directory sees only that directory's groups). Dashboard-only in WorkOS (`/_dashboard/…resolve-roles`).
 */
import { z } from 'zod';
import { resolveEffectiveRoles, type UserFacts } from '../../resolution';
import { directoryUserPreviewFacts, readable, topologyOf } from '../directory-sync';
import { invalid, parseBody, type Handler, type RouteTable } from '../http';
import type { OrganizationRecord, State } from '../model';
import { organizationOr404 } from './organization';

const resolveBody = z.object({
  directory_user_id: z.string().min(1, 'must not be empty').optional(),
  directory_groups: z.array(z.string()).optional(),
  sso_groups: z.array(z.string()).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

function resolveReply(state: State, org: OrganizationRecord | undefined, body: unknown) {
  const input = parseBody(resolveBody, body ?? {});
  const given: UserFacts = { directoryGroups: input.directory_groups, ssoGroups: input.sso_groups, attributes: input.attributes };
  if (input.directory_user_id === undefined) {
    const r = resolveEffectiveRoles(topologyOf(state, org, { scoped: false }), given);
    return { status: 200, body: { roles: r.roles, reasons: r.reasons, dropped: r.dropped } };
  }
  const id = input.directory_user_id;
  const du = state.directoryUsers.get(id);
  if (!du) throw invalid('directory_user_id', 'not_found', `directory_user_id: no directory user '${id}'.`);
  const home = state.directories.get(du.directoryId)?.organizationId;
  if (!org) throw invalid('directory_user_id', 'organization_required', `directory_user_id: '${id}' belongs to organization '${home}': preview it there (organization_id).`);
  if (home !== org.id) throw invalid('directory_user_id', 'other_organization', `directory_user_id: '${id}' belongs to organization '${home}', not '${org.id}'.`);
  const r = resolveEffectiveRoles(topologyOf(state, org), directoryUserPreviewFacts(state, org, du, given));
  const named = (reasons: typeof r.reasons) => reasons.map((x) => ({ ...x, mapping: readable(x.mapping) }));
  return { status: 200, body: { roles: r.roles, reasons: named(r.reasons), dropped: named(r.dropped) } };
}

const resolveEnvironmentRoles: Handler = (store, { body }) => resolveReply(store.state, undefined, body);
const resolveOrganizationRoles: Handler = (store, { params, body }) => resolveReply(store.state, organizationOr404(store.state, params.id), body);

export const EFFECTIVE_ROLES_ROUTES: RouteTable = [
  ['POST', '/_dashboard/resolve-roles', resolveEnvironmentRoles],
  ['POST', '/_dashboard/organizations/:id/resolve-roles', resolveOrganizationRoles],
];
