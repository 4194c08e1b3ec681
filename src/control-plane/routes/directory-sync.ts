/**
 * What directory sync and SSO produce, read the way WorkOS serves it: `/directory_users` and
 * `/directory_groups` (with `role`/`roles` from the directory group mappings), and `/events`
 * (who got which role, when and why); plus the sign-in an IdP would deliver
 * (`/_dashboard/sso/sign-in`), which applies SSO group mappings to the membership at that moment.
 */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { directoryUserRoles, groupsOf } from '../directory-sync';
import { HttpError, invalid, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import type { DirectoryGroupRecord, DirectoryUserRecord, State } from '../model';
import { directoryGroupToWire, directoryUserToWire, eventToWire, membershipToWire } from '../wire';
import { organizationOr404 } from './organization';

function directoryUserOr404(state: State, id: string): DirectoryUserRecord {
  const du = state.directoryUsers.get(id);
  if (!du) throw notFound('Directory user', id);
  return du;
}

function directoryGroupOr404(state: State, id: string): DirectoryGroupRecord {
  const g = state.directoryGroups.get(id);
  if (!g) throw notFound('Directory group', id);
  return g;
}

/** WorkOS's `DirectoryUserWithGroups`, in lists as in a get. */
const userWithGroups = (state: State, du: DirectoryUserRecord) => ({
  ...directoryUserToWire(state, du, directoryUserRoles(state, du)),
  groups: groupsOf(state, du.id).map((g) => directoryGroupToWire(state, g)),
});

/** WorkOS requires one of `directory` or `group`. */
const listDirectoryUsers: Handler = (store, { query }) => {
  const state = store.state;
  const directory = query.get('directory');
  const group = query.get('group');
  if (!directory && !group) throw invalid('directory', 'required', 'give directory or group.');
  const members = group ? new Set(directoryGroupOr404(state, group).memberIds) : undefined;
  const items = [...state.directoryUsers.values()].filter((du) => (!directory || du.directoryId === directory) && (!members || members.has(du.id)));
  const page = paginate(items, query);
  return { status: 200, body: listBody({ ...page, data: page.data.map((du) => userWithGroups(state, du)) }) satisfies Wire.DirectoryUserList };
};

const getDirectoryUser: Handler = (store, { params }) => {
  const state = store.state;
  const du = directoryUserOr404(state, params.id);
  return { status: 200, body: userWithGroups(state, du) };
};

/** One of `directory`, `organization` or `user`. */
const listDirectoryGroups: Handler = (store, { query }) => {
  const state = store.state;
  const directory = query.get('directory');
  const organization = query.get('organization') ?? query.get('organization_id');
  const user = query.get('user');
  if (!directory && !organization && !user) throw invalid('directory', 'required', 'give directory, organization or user.');
  const items = [...state.directoryGroups.values()].filter(
    (g) =>
      (!directory || g.directoryId === directory) &&
      (!organization || state.directories.get(g.directoryId)?.organizationId === organization) &&
      (!user || g.memberIds.includes(user)),
  );
  const page = paginate(items, query);
  return { status: 200, body: listBody({ ...page, data: page.data.map((g) => directoryGroupToWire(state, g)) }) satisfies Wire.DirectoryGroupList };
};

const getDirectoryGroup: Handler = (store, { params }) => ({ status: 200, body: directoryGroupToWire(store.state, directoryGroupOr404(store.state, params.id)) });

/** WorkOS's filters: `events` (comma-separated types), `organization_id`, `range_start`, `range_end`. */
const listEvents: Handler = (store, { query }) => {
  const types = query.get('events')?.split(',').filter(Boolean);
  const organizationId = query.get('organization_id');
  const range = (name: 'range_start' | 'range_end') => {
    const text = query.get(name);
    if (text === null) return undefined;
    const t = Date.parse(text);
    if (Number.isNaN(t)) throw invalid(name, 'invalid', `${name} must be an ISO-8601 date, not ${JSON.stringify(text)}.`);
    return t;
  };
  const start = range('range_start');
  const end = range('range_end');
  const items = store.state.events.filter((e) => {
    const t = Date.parse(e.createdAt);
    return (!types || types.includes(e.event)) && (!organizationId || e.organizationId === organizationId) && (start === undefined || t >= start) && (end === undefined || t <= end);
  });
  const page = paginate(items, query);
  return { status: 200, body: listBody({ ...page, data: page.data.map(eventToWire) }) };
};

/** An SSO profile as WorkOS hands it to the application (`groups`, `custom_attributes`, `raw_attributes`). */
const signInBody = z.object({
  organization_id: z.string().min(1),
  connection_id: z.string().min(1).nullable().optional(),
  email: z.email({ error: 'must be an email address' }),
  first_name: z.string().max(256).nullable().optional(),
  last_name: z.string().max(256).nullable().optional(),
  idp_id: z.string().optional(),
  groups: z.array(z.string().min(1, 'must not be empty')).optional(),
  custom_attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])).optional(),
});

/**
 * Signs a user in as the IdP's SSO profile says: JIT-provisions the user and the membership and
 * applies the organization's SSO group (and attribute) mappings now. Directory-sourced roles take
 * precedence. Answers the membership, with `role_sources` saying where each role came from.
 */
const signIn: Handler = (store, { body }) => {
  const input = parseBody(signInBody, body);
  const org = organizationOr404(store.state, input.organization_id);
  const at = now();
  store.commit({
    type: 'sso.signed_in',
    organizationId: org.id,
    email: input.email,
    firstName: input.first_name ?? null,
    lastName: input.last_name ?? null,
    profile: { groups: input.groups ?? [], attributes: input.custom_attributes ?? {}, connectionId: input.connection_id ?? null, at },
    provision: { userId: newId('user'), membershipId: newId('om') },
    at,
  });
  const email = input.email.toLowerCase();
  const user = [...store.state.users.values()].find((u) => u.email.toLowerCase() === email);
  const m = user && [...store.state.memberships.values()].find((x) => x.userId === user.id && x.organizationId === org.id);
  if (!m) throw new HttpError(500, 'internal_error', 'The sign-in did not provision a membership.');
  return { status: 200, body: { object: 'sso_sign_in', organization_membership: membershipToWire(store.state, m) } };
};

export const DIRECTORY_SYNC_ROUTES: RouteTable = [
  ['GET', '/directory_users', listDirectoryUsers],
  ['GET', '/directory_users/:id', getDirectoryUser],
  ['GET', '/directory_groups', listDirectoryGroups],
  ['GET', '/directory_groups/:id', getDirectoryGroup],
  ['GET', '/events', listEvents],
  ['POST', '/_dashboard/sso/sign-in', signIn],
];
