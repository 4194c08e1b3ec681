/**
 * The client's public types: the domain objects it returns (camelCase; the snake_case wire
 * format stays inside the client, typed by ./generated from @workos/openapi-spec), and the API
 * contract. Each type is declared once, in the file of its resource; the contract is derived
 * from the classes that implement it.
 */
import type { WorkosClient } from './workos-client';

export type { Capabilities, TopologyCapabilities } from './capabilities';
export type { Directory, DirectorySetup, CreateDirectoryInput, UpdateDirectoryInput, DirectoriesApi } from './directory';
export type { ResolveRolesInput } from './effective-roles';
export type { DirectoryUser, DirectoryGroup, DirectoryUserFilter, DirectoryGroupFilter, DirectoryUsersApi, DirectoryGroupsApi } from './directory-sync';
export type { OrganizationMembership, CreateMembershipInput, MembershipsApi } from './organization-membership';
export type { OrganizationRolesApi } from './organization-role';
export type { Organization, CreateOrganizationInput, UpdateOrganizationInput, OrganizationsApi } from './organization';
export type { Permission, CreatePermissionInput, UpdatePermissionInput, PermissionsApi } from './permission';
export type { ResourceType, UpdateResourceTypeInput, ResourceTypesApi } from './resource-type';
export type { AuthorizationResource, CreateResourceInput, UpdateResourceInput, ResourcesApi } from './resource';
export type { RoleAssignment, ResourceRef, CreateRoleAssignmentInput, AccessCheckInput, RoleAssignmentsApi } from './resource-assignment';
export type { MappingKind, RoleMapping, UpdateRoleMappingInput, RoleMappingsApi } from './role-mapping';
export type { EventsApi, ListEventsInput, RoleChange, WorkosEvent } from './events';
export type { RolePolicy, UpdateRolePolicyInput, RolePolicyApi } from './role-policy';
export type { Role, CreateRoleInput, UpdateRoleInput, RolesApi } from './role';
export type { User, CreateUserInput, UpdateUserInput, UsersApi } from './user';

/** The public surface of an API class, without its private fields: what a test double implements. */
export type PublicOf<T> = { [K in keyof T]: T[K] };

type ApiArea = Exclude<keyof WorkosClient, 'stats' | 'capabilities' | 'resolveRoles'>;

/** The WorkOS API surface the provider, the CLI and the exporter use: `WorkosClient`'s, without its transport. */
export type WorkosApi = Pick<WorkosClient, 'capabilities' | 'resolveRoles'> & { readonly [K in ApiArea]: PublicOf<WorkosClient[K]> };
