/** Users: WorkOS's `/user_management/users…` (workos_user). */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { commitCreate, HttpError, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import type { State, UserRecord } from '../model';
import { userToWire } from '../wire';
import { changed } from './bodies';

const personName = z.string().max(256, 'must be at most 256 characters');
const createUserBody = z.object({ email: z.email({ error: 'must be an email address' }), first_name: personName.nullable().optional(), last_name: personName.nullable().optional() }) satisfies z.ZodType<Wire.CreateUserlandUserDto>;
/** Not held to the spec's update body: ours also takes null to clear a name, which the spec's does not list. */
const updateUserBody = z.object({ email: z.email({ error: 'must be an email address' }).optional(), first_name: personName.nullable().optional(), last_name: personName.nullable().optional() });

export function userOr404(state: State, id: string): UserRecord {
  const u = state.users.get(id);
  if (!u) throw notFound('User', id);
  return u;
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
  return { status: 200, body: listBody({ ...page, data: page.data.map(userToWire) }) satisfies Wire.UserlandUserList };
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

export const USER_ROUTES: RouteTable = [
  ['GET', '/user_management/users', listUsers],
  ['POST', '/user_management/users', createUser],
  ['GET', '/user_management/users/:id', getUser],
  ['PUT', '/user_management/users/:id', updateUser],
  ['DELETE', '/user_management/users/:id', deleteUser],
];
