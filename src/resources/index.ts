export { permissionSchema } from './permission';
export { roleSchema } from './role';
export { providerConfigSchema, DEFAULT_BASE_URL } from './provider-config';
