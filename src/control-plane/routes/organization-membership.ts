/** Organization memberships: WorkOS's `/user_management/organization_memberships…` (workos_organization_membership). */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { roleSlug } from '../../slug';
import { commitCreate, HttpError, invalid, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { effectivePolicy, findScopeRole, type MembershipRecord, type OrganizationRecord, type State } from '../model';
import { membershipToWire } from '../wire';
import { sameList } from './bodies';
import { organizationOr404 } from './organization';
import { userOr404 } from './user';

/** The spec's oneOf: `role_slug` or `role_slugs`, not both. */
const membershipRoles = z.object({ role_slug: roleSlug.optional(), role_slugs: z.array(roleSlug).min(1, 'must name at least one role').optional() }) satisfies z.ZodType<Wire.UpdateUserlandUserOrganizationMembershipDto>;
const createMembershipBody = membershipRoles.extend({ user_id: z.string().min(1), organization_id: z.string().min(1) }) satisfies z.ZodType<Wire.CreateUserlandUserOrganizationMembershipDto>;

export function membershipOr404(state: State, id: string): MembershipRecord {
  const m = state.memberships.get(id);
  if (!m) throw notFound('Organization membership', id);
  return m;
}

/**
 * The roles a membership ends up with: each must be an environment role or the organization's
 * own; several only in the scope's multiple-roles mode; none given means the default role.
 */
function membershipRoleSlugs(state: State, org: OrganizationRecord, input: z.infer<typeof membershipRoles>): string[] {
  if (input.role_slug !== undefined && input.role_slugs !== undefined) {
    throw invalid('role_slugs', 'conflict', 'give role_slug or role_slugs, not both.');
  }
  const policy = effectivePolicy(state, org);
  if (input.role_slug === undefined && input.role_slugs === undefined) return [policy.defaultRoleSlug];
  const field = input.role_slug !== undefined ? 'role_slug' : 'role_slugs';
  const slugs = [...new Set(input.role_slugs ?? [input.role_slug!])];
  const unknown = slugs.filter((s) => !findScopeRole(state, org, s));
  if (unknown.length) {
    throw invalid(field, 'not_found', `${field} ${unknown.map((s) => `'${s}'`).join(', ')} ${unknown.length === 1 ? 'is not a role' : 'are not roles'} of the environment or of organization '${org.id}'.`);
  }
  if (slugs.length > 1 && !policy.multipleRoles) {
    throw invalid(field, 'multiple_roles_disabled', `${field} names ${slugs.length} roles, but multiple-roles mode is off for ${org.policy ? `organization '${org.id}'` : 'the environment'}: give one role.`);
  }
  // Highest priority first, so `role` (the first) is the one that counts when the mode is off.
  const rank = new Map(policy.priority.map((s, i) => [s, i]));
  return slugs.sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
}

const listMemberships: Handler = (store, { query }) => {
  const organizationId = query.get('organization_id');
  const userId = query.get('user_id');
  const items = [...store.state.memberships.values()].filter((m) => (!organizationId || m.organizationId === organizationId) && (!userId || m.userId === userId));
  const page = paginate(items, query);
  return { status: 200, body: listBody({ ...page, data: page.data.map((m) => membershipToWire(store.state, m)) }) };
};

const createMembership: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createMembershipBody, body);
  const org = organizationOr404(store.state, input.organization_id);
  userOr404(store.state, input.user_id);
  const roleSlugs = membershipRoleSlugs(store.state, org, input);
  for (const m of store.state.memberships.values()) {
    if (m.organizationId === org.id && m.userId === input.user_id) {
      throw new HttpError(409, 'organization_membership_already_exists', `User '${input.user_id}' is already a member of organization '${org.id}' ('${m.id}').`);
    }
  }
  const at = now();
  const membership: MembershipRecord = { id: newId('om'), organizationId: org.id, userId: input.user_id, roleSlugs, createdAt: at, updatedAt: at };
  // The answer embeds the user: build it as it will read once the membership exists.
  return commitCreate(store, idempotency, { type: 'membership.created', membership }, membershipToWire(store.state, membership));
};

const getMembership: Handler = (store, { params }) => ({ status: 200, body: membershipToWire(store.state, membershipOr404(store.state, params.id)) });

const updateMembership: Handler = (store, { params, body }) => {
  const m = membershipOr404(store.state, params.id);
  const input = parseBody(membershipRoles, body);
  if (input.role_slug === undefined && input.role_slugs === undefined) throw invalid('role_slug', 'required', 'role_slug or role_slugs is required.');
  const roleSlugs = membershipRoleSlugs(store.state, organizationOr404(store.state, m.organizationId), input);
  if (!sameList(roleSlugs, m.roleSlugs)) store.commit({ type: 'membership.roles_set', id: m.id, roleSlugs, at: now() });
  return { status: 200, body: membershipToWire(store.state, m) };
};

const deleteMembership: Handler = (store, { params }) => {
  const m = membershipOr404(store.state, params.id);
  store.commit({ type: 'membership.deleted', id: m.id, at: now() });
  return { status: 200 };
};

export const ORGANIZATION_MEMBERSHIP_ROUTES: RouteTable = [
  ['GET', '/user_management/organization_memberships', listMemberships],
  ['POST', '/user_management/organization_memberships', createMembership],
  ['GET', '/user_management/organization_memberships/:id', getMembership],
  ['PUT', '/user_management/organization_memberships/:id', updateMembership],
  ['DELETE', '/user_management/organization_memberships/:id', deleteMembership],
];
