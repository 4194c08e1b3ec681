/**
 * Directories (workos_directory): WorkOS's `/directories…` reads and delete, plus what its
 * dashboard does: create one for an organization, rename it, and show the SCIM endpoint and
 * bearer token an IdP admin pastes into Okta or Entra ID (`/_dashboard/directories…`).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type * as Wire from '../../client/generated/workos-api';
import { commitCreate, listBody, notFound, now, paginate, parseBody, type Handler, type RouteTable } from '../http';
import { newId } from '../ids';
import { DEFAULT_DIRECTORY_TYPE, SCIM_DIRECTORY_TYPES as SCIM_TYPES, directoryName, directoryType } from '../../slug';
import type { DirectoryRecord, State } from '../model';
import { directorySetupToWire, directoryToWire } from '../wire';
import { changed } from './bodies';
import { organizationOr404 } from './organization';

/** The directory types this control plane serves (src/slug.ts); each is one of WorkOS's. */
export const SCIM_DIRECTORY_TYPES = SCIM_TYPES satisfies ReadonlyArray<Wire.Directory['type']>;

const createDirectoryBody = z.object({
  organization_id: z.string().min(1),
  name: directoryName,
  type: directoryType.optional(),
});
const updateDirectoryBody = z.object({ name: directoryName.optional() });

export function directoryOr404(state: State, id: string): DirectoryRecord {
  const d = state.directories.get(id);
  if (!d) throw notFound('Directory', id);
  return d;
}

const listDirectories: Handler = (store, { query }) => {
  const organizationId = query.get('organization_id');
  const search = query.get('search')?.toLowerCase();
  const items = [...store.state.directories.values()].filter((d) => (!organizationId || d.organizationId === organizationId) && (!search || d.name.toLowerCase().includes(search)));
  const page = paginate(items, query);
  return { status: 200, body: listBody({ ...page, data: page.data.map((d) => directoryToWire(store.state, d)) }) satisfies Wire.DirectoryList };
};

const createDirectory: Handler = (store, { body, idempotency }) => {
  const input = parseBody(createDirectoryBody, body);
  organizationOr404(store.state, input.organization_id);
  const at = now();
  const directory: DirectoryRecord = {
    id: newId('directory'),
    organizationId: input.organization_id,
    name: input.name,
    type: input.type ?? DEFAULT_DIRECTORY_TYPE,
    token: randomBytes(24).toString('base64url'),
    createdAt: at,
    updatedAt: at,
  };
  return commitCreate(store, idempotency, { type: 'directory.created', directory }, directorySetupToWire(store.state, directory));
};

const getDirectory: Handler = (store, { params }) => ({ status: 200, body: directoryToWire(store.state, directoryOr404(store.state, params.id)) });

/** The dashboard's view: also the SCIM path and the bearer token. */
const getDirectorySetup: Handler = (store, { params }) => ({ status: 200, body: directorySetupToWire(store.state, directoryOr404(store.state, params.id)) });

const updateDirectory: Handler = (store, { params, body }) => {
  const d = directoryOr404(store.state, params.id);
  const input = parseBody(updateDirectoryBody, body);
  const name = changed(input.name, d.name);
  if (name !== undefined) store.commit({ type: 'directory.updated', id: d.id, name, at: now() });
  return { status: 200, body: directorySetupToWire(store.state, d) };
};

/** Takes its users and groups with it (events.ts: the memberships they provisioned lose those roles). */
const deleteDirectory: Handler = (store, { params }) => {
  const d = directoryOr404(store.state, params.id);
  store.commit({ type: 'directory.deleted', id: d.id, at: now() });
  return { status: 202 };
};

export const DIRECTORY_ROUTES: RouteTable = [
  ['GET', '/directories', listDirectories],
  ['GET', '/directories/:id', getDirectory],
  ['DELETE', '/directories/:id', deleteDirectory],
  ['POST', '/_dashboard/directories', createDirectory],
  ['GET', '/_dashboard/directories/:id', getDirectorySetup],
  ['PATCH', '/_dashboard/directories/:id', updateDirectory],
];
