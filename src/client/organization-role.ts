/**
 * Organization roles (`workos_organization_role`) in the client: `client.organizationRoles`.
 * The role object and its request bodies are the environment role's (./role).
 */
import { path, type HttpTransport } from './http';
import { RoleCollection, toRole, wireRole, type CreateRoleInput, type Role, type UpdateRoleInput } from './role';

export class OrganizationRolesApi {
  constructor(private readonly http: HttpTransport) {}

  private rolesOf(organizationId: string): RoleCollection {
    return new RoleCollection(this.http, path`/authorization/organizations/${organizationId}/roles`);
  }

  /** Environment roles and this organization's roles, in the organization's priority order. */
  list(organizationId: string): AsyncIterable<Role> {
    return this.rolesOf(organizationId).list();
  }

  async get(organizationId: string, slug: string): Promise<Role> {
    return this.rolesOf(organizationId).get(slug);
  }

  /** The slug must start with `org-` (422 otherwise). */
  async create(organizationId: string, input: CreateRoleInput): Promise<Role> {
    return this.rolesOf(organizationId).create(input);
  }

  async update(organizationId: string, slug: string, input: UpdateRoleInput): Promise<Role> {
    return this.rolesOf(organizationId).update(slug, input);
  }

  async setPermissions(organizationId: string, slug: string, permissionSlugs: readonly string[]): Promise<Role> {
    return this.rolesOf(organizationId).setPermissions(slug, permissionSlugs);
  }

  async addPermission(organizationId: string, slug: string, permissionSlug: string): Promise<Role> {
    return this.rolesOf(organizationId).addPermission(slug, permissionSlug);
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
