/**
 * The SCIM 2.0 service provider of each directory (RFC 7643/7644), under the directory's base
 * path (wire.ts `scimPath`): Users, Groups and the discovery endpoints. The server has already
 * checked the directory's bearer token (scim/auth.ts) and writes errors as SCIM errors. Every
 * change is one committed event (`directory_user.put|deleted`, `directory_group.put|deleted`);
 * the reducers then provision users and re-resolve roles (directory-sync.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Handler, Reply, RequestContext, RouteTable } from '../http';
import { now } from '../http';
import { newId } from '../ids';
import type { DirectoryGroupRecord, DirectoryRecord, DirectoryUserRecord, State } from '../model';
import type { Store } from '../store';
import { scimPath } from '../wire';
import type { ScimObject } from '../scim/attributes';
import { MAX_RESULTS, resourceTypes, schemas, serviceProviderConfig } from '../scim/discovery';
import { invalidFilter, invalidValue, SCIM_CONTENT_TYPE, ScimError, scimNotFound, URN } from '../scim/errors';
import { filterPaths, matchesFilter, parseFilter } from '../scim/filter';
import { applyPatch } from '../scim/patch';
import { groupFromScim, groupToScim, project, userFromScim, userToScim } from '../scim/resources';

const BASE = '/directories/:id/scim/v2';

/** Attributes a filter may name (besides an extension's, `urn:…:attr`). */
const FILTERABLE = {
  User: ['id', 'externalId', 'userName', 'name', 'displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'active', 'emails', 'phoneNumbers', 'groups', 'meta'],
  Group: ['id', 'externalId', 'displayName', 'members', 'meta'],
} as const;

const reply = (status: number, body?: unknown, headers: Record<string, string> = {}): Reply => ({ status, body, headers: body === undefined ? headers : { 'content-type': SCIM_CONTENT_TYPE, ...headers } });

interface Scope {
  readonly state: State;
  readonly directory: DirectoryRecord;
  /** The directory's absolute SCIM base URL. */
  readonly base: string;
}

function scope(store: Store, ctx: RequestContext): Scope {
  const directory = store.state.directories.get(ctx.params.id);
  if (!directory) throw scimNotFound(`Directory '${ctx.params.id}' not found.`);
  return { state: store.state, directory, base: `${ctx.origin ?? ''}${scimPath(directory.id)}` };
}

function userOr404(s: Scope, id: string): DirectoryUserRecord {
  const du = s.state.directoryUsers.get(id);
  if (!du || du.directoryId !== s.directory.id) throw scimNotFound(`User '${id}' not found.`);
  return du;
}

function groupOr404(s: Scope, id: string): DirectoryGroupRecord {
  const g = s.state.directoryGroups.get(id);
  if (!g || g.directoryId !== s.directory.id) throw scimNotFound(`Group '${id}' not found.`);
  return g;
}

/** `filter`, then `startIndex` (1-based) and `count` (RFC 7644 §3.4.2), then `attributes`/`excludedAttributes`. */
function listResponse(kind: keyof typeof FILTERABLE, resources: ScimObject[], query: URLSearchParams): Reply {
  const filterText = query.get('filter');
  let matching = resources;
  if (filterText !== null) {
    const filter = parseFilter(filterText);
    for (const path of filterPaths(filter)) {
      const known = /^urn:/i.test(path[0]) || FILTERABLE[kind].some((a) => a.toLowerCase() === path[0].toLowerCase());
      if (!known) throw invalidFilter(`The filter ${JSON.stringify(filterText)} is not supported: ${path[0]} is not an attribute of ${kind}.`);
    }
    matching = resources.filter((r) => matchesFilter(filter, r));
  }
  const integer = (name: string, fallback: number) => {
    const text = query.get(name);
    if (text === null) return fallback;
    if (!/^-?\d+$/.test(text)) throw invalidValue(`${name} must be an integer, not ${JSON.stringify(text)}.`);
    return Number(text);
  };
  const startIndex = Math.max(1, integer('startIndex', 1));
  const count = Math.min(MAX_RESULTS, Math.max(0, integer('count', MAX_RESULTS)));
  const page = matching.slice(startIndex - 1, startIndex - 1 + count).map((r) => project(r, query));
  return reply(200, { schemas: [URN.listResponse], totalResults: matching.length, startIndex, itemsPerPage: page.length, Resources: page });
}

/** userName is unique in its directory, compared case-insensitively (RFC 7643 §4.1.1). */
function checkUserNameFree(s: Scope, record: DirectoryUserRecord): void {
  const name = record.userName.toLowerCase();
  for (const du of s.state.directoryUsers.values()) {
    if (du.directoryId === s.directory.id && du.id !== record.id && du.userName.toLowerCase() === name) {
      throw new ScimError(409, 'uniqueness', `userName '${record.userName}' is already taken in this directory (User '${du.id}').`);
    }
  }
}

/** Whether a record differs from what is stored, its timestamp aside. */
const differs = <T extends { updatedAt: string }>(before: T | undefined, after: T) => !before || !isDeepStrictEqual({ ...before, updatedAt: '' }, { ...after, updatedAt: '' });

function putUser(store: Store, s: Scope, record: DirectoryUserRecord, before: DirectoryUserRecord | undefined): void {
  checkUserNameFree(s, record);
  if (differs(before, record)) store.commit({ type: 'directory_user.put', user: record, provision: { userId: newId('user'), membershipId: newId('om') }, at: record.updatedAt });
}

function putGroup(store: Store, group: DirectoryGroupRecord, before: DirectoryGroupRecord | undefined): void {
  if (differs(before, group)) store.commit({ type: 'directory_group.put', group, at: group.updatedAt });
}

const userAnswer = (s: Scope, id: string, query: URLSearchParams) => project(userToScim(s.state, userOr404(s, id), s.base), query);
const groupAnswer = (s: Scope, id: string, query: URLSearchParams) => project(groupToScim(s.state, groupOr404(s, id), s.base), query);

/** The resource as a PATCH sees it: what it holds, without `meta` (and a user's `groups`, which are set through Groups). */
function patchable(resource: ScimObject): ScimObject {
  const { meta: _meta, groups: _groups, ...rest } = resource;
  return rest;
}

const listUsers: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const users = [...s.state.directoryUsers.values()].filter((du) => du.directoryId === s.directory.id);
  return listResponse('User', users.map((du) => userToScim(s.state, du, s.base)), ctx.query);
};

