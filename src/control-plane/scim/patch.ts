/**
 * SCIM PATCH (RFC 7644 §3.5.2) on a resource's JSON, as Okta and Entra ID send it: ops in any
 * case (`Add`, `Replace`), no-path operations whose value holds attributes or attribute paths
 * (`{"active": false}`, `{"name.givenName": "…"}`), value filters (`members[value eq "…"]`,
 * `emails[type eq "work"].value`), and Entra ID's `remove` of `members` with a value list. The
 * operations apply to a copy, so a failing one leaves the resource as it was; the caller then
 * checks the result as it checks a PUT.
 */
import { isObject, isSchemaUrn, keyOf, valueOf, type ScimObject } from './attributes';
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget, URN } from './errors';
import { matchesFilter, parsePatchPath, type Filter, type PatchPath } from './filter';

type Op = 'add' | 'remove' | 'replace';

/** `readOnly`: top-level attributes a PATCH may not touch besides `id` (which it may only restate). */
export function applyPatch(resource: ScimObject, body: unknown, readOnly: readonly string[]): ScimObject {
  if (!isObject(body)) throw invalidSyntax('The request body must be a PatchOp message (a JSON object with "Operations").');
  const schemas = valueOf(body, 'schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(URN.patchOp))) throw invalidSyntax(`schemas must be ["${URN.patchOp}"].`);
  const operations = valueOf(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) throw invalidSyntax('Operations must be a non-empty array.');
  const doc = structuredClone(resource);
  operations.forEach((raw, i) => {
    const at = `Operations[${i}]`;
    if (!isObject(raw)) throw invalidSyntax(`${at} must be an object ({op, path, value}).`);
    const opText = valueOf(raw, 'op');
    const op = typeof opText === 'string' ? opText.toLowerCase() : '';
    if (op !== 'add' && op !== 'remove' && op !== 'replace') throw invalidSyntax(`${at}.op must be add, remove or replace, not ${JSON.stringify(opText)}.`);
    const pathText = valueOf(raw, 'path');
    const value = valueOf(raw, 'value');
    if (pathText !== undefined && (typeof pathText !== 'string' || pathText.trim() === '')) throw invalidPath(`${at}.path must be a non-empty string.`);
    if (pathText !== undefined) return applyAt(doc, op, parsePatchPath(pathText), value, readOnly, at);
    if (op === 'remove') throw noTarget(`${at}: remove needs a path.`);
    if (!isObject(value)) throw invalidValue(`${at}.value must be an object of attributes when there is no path.`);
    for (const [key, v] of Object.entries(value)) {
      if (isSchemaUrn(key) && isObject(v)) for (const [sub, sv] of Object.entries(v)) applyAt(doc, op, { segments: [key, sub] }, sv, readOnly, at);
      else applyAt(doc, op, parsePatchPath(key), v, readOnly, at);
    }
  });
  return doc;
}

function applyAt(doc: ScimObject, op: Op, path: PatchPath, value: unknown, readOnly: readonly string[], at: string): void {
  const where = `${at} (${path.segments.join('.')})`;
  if (op !== 'remove' && value === undefined) throw invalidValue(`${where}: value is required for ${op}.`);
  const head = path.segments[0].toLowerCase();
  if (head === 'id') {
    // Okta restates the id in a no-path replace ({"id": …, "displayName": …}); changing it is refused.
    if (op !== 'remove' && value === doc.id) return;
    throw mutability(`${where}: id is read-only.`);
  }
  if (readOnly.some((a) => a.toLowerCase() === head)) throw mutability(`${where}: ${path.segments[0]} is read-only.`);

  let parent = doc;
  for (const segment of path.segments.slice(0, -1)) {
    const key = keyOf(parent, segment) ?? segment;
    if (parent[key] === undefined || parent[key] === null) {
      if (op === 'remove') {
        if (path.filter) throw noTarget(`${where}: there is no ${segment}.`);
        return;
      }
      parent[key] = {};
    }
    const next = parent[key];
    if (!isObject(next)) throw invalidPath(`${where}: ${segment} is not a complex attribute.`);
    parent = next;
  }
  const last = path.segments[path.segments.length - 1];
  const key = keyOf(parent, last) ?? last;
  if (path.filter) return applyFiltered(parent, key, op, path as PatchPath & { filter: Filter }, value, where);

  const existing = parent[key];
  if (op === 'remove') {
    // Entra ID removes members by listing them in `value` (path "members").
    if (value !== undefined && Array.isArray(existing)) parent[key] = existing.filter((e) => !asArray(value).some((v) => sameValue(e, v)));
    else delete parent[key];
  } else if (op === 'add' && (Array.isArray(existing) || Array.isArray(value))) {
    const merged = Array.isArray(existing) ? [...existing] : existing === undefined || existing === null ? [] : [existing];
    for (const v of asArray(value)) if (!merged.some((e) => sameValue(e, v))) merged.push(v);
    parent[key] = merged;
  } else if (isObject(existing) && isObject(value)) {
    // A complex attribute: the given sub-attributes are set, the others kept (RFC 7644 §3.5.2.1, §3.5.2.3).
    for (const [k, v] of Object.entries(value)) existing[keyOf(existing, k) ?? k] = v;
  } else parent[key] = value;
}

/** `attr[filter]` and `attr[filter].sub`: the values of a multi-valued attribute that match. */
function applyFiltered(parent: ScimObject, key: string, op: Op, path: PatchPath & { filter: Filter }, value: unknown, where: string): void {
  const current = parent[key] ?? [];
  if (!Array.isArray(current)) throw invalidPath(`${where}: ${key} is not multi-valued, so it takes no filter.`);
  let matched = current.filter((e) => matchesFilter(path.filter, e, path.segments));
  if (op === 'remove') {
    if (matched.length === 0) throw noTarget(`${where}: no value of ${key} matches the filter.`);
    if (path.sub) for (const e of matched) delete (e as ScimObject)[keyOf(e as ScimObject, path.sub) ?? path.sub];
    else parent[key] = current.filter((e) => !matched.includes(e));
    return;
  }
  if (matched.length === 0) {
    // `emails[type eq "work"].value` on a user without a work email: add one (what IdPs mean by it).
    const seed = seedOf(path.filter);
    if (!seed) throw noTarget(`${where}: no value of ${key} matches the filter.`);
    current.push(seed);
    parent[key] = current;
    matched = [seed];
  }
  for (const e of matched) {
    if (!isObject(e)) throw invalidPath(`${where}: the values of ${key} are not complex.`);
    if (path.sub) e[keyOf(e, path.sub) ?? path.sub] = value;
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) e[keyOf(e, k) ?? k] = v;
    else throw invalidValue(`${where}: value must be an object of ${key}'s sub-attributes.`);
  }
}

/** The value a simple `sub eq "x"` filter describes. */
function seedOf(f: Filter): ScimObject | undefined {
  return f.kind === 'compare' && f.op === 'eq' && f.path.length === 1 && f.value !== null ? { [f.path[0]]: f.value } : undefined;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Values of a multi-valued attribute are the same when their `value`s are (members by id), else when equal. */
function sameValue(a: unknown, b: unknown): boolean {
  const av = isObject(a) ? valueOf(a, 'value') : undefined;
  const bv = isObject(b) ? valueOf(b, 'value') : undefined;
  if (av !== undefined && bv !== undefined) return av === bv;
  return JSON.stringify(a) === JSON.stringify(b);
}
