/** Organizations: WorkOS's `/organizations…` (workos_organization). */
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { commitCreate, HttpError, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import type { OrganizationRecord, State } from '../model';
import { organizationToWire } from '../wire';
import { changed } from './bodies';

const organizationName = z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters');
const organizationExternalId = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');
const createOrganizationBody = z.object({ name: organizationName, external_id: organizationExternalId.nullable().optional() }) satisfies z.ZodType<Wire.OrganizationDto>;
const updateOrganizationBody = z.object({ name: organizationName.optional(), external_id: organizationExternalId.nullable().optional() }) satisfies z.ZodType<Wire.UpdateOrganizationDto>;

export function organizationOr404(state: State, id: string): OrganizationRecord {
  const o = state.organizations.get(id);
  if (!o) throw notFound('Organization', id);
  return o;
}

function externalIdConflict(state: State, externalId: string | null | undefined, except?: string): void {
  if (!externalId) return;
  for (const o of state.organizations.values()) {
    if (o.externalId === externalId && o.id !== except) {
      throw new HttpError(409, 'external_id_conflict', `An organization with external_id '${externalId}' already exists.`);
    }
  }
}

const listOrganizations: Handler = (store, { query }) => {
  const page = paginate([...store.state.organizations.values()], query);
  return { status: 200, body: listBody({ ...page, data: page.data.map(organizationToWire) }) satisfies Wire.OrganizationList };
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
  const name = changed(input.name, o.name);
  const externalId = changed(input.external_id, o.externalId);
  if (name !== undefined || externalId !== undefined) store.commit({ type: 'organization.updated', id: o.id, name, externalId, at: now() });
  return { status: 200, body: organizationToWire(o) };
};

/** Takes the organization's memberships, roles, mappings and resources with it. */
const deleteOrganization: Handler = (store, { params }) => {
  const o = organizationOr404(store.state, params.id);
  store.commit({ type: 'organization.deleted', id: o.id, at: now() });
  return { status: 202 };
};

export const ORGANIZATION_ROUTES: RouteTable = [
  ['GET', '/organizations', listOrganizations],
  ['POST', '/organizations', createOrganization],
  ['GET', '/organizations/:id', getOrganization],
  ['PUT', '/organizations/:id', updateOrganization],
  ['DELETE', '/organizations/:id', deleteOrganization],
];
