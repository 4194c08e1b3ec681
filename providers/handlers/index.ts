/**
 * Every handler the provider serves, one file each (providers/handlers/<stem>.ts). Adding a
 * resource = its schema in src/schemas/index.ts, one file here and one line below; the registry
 * (providers/registry.ts) checks the two lists agree.
 */
import type { DataSourceHandler, ResourceHandler } from '../handler';
import { permissionHandler } from './permission';
import { roleHandler } from './role';
import { organizationHandler } from './organization';
import { userHandler } from './user';
import { organizationMembershipHandler } from './organization-membership';
import { organizationRoleHandler } from './organization-role';
import { rolePolicyHandler } from './role-policy';
import { directoryHandler } from './directory';
import { directoryGroupMappingHandler } from './directory-group-mapping';
import { ssoGroupMappingHandler } from './sso-group-mapping';
import { attributeMappingHandler } from './attribute-mapping';
import { resourceTypeHandler } from './resource-type';
import { resourceHandler } from './resource';
import { resourceAssignmentHandler } from './resource-assignment';
import { accessCheckDataSource } from './access-check';
import { effectiveRolesDataSource } from './effective-roles';

export const handlers: ResourceHandler[] = [permissionHandler, roleHandler, organizationHandler, userHandler, organizationMembershipHandler, organizationRoleHandler, rolePolicyHandler, directoryHandler, directoryGroupMappingHandler, ssoGroupMappingHandler, attributeMappingHandler, resourceTypeHandler, resourceHandler, resourceAssignmentHandler];

export const dataSources: DataSourceHandler[] = [effectiveRolesDataSource, accessCheckDataSource];
