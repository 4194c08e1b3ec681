/**
 * Domain objects the client returns (camelCase; the wire format is snake_case and stays
 * inside the client). WorkOS wire types will be generated from @workos/openapi-spec (#4).
 */
export interface Permission {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string | null;
  readonly system: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

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

/**
 * What the target can do beyond WorkOS's public API. The local control plane answers
 * `GET /_dashboard/capabilities`; real WorkOS answers 404 there, meaning "none".
 */
export interface Capabilities {
  readonly deleteEnvironmentRole: boolean;
}

export interface CreatePermissionInput { readonly slug: string; readonly name: string; readonly description?: string | null }
export interface UpdatePermissionInput { readonly name?: string; readonly description?: string | null }
export interface CreateRoleInput { readonly slug: string; readonly name: string; readonly description?: string | null }
export interface UpdateRoleInput { readonly name?: string; readonly description?: string | null }

/** The WorkOS API surface the provider uses. Implemented by `WorkosClient` (undici). */
export interface WorkosApi {
  capabilities(): Promise<Capabilities>;
  permissions: {
    list(): AsyncIterable<Permission>;
    get(slug: string): Promise<Permission>;
    create(input: CreatePermissionInput): Promise<Permission>;
    update(slug: string, input: UpdatePermissionInput): Promise<Permission>;
    delete(slug: string): Promise<void>;
  };
  roles: {
    /** Environment roles in priority order. */
    list(): AsyncIterable<Role>;
    get(slug: string): Promise<Role>;
    create(input: CreateRoleInput): Promise<Role>;
    update(slug: string, input: UpdateRoleInput): Promise<Role>;
    /** PUT: the role ends with exactly these permissions. */
    setPermissions(slug: string, permissionSlugs: readonly string[]): Promise<Role>;
    /** POST: adds one permission. */
    addPermission(slug: string, permissionSlug: string): Promise<Role>;
    /** Dashboard-only in WorkOS: the local control plane serves it under /_dashboard. */
    delete(slug: string): Promise<void>;
  };
}
