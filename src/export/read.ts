/**
 * Reads everything `workos-rbac export` adopts from a live environment, through the client.
 * What the target cannot list (real WorkOS serves no role policy, mappings or resource types
 * through its API) is left out and named in `skipped`, never silently.
 */
import type {
  AuthorizationResource,
  Capabilities,
  Organization,
  OrganizationMembership,
  Permission,
  ResourceType,
  Role,
  RoleAssignment,
  RoleMapping,
  RolePolicy,
  User,
  WorkosApi,
} from '../client/types';

/** One organization and what hangs off it. */
export interface OrganizationSnapshot {
  readonly organization: Organization;
  /** The organization's own roles (`org-…`), in its priority order. */
  readonly roles: readonly Role[];
  /** Its own policy; null when it inherits the environment's or the target cannot tell. */
  readonly policy: RolePolicy | null;
  /** The role a member gets when nothing else gives one (null: unknown on this target). */
  readonly defaultRole: string | null;
  readonly mappings: readonly RoleMapping[];
  readonly memberships: readonly OrganizationMembership[];
  readonly resources: readonly AuthorizationResource[];
  readonly assignments: readonly RoleAssignment[];
}

export interface EnvironmentSnapshot {
  readonly capabilities: Capabilities;
  readonly permissions: readonly Permission[];
  /** Environment roles in priority order. */
  readonly roles: readonly Role[];
  /** null where the target has no role policy API. */
  readonly environmentPolicy: RolePolicy | null;
  readonly resourceTypes: readonly ResourceType[];
  readonly users: readonly User[];
  readonly organizations: readonly OrganizationSnapshot[];
  /** What was not read, and why (one line each). */
  readonly skipped: readonly string[];
}

/** The client surface the reader needs (a `WorkosClient`, or a test double of the same shape). */
export type ExportSource = Pick<WorkosApi, 'capabilities' | 'permissions' | 'roles' | 'rolePolicy' | 'roleMappings' | 'resourceTypes' | 'organizations' | 'organizationRoles' | 'users' | 'memberships' | 'resources' | 'roleAssignments'>;

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export async function readEnvironment(client: ExportSource): Promise<EnvironmentSnapshot> {
  const capabilities = await client.capabilities();
  const skipped: string[] = [];
  const dashboardOnly = (what: string, where: string) =>
    skipped.push(`${what}: the target's API does not expose them (WorkOS keeps them in its dashboard: ${where}); not exported`);
  if (!capabilities.rolePolicy) dashboardOnly('role policies (priority order, default role, multiple-roles mode)', 'Authorization → Roles / Configuration');
  if (!capabilities.roleMappings) dashboardOnly('directory group, SSO group and attribute role mappings', "each organization's directory or SSO connection");
  if (!capabilities.resourceTypes) dashboardOnly('resource types', 'Authorization → Resource types; resources refer to their type by slug');

  const permissions = await all(client.permissions.list());
  const roles = await all(client.roles.list());
  const environmentPolicy = capabilities.rolePolicy ? await client.rolePolicy.get(null) : null;
  const resourceTypes = capabilities.resourceTypes ? await all(client.resourceTypes.list()) : [];
  const users = await all(client.users.list());

  const organizations: OrganizationSnapshot[] = [];
  for (const organization of await all(client.organizations.list())) {
    const orgRoles = (await all(client.organizationRoles.list(organization.id))).filter((r) => r.type === 'OrganizationRole');
    const policy = capabilities.rolePolicy ? await client.rolePolicy.get(organization.id) : null;
    const mappings = capabilities.roleMappings ? await all(client.roleMappings.list(organization.id)) : [];
    const memberships = await all(client.memberships.list({ organizationId: organization.id }));
    const resources = await all(client.resources.list({ organizationId: organization.id }));
    const assignments: RoleAssignment[] = [];
    for (const m of memberships) assignments.push(...(await all(client.roleAssignments.list(m.id))));
    organizations.push({
      organization,
      roles: orgRoles,
      policy: policy && !policy.inherited ? policy : null,
      defaultRole: policy?.defaultRole ?? null,
      mappings,
      memberships,
      resources,
      assignments,
    });
  }
  return { capabilities, permissions, roles, environmentPolicy, resourceTypes, users, organizations, skipped };
}
