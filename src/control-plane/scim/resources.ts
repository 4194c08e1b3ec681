/**
 * SCIM Users and Groups (RFC 7643 §4) ↔ the control plane's directory records. What an IdP
 * sends is kept as it sent it (`scim`, minus what the server owns: `id`, `meta`, a user's
 * `groups`, a group's `members`, and any `password`); the fields the rest of the control plane
 * reads (userName, names, email, active, the attributes attribute mappings match on, members)
 * are taken out of it here, and checked.
 */
import { groupsOf } from '../directory-sync';
import type { DirectoryGroupRecord, DirectoryUserRecord, State } from '../model';
import { attributeSegments, isObject, keyOf, valueOf, type ScimObject } from './attributes';
import { invalidSyntax, invalidValue, URN } from './errors';

/**
 * The attributes attribute mappings can match (README, "Directory sync (SCIM) in the local
 * control plane"): these of the enterprise extension, these top-level ones, and every string
 * attribute of any other extension schema (`urn:…:acme:2.0:User` `myRole`).
 */
const ENTERPRISE_ATTRIBUTES = ['department', 'costCenter', 'division', 'organization', 'employeeNumber'] as const;
const TOP_LEVEL_ATTRIBUTES = ['title', 'userType'] as const;

/** Where the record is written and what it replaces. */
export interface Target<T> {
  readonly directoryId: string;
  readonly id: string;
  readonly existing: T | undefined;
  readonly at: string;
}

/** The body as an object, without the keys named (compared case-insensitively). */
function withoutKeys(body: ScimObject, names: readonly string[]): ScimObject {
  const lower = names.map((n) => n.toLowerCase());
  return Object.fromEntries(Object.entries(structuredClone(body)).filter(([k]) => !lower.includes(k.toLowerCase())));
}

function resourceBody(input: unknown, kind: 'User' | 'Group'): ScimObject {
  if (!isObject(input)) throw invalidSyntax(`The request body must be a SCIM ${kind} (a JSON object).`);
  const schemas = valueOf(input, 'schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.every((s) => typeof s === 'string'))) throw invalidValue('schemas must be an array of schema URNs.');
  return input;
}

/** A string attribute; errors name it by `label` (its path, e.g. `name.givenName`). */
function text(body: ScimObject, name: string, { required = false, label = name } = {}): string | null {
  const v = valueOf(body, name);
  if (v === undefined || v === null) {
    if (required) throw invalidValue(`${label} is required.`);
    return null;
  }
  if (typeof v !== 'string' || (required && v.trim() === '')) throw invalidValue(`${label} must be ${required ? 'a non-empty string' : 'a string'}, not ${JSON.stringify(v)}.`);
  return v;
}

/** `true`/`false`, or the strings "True"/"False" as Entra ID sends them in a PATCH. Absent: active. */
function activeOf(body: ScimObject): boolean {
  const v = valueOf(body, 'active');
  if (v === undefined || v === null) return true;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw invalidValue(`active must be true or false, not ${JSON.stringify(v)}.`);
}

interface Email {
  value: string;
  type?: string;
  primary?: boolean;
}

function emailsOf(body: ScimObject): Email[] {
  const v = valueOf(body, 'emails');
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidValue('emails must be an array of {value, type, primary}.');
  return v.map((e, i) => {
    const value = isObject(e) ? valueOf(e, 'value') : undefined;
    if (typeof value !== 'string') throw invalidValue(`emails[${i}].value must be a string.`);
    const primary = isObject(e) ? valueOf(e, 'primary') : undefined;
    const type = isObject(e) ? valueOf(e, 'type') : undefined;
    return { value, type: typeof type === 'string' ? type : undefined, primary: primary === true || (typeof primary === 'string' && primary.toLowerCase() === 'true') };
  });
}

/** The primary email, else the work one, else the first; else the userName if it is an address (Entra ID's UPN). */
function emailOf(emails: Email[], userName: string): string | null {
  const chosen = emails.find((e) => e.primary) ?? emails.find((e) => e.type === 'work') ?? emails[0];
  return chosen?.value ?? (/^[^@\s]+@[^@\s]+$/.test(userName) ? userName : null);
}

function customAttributesOf(body: ScimObject): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const take = (from: ScimObject, name: string) => {
    const v = valueOf(from, name);
    if (typeof v === 'string' || typeof v === 'number') out[name] = String(v);
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[name] = [...v];
  };
  for (const name of TOP_LEVEL_ATTRIBUTES) take(body, name);
  for (const [key, value] of Object.entries(body)) {
    if (!/^urn:/i.test(key) || !isObject(value)) continue;
    const names = key.toLowerCase() === URN.enterpriseUser.toLowerCase() ? ENTERPRISE_ATTRIBUTES : Object.keys(value);
    for (const name of names) take(value, name);
  }
  return out;
}

