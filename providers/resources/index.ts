/** Every resource handler the provider serves. Adding a resource = one file + one line here. */
import type { ResourceHandler } from '../resource';
import { permissionHandler } from './permission';
import { roleHandler } from './role';

export const handlers: ResourceHandler[] = [permissionHandler, roleHandler] as unknown as ResourceHandler[];
