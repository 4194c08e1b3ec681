/**
 * Environment roles (`workos_role`) in the client: the domain type, both directions of the wire
 * format, the calls environment and organization roles share, and `client.roles`.
 */
import { z } from 'zod';
import type * as Wire from './generated/workos-api';
import { newIdempotencyKey, path, type HttpTransport } from './http';

export interface Role {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly type: 'EnvironmentRole' | 'OrganizationRole';
  /** Permission slugs. */
  readonly permissions: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface CreateRoleInput { readonly slug: string; readonly name: string; readonly description?: string | null }
export interface UpdateRoleInput { readonly name?: string; readonly description?: string | null }

export const wireRole = z.object({
  object: z.literal('role'),
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.enum(['EnvironmentRole', 'OrganizationRole']),
  resource_type_slug: z.string(),
  permissions: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<Wire.Role>;

/** RoleList has no list_metadata: the roles of a scope come in one page. */
export const wireRoleList = z.object({ object: z.literal('list'), data: z.array(wireRole) }) satisfies z.ZodType<Wire.RoleList>;

/** A role named by slug inside another object (a membership, an assignment). */
export const wireSlimRole = z.object({ slug: z.string() }) satisfies z.ZodType<Wire.SlimRole>;

export function toRole(w: z.infer<typeof wireRole>): Role {
  return {
    id: w.id,
    slug: w.slug,
    name: w.name,
    description: w.description,
    type: w.type,
    permissions: w.permissions,
    createdAt: w.created_at,
    updatedAt: w.updated_at,
  };
}

/** The same body creates an environment role and an organization role. */
export function createRoleBody(input: CreateRoleInput) {
  return { slug: input.slug, name: input.name, description: input.description ?? null } satisfies Wire.CreateRoleDto & Wire.CreateOrganizationRoleDto;
}

export function updateRoleBody(input: UpdateRoleInput) {
  return { name: input.name, description: input.description } satisfies Wire.UpdateRoleDto & Wire.UpdateOrganizationRoleDto;
}

export function setRolePermissionsBody(permissionSlugs: readonly string[]) {
  return { permissions: [...permissionSlugs] } satisfies Wire.SetRolePermissionsDto;
}

export function addRolePermissionBody(permissionSlug: string) {
  return { slug: permissionSlug } satisfies Wire.AddRolePermissionDto;
}

/**
 * The calls environment roles and organization roles share, on one roles collection
 * (`/authorization/roles` or `/authorization/organizations/{id}/roles`).
 */
export class RoleCollection {
  constructor(
    protected readonly http: HttpTransport,
    private readonly base: string,
  ) {}

  /** In the scope's priority order (one page: the API does not paginate roles). */
  async *list(): AsyncIterable<Role> {
    const page = await this.http.call('GET', this.base, { schema: wireRoleList });
    for (const r of page.data) yield toRole(r);
  }

  async get(slug: string): Promise<Role> {
    return toRole(await this.http.call('GET', this.base + path`/${slug}`, { schema: wireRole }));
  }

  async create(input: CreateRoleInput): Promise<Role> {
    return toRole(await this.http.call('POST', this.base, { body: createRoleBody(input), idempotencyKey: newIdempotencyKey(), schema: wireRole }));
  }

  async update(slug: string, input: UpdateRoleInput): Promise<Role> {
    return toRole(await this.http.call('PATCH', this.base + path`/${slug}`, { body: updateRoleBody(input), schema: wireRole }));
  }

  async setPermissions(slug: string, permissionSlugs: readonly string[]): Promise<Role> {
    const body = setRolePermissionsBody(permissionSlugs);
    return toRole(await this.http.call('PUT', this.base + path`/${slug}/permissions`, { body, schema: wireRole }));
  }

  /** Adding a permission the role already has is a no-op, so the POST is safe to retry. */
  async addPermission(slug: string, permissionSlug: string): Promise<Role> {
    const body = addRolePermissionBody(permissionSlug);
    return toRole(await this.http.call('POST', this.base + path`/${slug}/permissions`, { body, idempotencyKey: newIdempotencyKey(), schema: wireRole }));
  }
}

/** Environment roles, in the environment's priority order. */
export class RolesApi extends RoleCollection {
  constructor(http: HttpTransport) {
    super(http, '/authorization/roles');
  }

  /**
   * Deletes an environment role; its members move to the default role.
   *
   * Dashboard-only in WorkOS: this calls `DELETE /_dashboard/roles/{slug}`, which only the local
   * control plane serves. Against real WorkOS the route does not exist and the answer is a
   * 404 that does NOT mean "role already gone". Check `capabilities().deleteEnvironmentRole`
   * before calling this, and only then read a NotFoundError as "already deleted".
   */
  async delete(slug: string): Promise<void> {
    await this.http.call('DELETE', path`/_dashboard/roles/${slug}`);
  }
}