/** A SCIM User as a directory user record; a 400 naming the attribute when it is not one. */
export function userFromScim(input: unknown, target: Target<DirectoryUserRecord>): DirectoryUserRecord {
  const body = resourceBody(input, 'User');
  const userName = text(body, 'userName', { required: true })!;
  const externalId = text(body, 'externalId');
  const name = valueOf(body, 'name');
  if (name !== undefined && name !== null && !isObject(name)) throw invalidValue('name must be an object ({givenName, familyName}).');
  const givenName = isObject(name) ? text(name, 'givenName', { label: 'name.givenName' }) : null;
  const familyName = isObject(name) ? text(name, 'familyName', { label: 'name.familyName' }) : null;
  text(body, 'displayName');
  const active = activeOf(body);
  const scim = withoutKeys(body, ['id', 'meta', 'groups', 'password', 'active']);
  scim.active = active;
  return {
    id: target.id,
    directoryId: target.directoryId,
    idpId: externalId,
    userName,
    email: emailOf(emailsOf(body), userName),
    firstName: givenName,
    lastName: familyName,
    active,
    customAttributes: customAttributesOf(body),
    scim,
    userId: target.existing?.userId ?? null,
    createdAt: target.existing?.createdAt ?? target.at,
    updatedAt: target.at,
  };
}

/** A SCIM Group as a directory group record. Members must be users of the same directory. */
export function groupFromScim(state: State, input: unknown, target: Target<DirectoryGroupRecord>): DirectoryGroupRecord {
  const body = resourceBody(input, 'Group');
  const displayName = text(body, 'displayName', { required: true })!;
  const externalId = text(body, 'externalId');
  const members = valueOf(body, 'members') ?? [];
  if (!Array.isArray(members)) throw invalidValue('members must be an array of {value}.');
  const memberIds: string[] = [];
  members.forEach((m, i) => {
    const value = isObject(m) ? valueOf(m, 'value') : undefined;
    if (typeof value !== 'string') throw invalidValue(`members[${i}].value must be the id of a User.`);
    if (state.directoryUsers.get(value)?.directoryId !== target.directoryId) throw invalidValue(`members[${i}].value '${value}' is not a User of this directory.`);
    if (!memberIds.includes(value)) memberIds.push(value);
  });
  return {
    id: target.id,
    directoryId: target.directoryId,
    idpId: externalId,
    displayName,
    memberIds,
    scim: withoutKeys(body, ['id', 'meta', 'members']),
    createdAt: target.existing?.createdAt ?? target.at,
    updatedAt: target.at,
  };
}

/** The core schema and every extension the resource holds. */
function schemasOf(core: string, scim: ScimObject): string[] {
  const stored = (valueOf(scim, 'schemas') as string[] | undefined) ?? [];
  const extensions = Object.keys(scim).filter((k) => /^urn:/i.test(k) && isObject(scim[k]));
  return [...new Set([core, ...stored, ...extensions])];
}

const meta = (resourceType: 'User' | 'Group', r: { createdAt: string; updatedAt: string }, location: string) => ({
  resourceType,
  created: r.createdAt,
  lastModified: r.updatedAt,
  location,
});

/** `base` is the directory's absolute SCIM base URL (`http://127.0.0.1:PORT/directories/…/scim/v2`). */
export function userToScim(state: State, du: DirectoryUserRecord, base: string): ScimObject {
  const rest = withoutKeys(du.scim, ['schemas']);
  return {
    schemas: schemasOf(URN.user, du.scim),
    id: du.id,
    ...rest,
    groups: groupsOf(state, du.id).map((g) => ({ value: g.id, display: g.displayName, $ref: `${base}/Groups/${g.id}` })),
    meta: meta('User', du, `${base}/Users/${du.id}`),
  };
}

export function groupToScim(state: State, g: DirectoryGroupRecord, base: string): ScimObject {
  const rest = withoutKeys(g.scim, ['schemas']);
  const members = g.memberIds.map((id) => {
    const du = state.directoryUsers.get(id);
    return { value: id, display: (du?.scim.displayName as string | undefined) ?? du?.userName ?? id, type: 'User', $ref: `${base}/Users/${id}` };
  });
  return { schemas: schemasOf(URN.group, g.scim), id: g.id, ...rest, members, meta: meta('Group', g, `${base}/Groups/${g.id}`) };
}

/**
 * `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5): comma-separated attribute paths;
 * `schemas` and `id` are always returned.
 */
export function project(resource: ScimObject, query: URLSearchParams): ScimObject {
  const list = (name: string) => query.get(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const paths = (names: string[] | undefined) => names?.map((n) => attributeSegments(n) ?? [n]);
  const only = paths(list('attributes'));
  const excluded = paths(list('excludedAttributes'));
  if (only) {
    const out: ScimObject = { schemas: resource.schemas, id: resource.id };
    for (const [head, sub] of only) {
      const key = keyOf(resource, head);
      if (key === undefined) continue;
      const value = resource[key];
      if (sub === undefined || !isObject(value)) out[key] = value;
      else if (keyOf(value, sub) !== undefined) out[key] = { ...(out[key] as ScimObject | undefined), [keyOf(value, sub)!]: value[keyOf(value, sub)!] };
    }
    return out;
  }
  if (!excluded) return resource;
  const out = structuredClone(resource);
  for (const [head, sub] of excluded) {
    const key = keyOf(out, head);
    if (key === undefined || key === 'id' || key === 'schemas') continue;
    const value = out[key];
    if (sub === undefined) delete out[key];
    else if (isObject(value) && keyOf(value, sub) !== undefined) delete value[keyOf(value, sub)!];
  }
  return out;
}
