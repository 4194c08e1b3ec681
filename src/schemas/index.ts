/**
 * Every schema the provider serves, one file each (src/schemas/<name>.ts). The lists below are
 * the one place a resource is registered: the provider's handler registry is checked against
 * them, and the construct generator and docs/resources.md are fed from them.
 */
import { permissionSchema } from './permission';
import { roleSchema } from './role';
import { organizationSchema } from './organization';
import { userSchema } from './user';
import { organizationMembershipSchema } from './organization-membership';
import { organizationRoleSchema } from './organization-role';
import { rolePolicySchema } from './role-policy';
import { directorySchema } from './directory';
import { directoryGroupMappingSchema } from './directory-group-mapping';
import { ssoGroupMappingSchema } from './sso-group-mapping';
import { attributeMappingSchema } from './attribute-mapping';
import { resourceTypeSchema } from './resource-type';
import { resourceSchema } from './resource';
import { resourceAssignmentSchema } from './resource-assignment';
import { effectiveRolesSchema } from './effective-roles';
import { accessCheckSchema } from './access-check';

export * from './permission';
export * from './role';
export * from './organization';
export * from './user';
export * from './organization-membership';
export * from './organization-role';
export * from './role-policy';
export * from './directory';
export * from './directory-group-mapping';
export * from './sso-group-mapping';
export * from './attribute-mapping';
export * from './resource-type';
export * from './resource';
export * from './resource-assignment';
export * from './effective-roles';
export * from './access-check';
export { providerConfigSchema, DEFAULT_BASE_URL } from './provider-config';

/** Every managed resource, in the order the docs list them. */
export const resourceSchemas = [
  permissionSchema,
  roleSchema,
  organizationSchema,
  userSchema,
  organizationMembershipSchema,
  organizationRoleSchema,
  rolePolicySchema,
  directorySchema,
  directoryGroupMappingSchema,
  ssoGroupMappingSchema,
  attributeMappingSchema,
  resourceTypeSchema,
  resourceSchema,
  resourceAssignmentSchema,
] as const;

/** Every data source. */
export const dataSourceSchemas = [effectiveRolesSchema, accessCheckSchema] as const;

/** The file name stem a resource has in every room: `workos_role_policy` → `role-policy`. */
export const fileStem = (typeName: string): string => typeName.replace(/^workos_/, '').replace(/_/g, '-');
