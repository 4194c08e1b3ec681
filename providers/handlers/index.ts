/** Every resource handler the provider serves. Adding a resource = one file + one line here. */
import type { ResourceHandler } from '../handler';
import { permissionHandler } from './permission';
import { roleHandler } from './role';
import { organizationHandler } from './organization';
import { userHandler } from './user';
import { organizationMembershipHandler } from './organization-membership';
import { organizationRoleHandler } from './organization-role';
import { rolePolicyHandler } from './role-policy';
import { directoryGroupMappingHandler } from './directory-group-mapping';
import { ssoGroupMappingHandler } from './sso-group-mapping';
import { attributeMappingHandler } from './attribute-mapping';
import { resourceTypeHandler } from './resource-type';
import { resourceHandler } from './resource';
import { resourceAssignmentHandler } from './resource-assignment';

export const handlers: ResourceHandler[] = [permissionHandler, roleHandler, organizationHandler, userHandler, organizationMembershipHandler, organizationRoleHandler, rolePolicyHandler, directoryGroupMappingHandler, ssoGroupMappingHandler, attributeMappingHandler, resourceTypeHandler, resourceHandler, resourceAssignmentHandler] as unknown as ResourceHandler[];