const createUser: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const record = userFromScim(ctx.body, { directoryId: s.directory.id, id: newId('directory_user'), existing: undefined, at: now() });
  putUser(store, s, record, undefined);
  return reply(201, userAnswer(s, record.id, ctx.query), { location: `${s.base}/Users/${record.id}` });
};

const getUser: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  return reply(200, userAnswer(s, ctx.params.resource, ctx.query));
};

const replaceUser: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const before = userOr404(s, ctx.params.resource);
  putUser(store, s, userFromScim(ctx.body, { directoryId: s.directory.id, id: before.id, existing: before, at: now() }), before);
  return reply(200, userAnswer(s, before.id, ctx.query));
};

const patchUser: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const before = userOr404(s, ctx.params.resource);
  const patched = applyPatch(patchable(userToScim(s.state, before, s.base)), ctx.body, ['meta', 'groups']);
  putUser(store, s, userFromScim(patched, { directoryId: s.directory.id, id: before.id, existing: before, at: now() }), before);
  return reply(200, userAnswer(s, before.id, ctx.query));
};

const deleteUser: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  store.commit({ type: 'directory_user.deleted', id: userOr404(s, ctx.params.resource).id, at: now() });
  return reply(204);
};

const listGroups: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const groups = [...s.state.directoryGroups.values()].filter((g) => g.directoryId === s.directory.id);
  return listResponse('Group', groups.map((g) => groupToScim(s.state, g, s.base)), ctx.query);
};

const createGroup: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const group = groupFromScim(s.state, ctx.body, { directoryId: s.directory.id, id: newId('directory_group'), existing: undefined, at: now() });
  putGroup(store, group, undefined);
  return reply(201, groupAnswer(s, group.id, ctx.query), { location: `${s.base}/Groups/${group.id}` });
};

const getGroup: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  return reply(200, groupAnswer(s, ctx.params.resource, ctx.query));
};

const replaceGroup: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const before = groupOr404(s, ctx.params.resource);
  putGroup(store, groupFromScim(s.state, ctx.body, { directoryId: s.directory.id, id: before.id, existing: before, at: now() }), before);
  return reply(200, groupAnswer(s, before.id, ctx.query));
};

const patchGroup: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  const before = groupOr404(s, ctx.params.resource);
  const patched = applyPatch(patchable(groupToScim(s.state, before, s.base)), ctx.body, ['meta']);
  putGroup(store, groupFromScim(s.state, patched, { directoryId: s.directory.id, id: before.id, existing: before, at: now() }), before);
  return reply(200, groupAnswer(s, before.id, ctx.query));
};

const deleteGroup: Handler = (store, ctx) => {
  const s = scope(store, ctx);
  store.commit({ type: 'directory_group.deleted', id: groupOr404(s, ctx.params.resource).id, at: now() });
  return reply(204);
};

/** A discovery listing, or one of its entries by id (`/ResourceTypes/User`, `/Schemas/urn:…`). */
const discovery =
  (entries: (base: string) => Array<{ id: string }>): Handler =>
  (store, ctx) => {
    const all = entries(scope(store, ctx).base);
    if (ctx.params.entry === undefined) return reply(200, { schemas: [URN.listResponse], totalResults: all.length, startIndex: 1, itemsPerPage: all.length, Resources: all });
    const entry = all.find((e) => e.id === ctx.params.entry);
    if (!entry) throw scimNotFound(`'${ctx.params.entry}' not found.`);
    return reply(200, entry);
  };

export const SCIM_ROUTES: RouteTable = [
  ['GET', `${BASE}/Users`, listUsers],
  ['POST', `${BASE}/Users`, createUser],
  ['GET', `${BASE}/Users/:resource`, getUser],
  ['PUT', `${BASE}/Users/:resource`, replaceUser],
  ['PATCH', `${BASE}/Users/:resource`, patchUser],
  ['DELETE', `${BASE}/Users/:resource`, deleteUser],
  ['GET', `${BASE}/Groups`, listGroups],
  ['POST', `${BASE}/Groups`, createGroup],
  ['GET', `${BASE}/Groups/:resource`, getGroup],
  ['PUT', `${BASE}/Groups/:resource`, replaceGroup],
  ['PATCH', `${BASE}/Groups/:resource`, patchGroup],
  ['DELETE', `${BASE}/Groups/:resource`, deleteGroup],
  ['GET', `${BASE}/ServiceProviderConfig`, (store, ctx) => reply(200, serviceProviderConfig(scope(store, ctx).base))],
  ['GET', `${BASE}/ResourceTypes`, discovery(resourceTypes)],
  ['GET', `${BASE}/ResourceTypes/:entry`, discovery(resourceTypes)],
  ['GET', `${BASE}/Schemas`, discovery(schemas)],
  ['GET', `${BASE}/Schemas/:entry`, discovery(schemas)],
];
