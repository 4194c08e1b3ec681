/**
 * Resources: WorkOS's `/authorization/resources…` and
 * `/authorization/organizations/{organization_id}/resources/{type}/{external_id}` (workos_resource).
 */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { description, displayName, externalId, resourceTypeSlug } from '../../slug';
import { commitCreate, HttpError, invalid, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { subtree, type MembershipRecord, type ResourceRecord, type ResourceTypeRecord, type State } from '../model';
import { resourceToWire } from '../wire';
import { changed } from './bodies';
import { organizationOr404 } from './organization';
import { typeOr404 } from './resource-type';

/** The spec's oneOf: parent by id, or by type + external id (in the same organization). */
const parentRef = {
  parent_resource_id: z.string().min(1).nullable().optional(),
  parent_resource_external_id: externalId.optional(),
  parent_resource_type_slug: resourceTypeSlug.optional(),
};
const createResourceBody = z.object({
  organization_id: z.string().min(1),
  resource_type_slug: resourceTypeSlug,
  external_id: externalId,
  name: displayName,
  description: description.nullable().optional(),
  ...parentRef,
}) satisfies z.ZodType<Wire.CreateAuthorizationResourceDto>;
const updateResourceBody = z.object({ name: displayName.optional(), description: description.nullable().optional(), ...parentRef }) satisfies z.ZodType<Wire.UpdateAuthorizationResourceDto>;

function resourceOr404(state: State, id: string): ResourceRecord {
  const r = state.resources.get(id);
  if (!r) throw notFound('Resource', id);
  return r;
}

function byExternalId(state: State, organizationId: string, typeSlug: string, external: string): ResourceRecord | undefined {
  for (const r of state.resources.values()) if (r.organizationId === organizationId && r.resourceTypeSlug === typeSlug && r.externalId === external) return r;
  return undefined;
}

/** undefined: not given; null: the organization root. */
function resolveParent(state: State, organizationId: string, input: { parent_resource_id?: string | null; parent_resource_external_id?: string; parent_resource_type_slug?: string }): ResourceRecord | null | undefined {
  const byRef = input.parent_resource_external_id !== undefined || input.parent_resource_type_slug !== undefined;
  if (input.parent_resource_id !== undefined && byRef) {
    throw invalid('parent_resource_id', 'conflict', 'give parent_resource_id or parent_resource_type_slug + parent_resource_external_id, not both.');
  }
  if (byRef) {
    if (input.parent_resource_external_id === undefined || input.parent_resource_type_slug === undefined) {
      throw invalid(input.parent_resource_type_slug === undefined ? 'parent_resource_type_slug' : 'parent_resource_external_id', 'required', 'parent_resource_type_slug and parent_resource_external_id go together.');
    }
    const p = byExternalId(state, organizationId, input.parent_resource_type_slug, input.parent_resource_external_id);
    if (!p) throw invalid('parent_resource_external_id', 'not_found', `no ${input.parent_resource_type_slug} '${input.parent_resource_external_id}' in organization '${organizationId}'.`);
    return p;
  }
  if (input.parent_resource_id === undefined) return undefined;
  if (input.parent_resource_id === null) return null;
  const p = state.resources.get(input.parent_resource_id);
  if (!p) throw invalid('parent_resource_id', 'not_found', `parent resource '${input.parent_resource_id}' does not exist.`);
  return p;
}

function checkParent(type: ResourceTypeRecord, organizationId: string, parent: ResourceRecord | null, self?: ResourceRecord, state?: State): void {
  if (!parent) return;
  if (parent.organizationId !== organizationId) {
    throw invalid('parent_resource_id', 'invalid', `parent resource '${parent.id}' belongs to organization '${parent.organizationId}', not '${organizationId}'.`);
  }
  if (!type.parentTypes.includes(parent.resourceTypeSlug)) {
    const allowed = type.parentTypes.length ? type.parentTypes.map((s) => `'${s}'`).join(', ') : 'none (only the organization root)';
    throw invalid('parent_resource_id', 'invalid', `a ${type.slug} cannot sit under a ${parent.resourceTypeSlug}: its allowed parent types are ${allowed}.`);
  }
  if (self && state && subtree(state, self.id).has(parent.id)) {
    throw invalid('parent_resource_id', 'cycle', `resource '${parent.id}' is '${self.id}' itself or one of its descendants.`);
  }
}

const listResources: Handler = (store, { query }) => {
  const f = (k: string) => query.get(k) ?? undefined;
  const [org, type, ext, parent, search] = [f('organization_id'), f('resource_type_slug'), f('resource_external_id'), f('parent_resource_id'), f('search')?.toLowerCase()];
  const items = [...store.state.resources.values()].filter(
    (r) =>
      (!org || r.organizationId === org) &&
      (!type || r.resourceTypeSlug === type) &&
      (!ext || r.externalId === ext) &&
      (!parent || r.parentResourceId === parent) &&
      (!search || r.name.toLowerCase().includes(search)),
  );
  const page = paginate(items, query);
  return { status: 200, body: listBody({ ...page, data: page.data.map(resourceToWire) }) satisfies Wire.AuthorizationResourceList };
};

const createResource: Handler = (store, { body, idempotency }) => {
  const state = store.state;
  const input = parseBody(createResourceBody, body);
  const org = organizationOr404(state, input.organization_id);
  const type = state.resourceTypes.get(input.resource_type_slug);
  if (!type) throw invalid('resource_type_slug', 'not_found', `resource_type_slug '${input.resource_type_slug}' does not exist.`);
  const parent = resolveParent(state, org.id, input) ?? null;
  checkParent(type, org.id, parent);
  if (byExternalId(state, org.id, type.slug, input.external_id)) {
    throw new HttpError(409, 'authorization_resource_external_id_conflict', `Organization '${org.id}' already has a ${type.slug} with external_id '${input.external_id}'.`);
  }
  const at = now();
  const resource: ResourceRecord = {
    id: newId('authz_resource'),
    organizationId: org.id,
    resourceTypeSlug: type.slug,
    externalId: input.external_id,
    name: input.name,
    description: input.description ?? null,
    parentResourceId: parent?.id ?? null,
    createdAt: at,
    updatedAt: at,
  };
  return commitCreate(store, idempotency, { type: 'resource.created', resource }, resourceToWire(resource));
};

function updateResource(store: Parameters<Handler>[0], r: ResourceRecord, body: unknown) {
  const state = store.state;
  const input = parseBody(updateResourceBody, body);
  const parent = resolveParent(state, r.organizationId, input);
  if (parent !== undefined) checkParent(typeOr404(state, r.resourceTypeSlug), r.organizationId, parent, r, state);
  const parentResourceId = parent !== undefined && (parent?.id ?? null) !== r.parentResourceId ? (parent?.id ?? null) : undefined;
  const name = changed(input.name, r.name);
  const desc = changed(input.description, r.description);
  if (name !== undefined || desc !== undefined || parentResourceId !== undefined) {
    store.commit({ type: 'resource.updated', id: r.id, name, description: desc, parentResourceId, at: now() });
  }
  return { status: 200, body: resourceToWire(r) };
}

/** 409 `resource_has_dependents` while it has children or assignments, unless `cascade_delete=true`. */
function deleteResource(store: Parameters<Handler>[0], r: ResourceRecord, query: URLSearchParams) {
  const state = store.state;
  const cascade = query.get('cascade_delete') === 'true';
  if (!cascade) {
    const children = [...state.resources.values()].filter((x) => x.parentResourceId === r.id).length;
    const assignments = [...state.roleAssignments.values()].filter((a) => a.resourceId === r.id).length;
    if (children || assignments) {
      throw new HttpError(
        409,
        'resource_has_dependents',
        `Resource '${r.id}' has ${children} child resource(s) and ${assignments} role assignment(s); delete them first or pass cascade_delete=true.`,
      );
    }
  }
  store.commit({ type: 'resource.deleted', id: r.id, at: now() });
  return { status: 204 };
}

function resourceByExternalIdOr404(state: State, params: Record<string, string>): ResourceRecord {
  organizationOr404(state, params.organization_id);
  const r = byExternalId(state, params.organization_id, params.resource_type_slug, params.external_id);
  if (!r) throw notFound('Resource', `${params.resource_type_slug}/${params.external_id}`);
  return r;
}

const getResource: Handler = (store, { params }) => ({ status: 200, body: resourceToWire(resourceOr404(store.state, params.resource_id)) });
const patchResource: Handler = (store, { params, body }) => updateResource(store, resourceOr404(store.state, params.resource_id), body);
const removeResource: Handler = (store, { params, query }) => deleteResource(store, resourceOr404(store.state, params.resource_id), query);
const getResourceByExternalId: Handler = (store, { params }) => ({ status: 200, body: resourceToWire(resourceByExternalIdOr404(store.state, params)) });
const patchResourceByExternalId: Handler = (store, { params, body }) => updateResource(store, resourceByExternalIdOr404(store.state, params), body);
const removeResourceByExternalId: Handler = (store, { params, query }) => deleteResource(store, resourceByExternalIdOr404(store.state, params), query);

/** How a role assignment or an access check names its resource: by id, or by type + external id. */
export const resourceRef = { resource_id: z.string().min(1).optional(), resource_type_slug: resourceTypeSlug.optional(), resource_external_id: externalId.optional() };

/** The resource a request names, by id or type + external id, within the membership's organization. */
export function targetResource(state: State, m: MembershipRecord, input: { resource_id?: string; resource_type_slug?: string; resource_external_id?: string }): ResourceRecord {
  const byRef = input.resource_type_slug !== undefined || input.resource_external_id !== undefined;
  if (input.resource_id !== undefined && byRef) throw invalid('resource_id', 'conflict', 'give resource_id or resource_type_slug + resource_external_id, not both.');
  if (input.resource_id !== undefined) {
    const r = state.resources.get(input.resource_id);
    if (!r || r.organizationId !== m.organizationId) throw notFound('Resource', input.resource_id);
    return r;
  }
  if (input.resource_type_slug === undefined || input.resource_external_id === undefined) {
    throw invalid(input.resource_type_slug === undefined ? 'resource_type_slug' : 'resource_external_id', 'required', 'name the resource by resource_id, or by resource_type_slug and resource_external_id.');
  }
  const r = byExternalId(state, m.organizationId, input.resource_type_slug, input.resource_external_id);
  if (!r) throw notFound('Resource', `${input.resource_type_slug}/${input.resource_external_id}`);
  return r;
}

export const RESOURCE_ROUTES: RouteTable = [
  ['GET', '/authorization/resources', listResources],
  ['POST', '/authorization/resources', createResource],
  ['GET', '/authorization/resources/:resource_id', getResource],
  ['PATCH', '/authorization/resources/:resource_id', patchResource],
  ['DELETE', '/authorization/resources/:resource_id', removeResource],
  ['GET', '/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id', getResourceByExternalId],
  ['PATCH', '/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id', patchResourceByExternalId],
  ['DELETE', '/authorization/organizations/:organization_id/resources/:resource_type_slug/:external_id', removeResourceByExternalId],
];
