/**
 * Directory users and groups for tests of what reads them (the client's Directory Sync reads,
 * `impact --enrich`, the `workos_effective_roles` preview of a directory user), without an IdP.
 *
 * The users and groups go in as the events the SCIM endpoints commit (`directory_user.put`,
 * `directory_group.put`, src/control-plane/events.ts), through a `Store` opened on the control
 * plane's data directory, so the reducers provision users and memberships and apply the role
 * mappings exactly as they do live. A data directory has one holder at a time, so
 * `reopenWithDirectory` closes the control plane, commits the events and starts it again on the
 * same directory and port (the clients and terraform workspaces pointed at it keep working).
 *
 * Typical use: start a control plane, create the organization, mappings and the directory
 * (`createDirectory`, the dashboard route), then `reopenWithDirectory` with the people and groups.
 * Before any control plane starts, `seedOrganizationDirectory` commits all of it at once.
 */
import { request } from 'undici';
import { startControlPlane, type ControlPlane } from '../../src/control-plane';
import { newId } from '../../src/control-plane/ids';
import type { DirectoryGroupRecord, DirectoryUserRecord } from '../../src/control-plane/model';
import { Store } from '../../src/control-plane/store';

export interface SeedUser {
  readonly email: string;
  readonly active?: boolean;
  readonly customAttributes?: Record<string, string | string[]>;
}

export interface SeedGroup {
  readonly name: string;
  /** The IdP's id of the group (SCIM `externalId`). */
  readonly idpId?: string;
  /** Emails of the seeded users who are members. */
  readonly members: readonly string[];
}

export interface Seeded {
  /** Directory user id by email. */
  readonly users: ReadonlyMap<string, string>;
  /** Directory group id by name. */
  readonly groups: ReadonlyMap<string, string>;
}

/** Creates a directory through the dashboard route (`POST /_dashboard/directories`); answers its id. */
export async function createDirectory(url: string, apiKey: string, organizationId: string, name: string): Promise<string> {
  const res = await request(`${url}/_dashboard/directories`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ organization_id: organizationId, name }),
  });
  const body = (await res.body.json()) as { id?: string };
  if (res.statusCode !== 201 || !body.id) throw new Error(`creating the directory answered ${res.statusCode}: ${JSON.stringify(body)}`);
  return body.id;
}

/**
 * An organization with one directory holding the users and groups, committed before any control
 * plane opens `dataDir` (the organization and directory as their routes commit them).
 */
export function seedOrganizationDirectory(dataDir: string, organizationName: string, seed: { users: readonly SeedUser[]; groups: readonly SeedGroup[] }): Seeded & { organizationId: string; directoryId: string } {
  const at = new Date().toISOString();
  const organizationId = newId('org');
  const directoryId = newId('directory');
  const store = Store.open(dataDir);
  try {
    store.commit({ type: 'organization.created', organization: { id: organizationId, name: organizationName, externalId: null, roles: [], policy: null, createdAt: at, updatedAt: at } });
    store.commit({ type: 'directory.created', directory: { id: directoryId, organizationId, name: `${organizationName} Okta`, type: 'okta scim v2.0', token: 'seeded-token', createdAt: at, updatedAt: at } });
  } finally {
    store.close();
  }
  return { ...seedDirectory(dataDir, directoryId, seed), organizationId, directoryId };
}

/** Commits the users, then the groups, into the directory; no control plane may hold `dataDir`. */
export function seedDirectory(dataDir: string, directoryId: string, seed: { users: readonly SeedUser[]; groups: readonly SeedGroup[] }): Seeded {
  const store = Store.open(dataDir);
  try {
    const at = new Date().toISOString();
    const users = new Map<string, string>();
    for (const u of seed.users) {
      const [local] = u.email.split('@');
      const user: DirectoryUserRecord = {
        id: newId('directory_user'),
        directoryId,
        idpId: `idp-${local}`,
        userName: u.email,
        email: u.email,
        firstName: local ?? null,
        lastName: null,
        active: u.active ?? true,
        customAttributes: u.customAttributes ?? {},
        scim: { userName: u.email, active: u.active ?? true },
        userId: null,
        createdAt: at,
        updatedAt: at,
      };
      store.commit({ type: 'directory_user.put', user, provision: { userId: newId('user'), membershipId: newId('om') }, at });
      users.set(u.email, user.id);
    }
    const groups = new Map<string, string>();
    for (const g of seed.groups) {
      const memberIds = g.members.map((email) => {
        const id = users.get(email);
        if (!id) throw new Error(`group ${g.name}: ${email} is not a seeded user`);
        return id;
      });
      const group: DirectoryGroupRecord = { id: newId('directory_group'), directoryId, idpId: g.idpId ?? null, displayName: g.name, memberIds, scim: { displayName: g.name }, createdAt: at, updatedAt: at };
      store.commit({ type: 'directory_group.put', group, at });
      groups.set(g.name, group.id);
    }
    return { users, groups };
  } finally {
    store.close();
  }
}

/** Closes the control plane, seeds the directory, and starts a control plane on the same data directory and port. */
export async function reopenWithDirectory(
  plane: ControlPlane,
  options: { dataDir: string; apiKey: string },
  directoryId: string,
  seed: { users: readonly SeedUser[]; groups: readonly SeedGroup[] },
): Promise<{ plane: ControlPlane; seeded: Seeded }> {
  await plane.close();
  const seeded = seedDirectory(options.dataDir, directoryId, seed);
  const reopened = await startControlPlane({ port: plane.port, dataDir: options.dataDir, apiKey: options.apiKey, log: () => {} });
  return { plane: reopened, seeded };
}
