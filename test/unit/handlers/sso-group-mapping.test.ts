/** workos_sso_group_mapping handler: users whose SSO profile lists a group get these roles (RoleMapping kind `sso`). */
import { ssoGroupMappingHandler } from '../../../providers/handlers/sso-group-mapping';
import { describeRoleMappingHandler } from './role-mapping';

describe('workos_sso_group_mapping handler', () => {
  // connection_id unset: any connection of the organization.
  describeRoleMappingHandler({
    handler: ssoGroupMappingHandler,
    kind: 'sso',
    label: 'SSO group mappings',
    sources: async () => ({ source: { connection_id: null, group: 'Admins' }, wire: { sourceId: null, group: 'Admins', value: null } }),
  });
});
