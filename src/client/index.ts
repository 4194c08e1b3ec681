/**
 * `WorkosClient`: the WorkOS authorization API (and the local control plane's dashboard
 * extras) over undici. Resource classes name paths and schemas; http.ts does the rest.
 */
import { HttpTransport, newIdempotencyKey, path, type HttpOptions, type TransportStats } from './http';
import { NotFoundError, UnexpectedResponseError } from './errors';
import type { z } from 'zod';
import type { Resolution, RoleMode } from '../resolution';
import {
  NO_CAPABILITIES,
  toCapabilities,
  toMembership,
  toOrganization,
  toPermission,
  toResolution,
  toResource,
  toResourceType,
  toRole,
  toRoleAssignment,
  toRoleMapping,
  toRolePolicy,
  toUser,
  wireAuthorizationCheck,
  wireCapabilities,
  wireMembership,
  wireMembershipList,
  wireOrganization,
  wireOrganizationList,
  wireResourceList,
  wireUserList,
  wirePermission,
  wirePermissionList,
  wireResolution,
  wireResource,
  wireResourceType,
  wireResourceTypeList,
  wireRole,
  wireRoleAssignment,
  wireRoleAssignmentList,
  wireRoleList,
  wireRoleMapping,
  wireRoleMappingList,
  wireRolePolicy,
  wireUser,
} from './serializers';
import type {
  AuthorizationResource,
  Capabilities,
  CreatePermissionInput,
  CreateRoleInput,
  Organization,
  OrganizationMembership,
  Permission,
  ResolveRolesInput,
  ResourceRef,
  ResourceType,
  Role,
  RoleAssignment,
  RoleMapping,
  RolePolicy,
  UpdatePermissionInput,
  UpdateRoleInput,
  User,
} from './types';

export * from './errors';
export * from './types';
export {
  path,
  encodePathParam,
  parseRetryAfter,
  defaultRetryDelay,
  DEFAULT_USER_AGENT,
  RETRY_AFTER_CAP_MS,
  type RetryDelay,
  type RetryEvent,
  type TransportStats,
} from './http';
export { DEFAULT_MAX_CONCURRENT_REQUESTS, DEFAULT_REQUESTS_PER_SECOND, RequestLimiter, type Clock, type LimiterOptions } from './limiter';

export type WorkosClientOptions = HttpOptions;

/** Page size of list calls (the API's maximum). */
export const PAGE_LIMIT = 100;

export class WorkosClient {
  readonly permissions: PermissionsApi;
  readonly roles: RolesApi;
  readonly organizations: OrganizationsApi;
  readonly users: UsersApi;
  readonly memberships: MembershipsApi;
  readonly organizationRoles: OrganizationRolesApi;
  /** Dashboard-only in WorkOS: check `capabilities().rolePolicy` first. */
  readonly rolePolicy: RolePolicyApi;
  /** Dashboard-only in WorkOS: check `capabilities().roleMappings` first. */
  readonly roleMappings: RoleMappingsApi;
  /** Dashboard-only in WorkOS: check `capabilities().resourceTypes` first. */
  readonly resourceTypes: ResourceTypesApi;
  readonly resources: ResourcesApi;
  readonly roleAssignments: RoleAssignmentsApi;
  private readonly http: HttpTransport;

  /** Requests sent, retries made and 429s received by this client so far (live counters). */
  get stats(): Readonly<TransportStats> {
    return this.http.stats;
  }

  constructor(options: WorkosClientOptions) {
    this.http = new HttpTransport(options);
    this.permissions = new PermissionsApi(this.http);
    this.roles = new RolesApi(this.http);
    this.organizations = new OrganizationsApi(this.http);
    this.users = new UsersApi(this.http);
    this.memberships = new MembershipsApi(this.http);
    this.organizationRoles = new OrganizationRolesApi(this.http);
    this.rolePolicy = new RolePolicyApi(this.http);
    this.roleMappings = new RoleMappingsApi(this.http);
    this.resourceTypes = new ResourceTypesApi(this.http);
    this.resources = new ResourcesApi(this.http);
    this.roleAssignments = new RoleAssignmentsApi(this.http);
  }

