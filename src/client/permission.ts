/**
 * Permissions (`workos_permission`) in the client: the domain type, both directions of the
 * wire format, and `client.permissions`.
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';
import { pageOf, paginate } from './paginate';

export interface Permission {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly system: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreatePermissionInput { readonly slug: string; readonly name: string; readonly description?: string | null }
export interface UpdatePermissionInput { readonly name?: string; readonly description?: string | null }

export const wirePermission = z.object({
  object: z.literal('permission'),
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  system: z.boolean(),
  resource_type_slug: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.AuthorizationPermission>;

export const wirePermissionList = pageOf(wirePermission) satisfies z.ZodType<Wire.AuthorizationPermissionList>;

export function toPermission(w: z.infer<typeof wirePermission>): Permission {
  return { id: w.id, slug: w.slug, name: w.name, description: w.description, system: w.system, createdAt: w.created_at, updatedAt: w.updated_at };
}

export function createPermissionBody(input: CreatePermissionInput) {
  return { slug: input.slug, name: input.name, description: input.description ?? null } satisfies Wire.CreateAuthorizationPermissionDto;
}

export function updatePermissionBody(input: UpdatePermissionInput) {
  return { name: input.name, description: input.description } satisfies Wire.UpdateAuthorizationPermissionDto;
}

export class PermissionsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Every permission, following `list_metadata.after` page by page. */
  async *list(): AsyncIterable<Permission> {
    for await (const p of paginate(this.http, '/authorization/permissions', wirePermissionList)) yield toPermission(p);
  }

  async get(slug: string): Promise<Permission> {
    return toPermission(await this.http.call('GET', path`/authorization/permissions/${slug}`, { schema: wirePermission }));
  }

  async create(input: CreatePermissionInput): Promise<Permission> {
    const body = createPermissionBody(input);
    return toPermission(await this.http.call('POST', '/authorization/permissions', { body, idempotencyKey: newIdempotencyKey(), schema: wirePermission }));
  }

  async update(slug: string, input: UpdatePermissionInput): Promise<Permission> {
    return toPermission(await this.http.call('PATCH', path`/authorization/permissions/${slug}`, { body: updatePermissionBody(input), schema: wirePermission }));
  }

  /** Deletes the permission and removes it from every role. 404 means it was already gone. */
  async delete(slug: string): Promise<void> {
    await this.http.call('DELETE', path`/authorization/permissions/${slug}`);
  }
}
