/**
 * Directory Sync reads in the client: the users and groups an identity provider pushed into an
 * organization's directories (`client.directoryUsers`, `client.directoryGroups`), as WorkOS serves
 * them on `/directory_users` and `/directory_groups`. Read-only: the IdP writes them (over SCIM
 * against the local control plane).
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';
import { wireSlimRole } from './role';

export interface DirectoryGroup {
  readonly id: string;
  /** The IdP's id of the group. */
  readonly idpId: string;
  readonly directoryId: string;
  readonly organizationId: string;
  readonly name: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface DirectoryUser {
  readonly id: string;
  readonly idpId: string;
  readonly directoryId: string;
  readonly organizationId: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  /** Only `active` users hold roles (docs/semantics.md, "Directory sync"). */
  readonly state: 'active' | 'suspended' | 'inactive';
  readonly customAttributes: Readonly<Record<string, unknown>>;
  /** The roles WorkOS gives the user from the organization's directory group mappings. */
  readonly roleSlugs: readonly string[];
  /** The user's groups (WorkOS's `DirectoryUserWithGroups`, in lists as in a get). */
  readonly groups: readonly DirectoryGroup[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const wireDirectoryGroup = z.object({
  object: z.literal('directory_group'),
  id: z.string(),
  idp_id: z.string(),
  directory_id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Omit<Wire.DirectoryGroup, 'raw_attributes'>>;

export const wireDirectoryUser = z.object({
  object: z.literal('directory_user'),
  id: z.string(),
  idp_id: z.string(),
  directory_id: z.string(),
  organization_id: z.string(),
  email: z.string().nullable(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  state: z.enum(['active', 'suspended', 'inactive']),
  custom_attributes: z.record(z.string(), z.unknown()),
  role: wireSlimRole.optional(),
  roles: z.array(wireSlimRole).optional(),
  groups: z.array(wireDirectoryGroup),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Omit<Wire.DirectoryUserWithGroups, 'raw_attributes' | 'groups'> & { groups: Array<Omit<Wire.DirectoryGroup, 'raw_attributes'>> }>;

/** Only what finding an organization's directories needs of WorkOS's directory object. */
const wireDirectoryRef = z.object({ object: z.literal('directory'), id: z.string(), organization_id: z.string() }) satisfies z.ZodType<Pick<Wire.Directory, 'object' | 'id' | 'organization_id'>>;

export function toDirectoryGroup(w: z.infer<typeof wireDirectoryGroup>): DirectoryGroup {
  return { id: w.id, idpId: w.idp_id, directoryId: w.directory_id, organizationId: w.organization_id, name: w.name, createdAt: w.created_at, updatedAt: w.updated_at };
}

export function toDirectoryUser(w: z.infer<typeof wireDirectoryUser>): DirectoryUser {
  return {
    id: w.id,
    idpId: w.idp_id,
    directoryId: w.directory_id,
    organizationId: w.organization_id,
    email: w.email,
    firstName: w.first_name ?? null,
    lastName: w.last_name ?? null,
    state: w.state,
    customAttributes: w.custom_attributes,
    roleSlugs: w.roles?.length ? w.roles.map((r) => r.slug) : w.role ? [w.role.slug] : [],
    groups: w.groups.map(toDirectoryGroup),
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

/** WorkOS lists directory users of one directory or of one group (the spec's `directory`, `group`). */
export type DirectoryUserFilter = { readonly directoryId: string } | { readonly groupId: string };

export class DirectoryUsersApi {
  constructor(private readonly http: HttpTransport) {}

  async get(id: string): Promise<DirectoryUser> {
    return toDirectoryUser(await this.http.call('GET', path`/directory_users/${id}`, { schema: wireDirectoryUser }));
  }

  async *list(filter: DirectoryUserFilter): AsyncIterable<DirectoryUser> {
    const query = 'directoryId' in filter ? { directory: filter.directoryId } : { group: filter.groupId };
    for await (const u of paginate(this.http, '/directory_users', pageOf(wireDirectoryUser), query)) yield toDirectoryUser(u);
  }
}

/**
 * Directory groups of one directory, of one directory user (the spec's `directory`, `user`), or
 * of every directory of an organization: the spec has no organization filter on
 * `/directory_groups`, so that one lists the organization's directories (`/directories?organization_id`)
 * and then each one's groups.
 */
export type DirectoryGroupFilter = { readonly directoryId: string } | { readonly userId: string } | { readonly organizationId: string };

export class DirectoryGroupsApi {
  constructor(private readonly http: HttpTransport) {}

  async get(id: string): Promise<DirectoryGroup> {
    return toDirectoryGroup(await this.http.call('GET', path`/directory_groups/${id}`, { schema: wireDirectoryGroup }));
  }

  async *list(filter: DirectoryGroupFilter): AsyncIterable<DirectoryGroup> {
    if ('organizationId' in filter) {
      for (const directoryId of await this.directoriesOf(filter.organizationId)) yield* this.list({ directoryId });
      return;
    }
    const query = 'directoryId' in filter ? { directory: filter.directoryId } : { user: filter.userId };
    for await (const g of paginate(this.http, '/directory_groups', pageOf(wireDirectoryGroup), query)) yield toDirectoryGroup(g);
  }

  /** The ids of the organization's directories (an organization without any: none). */
  async directoriesOf(organizationId: string): Promise<string[]> {
    const ids: string[] = [];
    for await (const d of paginate(this.http, '/directories', pageOf(wireDirectoryRef), { organization_id: organizationId })) ids.push(d.id);
    return ids;
  }
}
