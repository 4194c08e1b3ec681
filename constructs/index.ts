/**
 * cdktf constructs for WorkOS RBAC, hand-written over the `workos` provider (no `cdktf get`).
 * Prop types are generated from the resource schemas in src/schemas (`npm run generate`).
 *
 * One construct per resource, named by the schema's file stem (`workos_role_policy` →
 * `role-policy.ts`). To add one: register its schema in src/schemas/index.ts; `npm run
 * generate` writes `generated/<stem>.ts` (the `<Construct>Config` props and the attribute
 * getters, extending `WorkosResource`, `RoleMapping` or `WorkosDataSource`); write
 * `<stem>.ts` (props → `config()`, plus `extraDiagnostics()` / `implicitDependencies()`
 * where needed), export it here, test it in test/unit/constructs/<stem>.test.ts and add it
 * to the list in test/unit/constructs/generated.test.ts. Other constructs recognise it only
 * through refs.ts (an interface and an `isX()` brand), never by importing its class, so the
 * import graph stays acyclic; `Organization` is the aggregate whose factories (`addRole`,
 * `addMember`, `map…`, `setRolePolicy`) import the rest.
 */
export { WorkosProvider, type WorkosProviderProps } from './provider';
export { Permission, type PermissionProps } from './permission';
export { Role, type RoleProps } from './role';
export { Organization, type OrganizationProps } from './organization';
export { User, type UserProps } from './user';
export { OrganizationMembership, type OrganizationMembershipProps } from './organization-membership';
export { OrganizationRole, type OrganizationRoleProps } from './organization-role';
export { RolePolicy, type RolePolicyProps } from './role-policy';
export type { GroupMappingOptions } from './role-mapping';
export { Directory, type DirectoryProps } from './directory';
export { DirectoryGroupMapping, type DirectoryGroupMappingProps } from './directory-group-mapping';
export { SsoGroupMapping, type SsoGroupMappingProps } from './sso-group-mapping';
export { AttributeMapping, type AttributeMappingProps } from './attribute-mapping';
export { ResourceType, type ResourceTypeProps, type ResourceTypeRef } from './resource-type';
export { Resource, type ResourceProps, type ResourceLocator } from './resource';
export { ResourceAssignment, type ResourceAssignmentProps } from './resource-assignment';
export { DataWorkosEffectiveRoles, type DataWorkosEffectiveRolesProps } from './effective-roles';
export { DataWorkosAccessCheck, type DataWorkosAccessCheckProps } from './access-check';
export type { DirectoryRef, IDirectory, IOrganization, IOrganizationMembership, IOrganizationRole, IPermission, IRole, IRolePolicy, OrganizationRef, RoleRef } from './refs';
export type * from './generated/provider';
export type * from './generated/permission';
export type * from './generated/role';
