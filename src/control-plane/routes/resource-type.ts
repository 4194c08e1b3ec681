/** Resource types: their hierarchy (workos_resource_type). Dashboard-only in WorkOS (`/_dashboard/resource-types`). */
import { z } from 'zod';
import { displayName, resourceTypeSlug } from '../../slug';
import { commitCreate, HttpError, invalid, notFound, now, parseBody, type Handler, type RouteTable } from '../http';
import type { ResourceTypeRecord, State } from '../model';
import { resourceTypeToWire } from '../wire';
import { changed } from './bodies';

const createTypeBody = z.object({ slug: resourceTypeSlug, name: displayName, parent_types: z.array(resourceTypeSlug).optional() });
const updateTypeBody = z.object({ name: displayName.optional(), parent_types: z.array(resourceTypeSlug).optional() });

export function typeOr404(state: State, slug: string): ResourceTypeRecord {
  const t = state.resourceTypes.get(slug);
  if (!t) throw notFound('Resource type', slug);
  return t;
}

/** Parent types must exist, and the hierarchy must stay a DAG once `slug` has these parents. */
function checkParentTypes(state: State, slug: string, parentTypes: readonly string[]): string[] {
  const unknown = parentTypes.filter((p) => p !== slug && !state.resourceTypes.has(p));
  if (unknown.length) throw invalid('parent_types', 'not_found', `parent_types ${unknown.map((s) => `'${s}'`).join(', ')} ${unknown.length === 1 ? 'does' : 'do'} not exist.`);
  const parentsOf = (t: string) => (t === slug ? parentTypes : (state.resourceTypes.get(t)?.parentTypes ?? []));
  // Walk up from each parent; reaching `slug` again is a cycle. Report the path.
  const walk = (t: string, path: string[]): string[] | undefined => {
    if (t === slug) return [...path, t];
    if (path.includes(t)) return undefined;
    for (const p of parentsOf(t)) {
      const found = walk(p, [...path, t]);
      if (found) return found;
    }
    return undefined;
  };
  for (const p of parentTypes) {
    const cycle = walk(p, [slug]);
    if (cycle) throw invalid('parent_types', 'cycle', `parent_types would make a cycle: ${cycle.join(' → ')} (each type sits under the next).`);
  }
  return [...new Set(parentTypes)];
}

const listTypes: Handler = (store) => ({ status: 200, body: { object: 'list', data: [...store.state.resourceTypes.values()].map(resourceTypeToWire) } });

const createType: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createTypeBody, body);
  if (store.state.resourceTypes.has(input.slug)) throw new HttpError(409, 'resource_type_slug_conflict', `A resource type with slug '${input.slug}' already exists.`);
  const parentTypes = checkParentTypes(store.state, input.slug, input.parent_types ?? []);
  const at = now();
  const resourceType: ResourceTypeRecord = { slug: input.slug, name: input.name, parentTypes, createdAt: at, updatedAt: at };
  return commitCreate(store, idempotency, { type: 'resource_type.created', resourceType }, resourceTypeToWire(resourceType));
};

const getType: Handler = (store, { params }) => ({ status: 200, body: resourceTypeToWire(typeOr404(store.state, params.slug)) });

const updateType: Handler = (store, { params, body }) => {
  const t = typeOr404(store.state, params.slug);
  const input = parseBody(updateTypeBody, body);
  const parentTypes = input.parent_types === undefined ? undefined : checkParentTypes(store.state, t.slug, input.parent_types);
  const parentsChanged = parentTypes !== undefined && (parentTypes.length !== t.parentTypes.length || parentTypes.some((p) => !t.parentTypes.includes(p)));
  const name = changed(input.name, t.name);
  if (parentsChanged || name !== undefined) store.commit({ type: 'resource_type.updated', slug: t.slug, name, parentTypes: parentsChanged ? parentTypes : undefined, at: now() });
  return { status: 200, body: resourceTypeToWire(t) };
};

const deleteType: Handler = (store, { params }) => {
  const t = typeOr404(store.state, params.slug);
  const children = [...store.state.resourceTypes.values()].filter((x) => x.parentTypes.includes(t.slug)).map((x) => x.slug);
  if (children.length) throw new HttpError(409, 'resource_type_in_use', `Resource type '${t.slug}' is a parent type of ${children.map((s) => `'${s}'`).join(', ')}.`);
  const used = [...store.state.resources.values()].filter((r) => r.resourceTypeSlug === t.slug).length;
  if (used) throw new HttpError(409, 'resource_type_has_resources', `Resource type '${t.slug}' still has ${used} resource(s).`);
  store.commit({ type: 'resource_type.deleted', slug: t.slug, at: now() });
  return { status: 204 };
};

export const RESOURCE_TYPE_ROUTES: RouteTable = [
  ['GET', '/_dashboard/resource-types', listTypes],
  ['POST', '/_dashboard/resource-types', createType],
  ['GET', '/_dashboard/resource-types/:slug', getType],
  ['PATCH', '/_dashboard/resource-types/:slug', updateType],
  ['DELETE', '/_dashboard/resource-types/:slug', deleteType],
];
