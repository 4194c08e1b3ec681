/**
 * Directories (`workos_directory`) in the client: WorkOS's directory (list per organization,
 * get, delete: its public API) and the dashboard's view of one with the SCIM endpoint and
 * bearer token an IdP admin needs (create, get, rename: dashboard-only in WorkOS, so check
 * `capabilities().directories` first).
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';

export interface Directory {
  readonly id: string;
  readonly organizationId: string;
  readonly name: string;
  /** WorkOS's directory type (`okta scim v2.0`, `gsuite directory`, …). */
  readonly type: Wire.Directory['type'];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The dashboard's view: also where the IdP pushes to and the token it authenticates with. */
export interface DirectorySetup extends Directory {
  /** The SCIM 2.0 base URL: this client's base URL and the directory's SCIM path. */
  readonly scimEndpoint: string;
  readonly bearerToken: string;
}

export interface CreateDirectoryInput {
  readonly organizationId: string;
  readonly name: string;
  /** Unset: `generic scim v2.0`. */
  readonly type?: Wire.Directory['type'] | null;
}
export interface UpdateDirectoryInput { readonly name?: string }

/** The fields of the spec's Directory this client reads. */
type WireDirectory = Pick<Wire.Directory, 'object' | 'id' | 'organization_id' | 'name' | 'type' | 'created_at' | 'updated_at'>;

export const wireDirectory = z.object({
  object: z.literal('directory'),
  id: z.string(),
  organization_id: z.string(),
  name: z.string(),
  // WorkOS adds directory types over time: any name is kept, typed as the spec's list.
  type: z.string() as z.ZodType<Wire.Directory['type']>,
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<WireDirectory>;

export const wireDirectoryList = pageOf(wireDirectory) satisfies z.ZodType<Omit<Wire.DirectoryList, 'data'> & { data: WireDirectory[] }>;

/** The dashboard's answer (the local control plane): WorkOS's directory, its SCIM path and bearer token. */
export const wireDirectorySetup = wireDirectory.extend({ scim_path: z.string().startsWith('/'), bearer_token: z.string().min(1) });

export function toDirectory(w: z.infer<typeof wireDirectory>): Directory {
  return { id: w.id, organizationId: w.organization_id, name: w.name, type: w.type, createdAt: w.created_at, updatedAt: w.updated_at };
}

export function createDirectoryBody(input: CreateDirectoryInput) {
  return { organization_id: input.organizationId, name: input.name, ...(input.type ? { type: input.type } : {}) };
}

export class DirectoriesApi {
  constructor(private readonly http: HttpTransport) {}

  private toSetup(w: z.infer<typeof wireDirectorySetup>): DirectorySetup {
    return { ...toDirectory(w), scimEndpoint: this.http.urlOf(w.scim_path), bearerToken: w.bearer_token };
  }

  /**
   * Whether `endpoint` is under this client's base URL. A SCIM endpoint recorded against
   * another base URL (the local control plane moved to another port) is out of date.
   */
  isOwnEndpoint(endpoint: string): boolean {
    return endpoint.startsWith(this.http.urlOf('/'));
  }

  /** The directories of one organization (no tokens: WorkOS's listing). */
  async *list(organizationId: string): AsyncIterable<Directory> {
    for await (const d of paginate(this.http, '/directories', wireDirectoryList, { organization_id: organizationId })) yield toDirectory(d);
  }

  /** WorkOS's directory (no token). */
  async get(id: string): Promise<Directory> {
    return toDirectory(await this.http.call('GET', path`/directories/${id}`, { schema: wireDirectory }));
  }

  /** Dashboard-only: the directory with its SCIM endpoint and bearer token. */
  async getSetup(id: string): Promise<DirectorySetup> {
    return this.toSetup(await this.http.call('GET', path`/_dashboard/directories/${id}`, { schema: wireDirectorySetup }));
  }

  /** Dashboard-only. */
  async create(input: CreateDirectoryInput): Promise<DirectorySetup> {
    const body = createDirectoryBody(input);
    return this.toSetup(await this.http.call('POST', '/_dashboard/directories', { body, idempotencyKey: newIdempotencyKey(), schema: wireDirectorySetup }));
  }

  /** Dashboard-only: renames it. */
  async update(id: string, input: UpdateDirectoryInput): Promise<DirectorySetup> {
    return this.toSetup(await this.http.call('PATCH', path`/_dashboard/directories/${id}`, { body: { name: input.name }, schema: wireDirectorySetup }));
  }

  /** Also removes its directory users and groups (their memberships lose the roles they gave). */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/directories/${id}`);
  }
}
