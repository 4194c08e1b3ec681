/** Every resource handler the provider serves. Adding a resource = one file + one line here. */
import type { ResourceHandler } from '../resource';
import { permissionHandler } from './permission';
import { roleHandler } from './role';
import { directoryGroupMappingHandler } from './directory-group-mapping';
import { ssoGroupMappingHandler } from './sso-group-mapping';
import { attributeMappingHandler } from './attribute-mapping';
import { resourceTypeHandler } from './resource-type';
import { resourceHandler } from './resource';
import { resourceAssignmentHandler } from './resource-assignment';

export const handlers: ResourceHandler[] = [permissionHandler, roleHandler, directoryGroupMappingHandler, ssoGroupMappingHandler, attributeMappingHandler, resourceTypeHandler, resourceHandler, resourceAssignmentHandler] as unknown as ResourceHandler[];
