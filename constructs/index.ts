/**
 * cdktf constructs for WorkOS RBAC, hand-written over the `workos` provider (no `cdktf get`).
 * Prop types are generated from the resource schemas in src/resources (`npm run generate`).
 */
export { WorkosProvider, type WorkosProviderProps } from './provider';
export { Permission, type IPermission, type PermissionProps } from './permission';
export { Role, type RoleProps } from './role';
export type { WorkosProviderConfig } from './generated/provider';
export type { PermissionConfig } from './generated/permission';
export type { RoleConfig } from './generated/role';
