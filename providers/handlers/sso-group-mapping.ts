/** workos_sso_group_mapping: users whose SSO profile lists a group get these roles (RoleMapping kind `sso`). */
import { ssoGroupMappingSchema } from '../../src/schemas/sso-group-mapping';
import type { StateOf } from '../../src/schemas/builder';
import { roleMappingHandler } from './role-mapping';

export type SsoGroupMappingState = StateOf<typeof ssoGroupMappingSchema>;

export const ssoGroupMappingHandler = roleMappingHandler<SsoGroupMappingState>({
  kind: 'sso',
  schema: ssoGroupMappingSchema,
  label: 'SSO group mappings',
  toMapping: (s) => ({ sourceId: s.connection_id, group: s.group, value: null }),
  fromMapping: (m) => ({ connection_id: m.sourceId, group: m.group }),
});