  /**
   * "Test mapped attributes": the roles a user with these facts would get in the organization
   * (null: the environment's policy only), and why. Dashboard-only in WorkOS: check
   * `capabilities().roleMappings` first.
   */
  async resolveRoles(organizationId: string | null, facts: ResolveRolesInput): Promise<Resolution> {
    const reqPath = organizationId === null ? '/_dashboard/resolve-roles' : path`/_dashboard/organizations/${organizationId}/resolve-roles`;
    const body = { directory_groups: facts.directory_groups, sso_groups: facts.sso_groups, attributes: facts.attributes };
    // Reads only: safe to retry, so it carries an idempotency key.
    return toResolution(await this.http.call('POST', reqPath, { body, idempotencyKey: newIdempotencyKey(), schema: wireResolution }));
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

/** Every item of a paginated list, following `list_metadata.after` page by page. */
async function* paginate<W>(
  http: HttpTransport,
  reqPath: string,
  schema: z.ZodType<{ data: W[]; list_metadata: { after: string | null } }>,
  query: Record<string, string | undefined> = {},
): AsyncIterable<W> {
  let after: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await http.call('GET', reqPath, { query: { ...query, limit: PAGE_LIMIT, after }, schema });
    yield* page.data;
    after = page.list_metadata.after ?? undefined;
    if (after !== undefined) {
      if (seen.has(after)) {
        throw new UnexpectedResponseError({ status: 200, code: 'unexpected_response', message: `pagination cursor ${after} repeats`, method: 'GET', path: reqPath });
      }
      seen.add(after);
    }
  } while (after !== undefined);
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

export class OrganizationsApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(): AsyncIterable<Organization> {
    for await (const o of paginate(this.http, '/organizations', wireOrganizationList)) yield toOrganization(o);
  }

  async create(input: { name: string; externalId?: string | null }): Promise<Organization> {
    const body = { name: input.name, external_id: input.externalId ?? null };
    return toOrganization(await this.http.call('POST', '/organizations', { body, idempotencyKey: newIdempotencyKey(), schema: wireOrganization }));
  }

  async get(id: string): Promise<Organization> {
    return toOrganization(await this.http.call('GET', path`/organizations/${id}`, { schema: wireOrganization }));
  }

  async update(id: string, input: { name?: string; externalId?: string | null }): Promise<Organization> {
    return toOrganization(await this.http.call('PUT', path`/organizations/${id}`, { body: { name: input.name, external_id: input.externalId }, schema: wireOrganization }));
  }

  /** Also removes its memberships, organization roles, role mappings and resources. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/organizations/${id}`);
  }
}

export class UsersApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(filter: { email?: string; organizationId?: string } = {}): AsyncIterable<User> {
    const query = { email: filter.email, organization_id: filter.organizationId };
    for await (const u of paginate(this.http, '/user_management/users', wireUserList, query)) yield toUser(u);
  }

  async create(input: { email: string; firstName?: string | null; lastName?: string | null }): Promise<User> {
    const body = { email: input.email, first_name: input.firstName ?? null, last_name: input.lastName ?? null };
    return toUser(await this.http.call('POST', '/user_management/users', { body, idempotencyKey: newIdempotencyKey(), schema: wireUser }));
  }

  async get(id: string): Promise<User> {
    return toUser(await this.http.call('GET', path`/user_management/users/${id}`, { schema: wireUser }));
  }

  async update(id: string, input: { email?: string; firstName?: string | null; lastName?: string | null }): Promise<User> {
    // The spec's update takes strings only: a null name is sent as "" (cleared).
    const body = { email: input.email, first_name: input.firstName === null ? '' : input.firstName, last_name: input.lastName === null ? '' : input.lastName };
    return toUser(await this.http.call('PUT', path`/user_management/users/${id}`, { body, schema: wireUser }));
  }

  /** Also removes the user's memberships. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/user_management/users/${id}`);
  }
}

/** One role goes as `role_slug`, several as `role_slugs` (the spec's oneOf). */
function roleSlugsBody(roleSlugs: readonly string[] | undefined): { role_slug?: string; role_slugs?: string[] } {
  if (roleSlugs === undefined || roleSlugs.length === 0) return {};
  return roleSlugs.length === 1 ? { role_slug: roleSlugs[0] } : { role_slugs: [...roleSlugs] };
}

export class MembershipsApi {
  constructor(private readonly http: HttpTransport) {}

  /** Without roleSlugs the membership gets the scope's default role. Several roles need multiple-roles mode (else 422). */
  async create(input: { organizationId: string; userId: string; roleSlugs?: readonly string[] }): Promise<OrganizationMembership> {
    const body = { organization_id: input.organizationId, user_id: input.userId, ...roleSlugsBody(input.roleSlugs) };
    return toMembership(
      await this.http.call('POST', '/user_management/organization_memberships', { body, idempotencyKey: newIdempotencyKey(), schema: wireMembership }),
    );
  }

  async get(id: string): Promise<OrganizationMembership> {
    return toMembership(await this.http.call('GET', path`/user_management/organization_memberships/${id}`, { schema: wireMembership }));
  }

  async *list(filter: { organizationId?: string; userId?: string }): AsyncIterable<OrganizationMembership> {
    const query = { organization_id: filter.organizationId, user_id: filter.userId };
    for await (const m of paginate(this.http, '/user_management/organization_memberships', wireMembershipList, query)) yield toMembership(m);
  }

  async setRoles(id: string, roleSlugs: readonly string[]): Promise<OrganizationMembership> {
    if (roleSlugs.length === 0) throw new Error('setRoles needs at least one role slug');
    return toMembership(
      await this.http.call('PUT', path`/user_management/organization_memberships/${id}`, { body: roleSlugsBody(roleSlugs), schema: wireMembership }),
    );
  }

  /** Also removes the membership's resource assignments. */
  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/user_management/organization_memberships/${id}`);
  }
}

export class OrganizationRolesApi {
  constructor(private readonly http: HttpTransport) {}

  /** Environment roles and this organization's roles, in the organization's priority order. */
  async *list(organizationId: string): AsyncIterable<Role> {
    const page = await this.http.call('GET', path`/authorization/organizations/${organizationId}/roles`, { schema: wireRoleList });
    for (const r of page.data) yield toRole(r);
  }

  async get(organizationId: string, slug: string): Promise<Role> {
    return toRole(await this.http.call('GET', path`/authorization/organizations/${organizationId}/roles/${slug}`, { schema: wireRole }));
  }

  /** The slug must start with `org-` (422 otherwise). */
  async create(organizationId: string, input: CreateRoleInput): Promise<Role> {
    const body = { slug: input.slug, name: input.name, description: input.description ?? null };
    return toRole(
      await this.http.call('POST', path`/authorization/organizations/${organizationId}/roles`, { body, idempotencyKey: newIdempotencyKey(), schema: wireRole }),
    );
  }

  async update(organizationId: string, slug: string, input: UpdateRoleInput): Promise<Role> {
    const body = { name: input.name, description: input.description };
    return toRole(await this.http.call('PATCH', path`/authorization/organizations/${organizationId}/roles/${slug}`, { body, schema: wireRole }));
  }

  async setPermissions(organizationId: string, slug: string, permissionSlugs: readonly string[]): Promise<Role> {
    return toRole(
      await this.http.call('PUT', path`/authorization/organizations/${organizationId}/roles/${slug}/permissions`, {
        body: { permissions: [...permissionSlugs] },
        schema: wireRole,
      }),
    );
  }

  async addPermission(organizationId: string, slug: string, permissionSlug: string): Promise<Role> {
    return toRole(
      await this.http.call('POST', path`/authorization/organizations/${organizationId}/roles/${slug}/permissions`, {
        body: { slug: permissionSlug },
        idempotencyKey: newIdempotencyKey(),
        schema: wireRole,
      }),
    );
  }

  async removePermission(organizationId: string, slug: string, permissionSlug: string): Promise<Role> {
    return toRole(
      await this.http.call('DELETE', path`/authorization/organizations/${organizationId}/roles/${slug}/permissions/${permissionSlug}`, { schema: wireRole }),
    );
  }

  /** ConflictError `role_has_assignments` / `role_has_group_role_mappings` while anything still uses it. */
  async delete(organizationId: string, slug: string): Promise<void> {
    await this.http.call('DELETE', path`/authorization/organizations/${organizationId}/roles/${slug}`);
  }
}

/** Dashboard-only in WorkOS: `/_dashboard/role-policy` (environment) and `/_dashboard/organizations/{id}/role-policy`. */
export class RolePolicyApi {
  constructor(private readonly http: HttpTransport) {}

  private pathFor(organizationId: string | null): string {
    return organizationId === null ? '/_dashboard/role-policy' : path`/_dashboard/organizations/${organizationId}/role-policy`;
  }

  /** For an organization without custom roles: the environment's policy, with `inherited: true`. */
  async get(organizationId: string | null): Promise<RolePolicy> {
    return toRolePolicy(await this.http.call('GET', this.pathFor(organizationId), { schema: wireRolePolicy }));
  }

  /** An organization without custom roles has no policy of its own: ConflictError `organization_has_no_custom_roles`. */
  async update(organizationId: string | null, input: { priority?: readonly string[]; defaultRole?: string; multipleRoles?: boolean }): Promise<RolePolicy> {
    const body = { priority: input.priority === undefined ? undefined : [...input.priority], default_role: input.defaultRole, multiple_roles: input.multipleRoles };
    return toRolePolicy(await this.http.call('PATCH', this.pathFor(organizationId), { body, schema: wireRolePolicy }));
  }
}

/** Dashboard-only in WorkOS: `/_dashboard/organizations/{id}/role-mappings`, `/_dashboard/role-mappings/{id}`. */
export class RoleMappingsApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(organizationId: string): AsyncIterable<RoleMapping> {
    const page = await this.http.call('GET', path`/_dashboard/organizations/${organizationId}/role-mappings`, { schema: wireRoleMappingList });
    for (const m of page.data) yield toRoleMapping(m);
  }

  async get(id: string): Promise<RoleMapping> {
    return toRoleMapping(await this.http.call('GET', path`/_dashboard/role-mappings/${id}`, { schema: wireRoleMapping }));
  }

  /** Roles must be environment roles or this organization's own (UnprocessableEntityError naming them otherwise). */
  async create(input: Omit<RoleMapping, 'id'>): Promise<RoleMapping> {
    const body = { kind: input.kind, source_id: input.sourceId, group: input.group, value: input.value, roles: [...input.roles], mode: input.mode };
    return toRoleMapping(
      await this.http.call('POST', path`/_dashboard/organizations/${input.organizationId}/role-mappings`, { body, idempotencyKey: newIdempotencyKey(), schema: wireRoleMapping }),
    );
  }

  async update(id: string, input: { roles?: readonly string[]; mode?: RoleMode | null }): Promise<RoleMapping> {
    const body = { roles: input.roles === undefined ? undefined : [...input.roles], mode: input.mode };
    return toRoleMapping(await this.http.call('PATCH', path`/_dashboard/role-mappings/${id}`, { body, schema: wireRoleMapping }));
  }

  async delete(id: string): Promise<void> {
    await this.http.call('DELETE', path`/_dashboard/role-mappings/${id}`);
  }
}

/** Dashboard-only in WorkOS: `/_dashboard/resource-types`. */
export class ResourceTypesApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(): AsyncIterable<ResourceType> {
    const page = await this.http.call('GET', '/_dashboard/resource-types', { schema: wireResourceTypeList });
    for (const t of page.data) yield toResourceType(t);
  }

  async get(slug: string): Promise<ResourceType> {
    return toResourceType(await this.http.call('GET', path`/_dashboard/resource-types/${slug}`, { schema: wireResourceType }));
  }

  /** Parent types must exist; a cycle is an UnprocessableEntityError naming parent_types. */
  async create(input: ResourceType): Promise<ResourceType> {
    const body = { slug: input.slug, name: input.name, parent_types: [...input.parentTypes] };
    return toResourceType(await this.http.call('POST', '/_dashboard/resource-types', { body, idempotencyKey: newIdempotencyKey(), schema: wireResourceType }));
  }

  async update(slug: string, input: { name?: string; parentTypes?: readonly string[] }): Promise<ResourceType> {
    const body = { name: input.name, parent_types: input.parentTypes === undefined ? undefined : [...input.parentTypes] };
    return toResourceType(await this.http.call('PATCH', path`/_dashboard/resource-types/${slug}`, { body, schema: wireResourceType }));
  }

  async delete(slug: string): Promise<void> {
    await this.http.call('DELETE', path`/_dashboard/resource-types/${slug}`);
  }
}

export class ResourcesApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(filter: { organizationId?: string; resourceTypeSlug?: string; parentResourceId?: string } = {}): AsyncIterable<AuthorizationResource> {
    const query = { organization_id: filter.organizationId, resource_type_slug: filter.resourceTypeSlug, parent_resource_id: filter.parentResourceId };
    for await (const r of paginate(this.http, '/authorization/resources', wireResourceList, query)) yield toResource(r);
  }

  async create(input: {
    organizationId: string;
    resourceTypeSlug: string;
    externalId: string;
    name: string;
    description?: string | null;
    parentResourceId?: string | null;
  }): Promise<AuthorizationResource> {
    const body = {
      organization_id: input.organizationId,
      resource_type_slug: input.resourceTypeSlug,
      external_id: input.externalId,
      name: input.name,
      description: input.description ?? null,
      parent_resource_id: input.parentResourceId ?? null,
    };
    return toResource(await this.http.call('POST', '/authorization/resources', { body, idempotencyKey: newIdempotencyKey(), schema: wireResource }));
  }

  async get(id: string): Promise<AuthorizationResource> {
    return toResource(await this.http.call('GET', path`/authorization/resources/${id}`, { schema: wireResource }));
  }

  async getByExternalId(organizationId: string, resourceTypeSlug: string, externalId: string): Promise<AuthorizationResource> {
    return toResource(
      await this.http.call('GET', path`/authorization/organizations/${organizationId}/resources/${resourceTypeSlug}/${externalId}`, { schema: wireResource }),
    );
  }

  /** `parentResourceId: null` moves it to the organization root. */
  async update(id: string, input: { name?: string; description?: string | null; parentResourceId?: string | null }): Promise<AuthorizationResource> {
    const body = { name: input.name, description: input.description, parent_resource_id: input.parentResourceId };
    return toResource(await this.http.call('PATCH', path`/authorization/resources/${id}`, { body, schema: wireResource }));
  }

  /** ConflictError `resource_has_dependents` while it has children or assignments, unless `cascade` (then they go too). */
  async delete(id: string, options: { cascade?: boolean } = {}): Promise<void> {
    await this.http.call('DELETE', path`/authorization/resources/${id}`, { query: { cascade_delete: options.cascade ? 'true' : undefined } });
  }
}

function resourceRefBody(ref: ResourceRef): Record<string, string> {
  return 'resourceId' in ref ? { resource_id: ref.resourceId } : { resource_type_slug: ref.resourceTypeSlug, resource_external_id: ref.resourceExternalId };
}

export class RoleAssignmentsApi {
  constructor(private readonly http: HttpTransport) {}

  async *list(organizationMembershipId: string): AsyncIterable<RoleAssignment> {
    const reqPath = path`/authorization/organization_memberships/${organizationMembershipId}/role_assignments`;
    for await (const a of paginate(this.http, reqPath, wireRoleAssignmentList)) yield toRoleAssignment(organizationMembershipId, a);
  }

  async create(organizationMembershipId: string, input: { roleSlug: string } & ResourceRef): Promise<RoleAssignment> {
    const body = { role_slug: input.roleSlug, ...resourceRefBody(input) };
    const w = await this.http.call('POST', path`/authorization/organization_memberships/${organizationMembershipId}/role_assignments`, {
      body,
      idempotencyKey: newIdempotencyKey(),
      schema: wireRoleAssignment,
    });
    return toRoleAssignment(organizationMembershipId, w);
  }

  async delete(organizationMembershipId: string, assignmentId: string): Promise<void> {
    await this.http.call('DELETE', path`/authorization/organization_memberships/${organizationMembershipId}/role_assignments/${assignmentId}`);
  }

  /** Through the membership's organization roles, or a role assigned on the resource or any ancestor. */
  async check(organizationMembershipId: string, input: { permissionSlug: string } & ResourceRef): Promise<{ authorized: boolean }> {
    const body = { permission_slug: input.permissionSlug, ...resourceRefBody(input) };
    // A read: safe to retry, hence the idempotency key.
    const w = await this.http.call('POST', path`/authorization/organization_memberships/${organizationMembershipId}/check`, {
      body,
      idempotencyKey: newIdempotencyKey(),
      schema: wireAuthorizationCheck,
    });
    return { authorized: w.authorized };
  }
}
