/**
 * Role policy: priority order, default role and multiple-roles mode of the environment or of
 * one organization (workos_role_policy). Dashboard-only in WorkOS (`/_dashboard/…role-policy`).
 */
import { z } from 'zod';
import { headFirst } from '../../role-policy';
import { roleSlug } from '../../slug';
import { HttpError, invalid, now, parseBody, type Handler, type RouteTable } from '../http';
import { effectivePolicy, findScopeRole, type OrganizationRecord, type State } from '../model';
import { rolePolicyToWire } from '../wire';
import { changed, sameList } from './bodies';
import { organizationOr404 } from './organization';

const updatePolicyBody = z.object({
  priority: z.array(roleSlug).optional(),
  default_role: roleSlug.optional(),
  multiple_roles: z.boolean().optional(),
});

function policyReply(state: State, org: OrganizationRecord | undefined) {
  return { status: 200, body: rolePolicyToWire(org?.id ?? null, effectivePolicy(state, org), org !== undefined && org.policy === null) };
}

const getEnvironmentPolicy: Handler = (store) => policyReply(store.state, undefined);
const getOrganizationPolicy: Handler = (store, { params }) => policyReply(store.state, organizationOr404(store.state, params.id));

function updatePolicy(store: Parameters<Handler>[0], org: OrganizationRecord | undefined, body: unknown) {
  const state = store.state;
  const input = parseBody(updatePolicyBody, body);
  if (org && !org.policy) {
    throw new HttpError(
      409,
      'organization_has_no_custom_roles',
      `Organization '${org.id}' has no custom roles, so the environment's role policy applies to it; create an organization role first, or change the environment's policy.`,
    );
  }
  const current = effectivePolicy(state, org);
  const inScope = (slug: string) => findScopeRole(state, org, slug) !== undefined;
  let priority: string[] | undefined;
  if (input.priority !== undefined) {
    const unknown = input.priority.map((s, i) => ({ s, i })).filter(({ s }) => !inScope(s));
    if (unknown.length) {
      throw new HttpError(
        422,
        'invalid_request_parameters',
        `Validation failed: priority names unknown role(s) ${unknown.map(({ s }) => `'${s}'`).join(', ')}.`,
        unknown.map(({ i }) => ({ field: `priority[${i}]`, code: 'not_found' })),
      );
    }
    if (new Set(input.priority).size !== input.priority.length) throw invalid('priority', 'duplicate', 'priority lists a role twice.');
    const next = headFirst(input.priority, current.priority);
    if (!sameList(next, current.priority)) priority = next;
  }
  if (input.default_role !== undefined && !inScope(input.default_role)) {
    throw invalid('default_role', 'not_found', `default_role '${input.default_role}' is not a role of ${org ? `the environment or organization '${org.id}'` : 'the environment'}.`);
  }
  const defaultRoleSlug = changed(input.default_role, current.defaultRoleSlug);
  const multipleRoles = changed(input.multiple_roles, current.multipleRoles);
  if (priority || defaultRoleSlug !== undefined || multipleRoles !== undefined) {
    store.commit({ type: 'policy.updated', organizationId: org?.id ?? null, priority, defaultRoleSlug, multipleRoles, at: now() });
  }
  return policyReply(state, org);
}

const updateEnvironmentPolicy: Handler = (store, { body }) => updatePolicy(store, undefined, body);
const updateOrganizationPolicy: Handler = (store, { params, body }) => updatePolicy(store, organizationOr404(store.state, params.id), body);

export const ROLE_POLICY_ROUTES: RouteTable = [
  ['GET', '/_dashboard/role-policy', getEnvironmentPolicy],
  ['PATCH', '/_dashboard/role-policy', updateEnvironmentPolicy],
  ['GET', '/_dashboard/organizations/:id/role-policy', getOrganizationPolicy],
  ['PATCH', '/_dashboard/organizations/:id/role-policy', updateOrganizationPolicy],
];
