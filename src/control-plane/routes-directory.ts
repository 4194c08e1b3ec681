/**
 * Organizations, users and organization memberships: WorkOS's `/organizations` and
 * `/user_management/…` routes (shapes and status codes from @workos/openapi-spec).
 */
import { z } from 'zod';
import { roleSlug } from '../slug';
import { commitCreate, HttpError, invalid, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from './handler';
import { newId } from './ids';
import {
  effectivePolicy,
  findScopeRole,
  type MembershipRecord,
  type OrganizationRecord,
  type State,
  type UserRecord,
} from './model';
import {
  membershipToWire,
  organizationToWire,
  userToWire,
} from './wire';

const organizationName = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters');
const organizationExternalId = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const createOrganizationBody = z.object({ name: organizationName, external_id: organizationExternalId.nullable().optional() });
const updateOrganizationBody = z.object({ name: organizationName.optional(), external_id: organizationExternalId.nullable().optional() });

const personName = z.string().max(256, 'must be at most 256 characters');
const createUserBody = z.object({ email: z.email({ error: 'must be an email address' }), first_name: personName.nullable().optional(), last_name: personName.nullable().optional() });
const updateUserBody = z.object({ email: z.email({ error: 'must be an email address' }).optional(), first_name: personName.nullable().optional(), last_name: personName.nullable().optional() });

/** The spec's oneOf: `role_slug` or `role_slugs`, not both. */
const membershipRoles = z.object({ role_slug: roleSlug.optional(), role_slugs: z.array(roleSlug).min(1, 'must name at least one role').optional() });
const createMembershipBody = membershipRoles.extend({ user_id: z.string().min(1), organization_id: z.string().min(1) });

export function organizationOr404(state: State, id: string): OrganizationRecord {
  const o = state.organizations.get(id);
  if (!o) throw notFound('Organization', id);
  return o;
}

function userOr404(state: State, id: string): UserRecord {
  const u = state.users.get(id);
  if (!u) throw notFound('User', id);
  return u;
}

export function membershipOr404(state: State, id: string): MembershipRecord {
  const m = state.memberships.get(id);
  if (!m) throw notFound('Organization membership', id);
  return m;
}

function externalIdConflict(state: State, externalId: string | null | undefined, except?: string): void {
  if (!externalId) return;
  for (const o of state.organizations.values()) {
    if (o.externalId === externalId && o.id !== except) {
      throw new HttpError(409, 'external_id_conflict', `An organization with external_id '${externalId}' already exists.`);
    }
  }
}

/** A taken email: 400 on create and update, with the bodies the spec gives each. */
function emailConflict(state: State, email: string | undefined, except?: string): void {
  if (email === undefined) return;
  for (const u of state.users.values()) {
    if (u.email.toLowerCase() === email.toLowerCase() && u.id !== except) {
      const message = `A user with email '${email}' already exists.`;
      // The spec's answers: create → 400 user_creation_error listing the reason; update → 400 email_not_available.
      if (except === undefined) throw new HttpError(400, 'user_creation_error', message, [{ code: 'email_not_available', message }]);
      throw new HttpError(400, 'email_not_available', message);
    }
  }
}

// Organizations.

const listOrganizations: Handler = (store, { query }) => {
  const page = paginate([...store.state.organizations.values()], query);
  return { status: 200, body: listBody({ ...page, data: page.data.map(organizationToWire) }) };
};

const createOrganization: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createOrganizationBody, body);
  externalIdConflict(store.state, input.external_id);
  const at = now();
  const organization: OrganizationRecord = { id: newId('org'), name: input.name, externalId: input.external_id ?? null, roles: [], policy: null, createdAt: at, updatedAt: at };
  return commitCreate(store, idempotency, { type: 'organization.created', organization }, organizationToWire(organization));
};

const getOrganization: Handler = (store, { params }) => ({ status: 200, body: organizationToWire(organizationOr404(store.state, params.id)) });

