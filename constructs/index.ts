/**
 * cdktf constructs for WorkOS RBAC, hand-written over the `workos` provider (no `cdktf get`).
 * Prop types are generated from the resource schemas in src/schemas (`npm run generate`).
 */
export { WorkosProvider, type WorkosProviderProps } from './provider';
export { Permission, type PermissionProps } from './permission';
export { Role, type RoleProps } from './role';
export { Organization, type OrganizationProps } from './organization';
export { User, type UserProps } from './user';
export { OrganizationMembership, type OrganizationMembershipProps } from './organization-membership';
export { OrganizationRole, type OrganizationRoleProps } from './organization-role';
export { RolePolicy, type RolePolicyProps } from './role-policy';
export {
  DirectoryGroupMapping,
  SsoGroupMapping,
  AttributeMapping,
  type GroupMappingOptions,
  type DirectoryGroupMappingProps,
  type SsoGroupMappingProps,
  type AttributeMappingProps,
} from './group-mappings';
export { ResourceType, Resource, ResourceAssignment, type ResourceTypeProps, type ResourceProps, type ResourceAssignmentProps, type ResourceLocator } from './resources';
export { DataWorkosEffectiveRoles, DataWorkosAccessCheck, type DataWorkosEffectiveRolesProps, type DataWorkosAccessCheckProps } from './data-sources';
export type { IOrganization, IOrganizationMembership, IOrganizationRole, IPermission, IRole, IRolePolicy, OrganizationRef, RoleRef } from './refs';
export type * from './generated/provider';
export type * from './generated/permission';
export type * from './generated/role';
