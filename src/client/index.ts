/**
 * `WorkosClient`: the WorkOS authorization API (and the local control plane's dashboard
 * extras) over undici. Resource classes name paths and schemas; http.ts does the rest.
 */
import { HttpTransport, newIdempotencyKey, path, type HttpOptions } from './http';
import { NotFoundError, UnexpectedResponseError } from './errors';
import {
  NO_CAPABILITIES,
  toCapabilities,
  toPermission,
  toRole,
  wireCapabilities,
  wirePermission,
  wirePermissionList,
  wireRole,
  wireRoleList,
} from './serializers';
import type {
  Capabilities,
  CreatePermissionInput,
  CreateRoleInput,
  Permission,
  Role,
  UpdatePermissionInput,
  UpdateRoleInput,
  WorkosApi,
} from './types';

export * from './errors';
export * from './types';
export { path, encodePathParam, parseRetryAfter, defaultRetryDelay, DEFAULT_USER_AGENT, type RetryDelay } from './http';

export type WorkosClientOptions = HttpOptions;

/** Page size of list calls (the API's maximum). */
export const PAGE_LIMIT = 100;

export class WorkosClient implements WorkosApi {
  readonly permissions: PermissionsApi;
  readonly roles: RolesApi;
  private readonly http: HttpTransport;

  constructor(options: WorkosClientOptions) {
    this.http = new HttpTransport(options);
    this.permissions = new PermissionsApi(this.http);
    this.roles = new RolesApi(this.http);
  }

  /** What the target serves beyond the public API. Real WorkOS answers 404: no extras. */
  async capabilities(): Promise<Capabilities> {
    try {
      return toCapabilities(await this.http.call('GET', '/_dashboard/capabilities', { schema: wireCapabilities }));
    } catch (err) {
      if (err instanceof NotFoundError) return NO_CAPABILITIES;
      throw err;
    }
  }
}

export class PermissionsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Every permission, following `list_metadata.after` page by page. */
  async *list(): AsyncIterable<Permission> {
    let after: string | undefined;
    const seen = new Set<string>();
    do {
      const reqPath = '/authorization/permissions';
      const page = await this.http.call('GET', reqPath, { query: { limit: PAGE_LIMIT, after }, schema: wirePermissionList });
      for (const p of page.data) yield toPermission(p);
      after = page.list_metadata.after ?? undefined;
      if (after !== undefined) {
        if (seen.has(after)) {
          throw new UnexpectedResponseError({ status: 200, code: 'unexpected_response', message: `pagination cursor ${after} repeats`, method: 'GET', path: reqPath });
        }
        seen.add(after);
      }
    } while (after !== undefined);
  }

  async get(slug: string): Promise<Permission> {
    return toPermission(await this.http.call('GET', path`/authorization/permissions/${slug}`, { schema: wirePermission }));
  }

  async create(input: CreatePermissionInput): Promise<Permission> {
    const body = { slug: input.slug, name: input.name, description: input.description ?? null };
    return toPermission(
      await this.http.call('POST', '/authorization/permissions', { body, idempotencyKey: newIdempotencyKey(), schema: wirePermission }),
    );
  }

  async update(slug: string, input: UpdatePermissionInput): Promise<Permission> {
    const body = { name: input.name, description: input.description };
    return toPermission(await this.http.call('PATCH', path`/authorization/permissions/${slug}`, { body, schema: wirePermission }));
  }

  /** Deletes the permission and removes it from every role. 404 means it was already gone. */
  async delete(slug: string): Promise<void> {
    await this.http.call('DELETE', path`/authorization/permissions/${slug}`);
  }
}

export class RolesApi {
  constructor(private readonly http: HttpTransport) {}

  /** Environment roles in priority order (one page: the API does not paginate them). */
  async *list(): AsyncIterable<Role> {
    const page = await this.http.call('GET', '/authorization/roles', { schema: wireRoleList });
    for (const r of page.data) yield toRole(r);
  }

  async get(slug: string): Promise<Role> {
    return toRole(await this.http.call('GET', path`/authorization/roles/${slug}`, { schema: wireRole }));
  }

  async create(input: CreateRoleInput): Promise<Role> {
    const body = { slug: input.slug, name: input.name, description: input.description ?? null };
    return toRole(await this.http.call('POST', '/authorization/roles', { body, idempotencyKey: newIdempotencyKey(), schema: wireRole }));
  }

  async update(slug: string, input: UpdateRoleInput): Promise<Role> {
    const body = { name: input.name, description: input.description };
    return toRole(await this.http.call('PATCH', path`/authorization/roles/${slug}`, { body, schema: wireRole }));
  }

  async setPermissions(slug: string, permissionSlugs: readonly string[]): Promise<Role> {
    return toRole(
      await this.http.call('PUT', path`/authorization/roles/${slug}/permissions`, { body: { permissions: [...permissionSlugs] }, schema: wireRole }),
    );
  }

  /** Adding a permission the role already has is a no-op, so the POST is safe to retry. */
  async addPermission(slug: string, permissionSlug: string): Promise<Role> {
    return toRole(
      await this.http.call('POST', path`/authorization/roles/${slug}/permissions`, {
        body: { slug: permissionSlug },
        idempotencyKey: newIdempotencyKey(),
        schema: wireRole,
      }),
    );
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