const updateOrganization: Handler = (store, { params, body }) => {
  const o = organizationOr404(store.state, params.id);
  const input = parseBody(updateOrganizationBody, body);
  externalIdConflict(store.state, input.external_id, o.id);
  const name = input.name !== undefined && input.name !== o.name ? input.name : undefined;
  const externalId = input.external_id !== undefined && input.external_id !== o.externalId ? input.external_id : undefined;
  if (name !== undefined || externalId !== undefined) store.commit({ type: 'organization.updated', id: o.id, name, externalId, at: now() });
  return { status: 200, body: organizationToWire(o) };
};

/** Takes the organization's memberships, roles, mappings and resources with it. */
const deleteOrganization: Handler = (store, { params }) => {
  const o = organizationOr404(store.state, params.id);
  store.commit({ type: 'organization.deleted', id: o.id, at: now() });
  return { status: 202 };
};

// Users.

const listUsers: Handler = (store, { query }) => {
  const email = query.get('email')?.toLowerCase();
  const organizationId = query.get('organization_id') ?? query.get('organization');
  let users = [...store.state.users.values()];
  if (email) users = users.filter((u) => u.email.toLowerCase() === email);
  if (organizationId) {
    const members = new Set([...store.state.memberships.values()].filter((m) => m.organizationId === organizationId).map((m) => m.userId));
    users = users.filter((u) => members.has(u.id));
  }
  const page = paginate(users, query);
  return { status: 200, body: listBody({ ...page, data: page.data.map(userToWire) }) };
};

const createUser: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createUserBody, body);
  emailConflict(store.state, input.email);
  const at = now();
  const user: UserRecord = { id: newId('user'), email: input.email, firstName: input.first_name ?? null, lastName: input.last_name ?? null, createdAt: at, updatedAt: at };
  return commitCreate(store, idempotency, { type: 'user.created', user }, userToWire(user));
};

const getUser: Handler = (store, { params }) => ({ status: 200, body: userToWire(userOr404(store.state, params.id)) });

const updateUser: Handler = (store, { params, body }) => {
  const u = userOr404(store.state, params.id);
  const input = parseBody(updateUserBody, body);
  emailConflict(store.state, input.email, u.id);
  const changed = <T>(v: T | undefined, old: T) => (v !== undefined && v !== old ? v : undefined);
  const email = changed(input.email, u.email);
  const firstName = changed(input.first_name, u.firstName);
  const lastName = changed(input.last_name, u.lastName);
  if (email !== undefined || firstName !== undefined || lastName !== undefined) store.commit({ type: 'user.updated', id: u.id, email, firstName, lastName, at: now() });
  return { status: 200, body: userToWire(u) };
};

/** Takes the user's memberships (and their resource assignments) with it. */
const deleteUser: Handler = (store, { params }) => {
  const u = userOr404(store.state, params.id);
  store.commit({ type: 'user.deleted', id: u.id, at: now() });
  return { status: 200 };
};

// Memberships.

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
  const same = roleSlugs.length === m.roleSlugs.length && roleSlugs.every((s, i) => s === m.roleSlugs[i]);
  if (!same) store.commit({ type: 'membership.roles_set', id: m.id, roleSlugs, at: now() });
  return { status: 200, body: membershipToWire(store.state, m) };
};

const deleteMembership: Handler = (store, { params }) => {
  const m = membershipOr404(store.state, params.id);
  store.commit({ type: 'membership.deleted', id: m.id, at: now() });
  return { status: 200 };
};

export const DIRECTORY_ROUTES: RouteTable = [
  ['GET', '/organizations', listOrganizations],
  ['POST', '/organizations', createOrganization],
  ['GET', '/organizations/:id', getOrganization],
  ['PUT', '/organizations/:id', updateOrganization],
  ['DELETE', '/organizations/:id', deleteOrganization],
  ['GET', '/user_management/users', listUsers],
  ['POST', '/user_management/users', createUser],
  ['GET', '/user_management/users/:id', getUser],
  ['PUT', '/user_management/users/:id', updateUser],
  ['DELETE', '/user_management/users/:id', deleteUser],
  ['GET', '/user_management/organization_memberships', listMemberships],
  ['POST', '/user_management/organization_memberships', createMembership],
  ['GET', '/user_management/organization_memberships/:id', getMembership],
  ['PUT', '/user_management/organization_memberships/:id', updateMembership],
  ['DELETE', '/user_management/organization_memberships/:id', deleteMembership],
];
