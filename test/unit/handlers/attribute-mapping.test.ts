/** workos_attribute_mapping handler: users whose attribute has a value get these roles (RoleMapping kind `attribute`). */
import { attributeMappingHandler } from '../../../providers/handlers/attribute-mapping';
import { describeRoleMappingHandler } from './role-mapping';

describe('workos_attribute_mapping handler', () => {
  // The WorkOS object keeps the attribute name where group mappings keep the group.
  describeRoleMappingHandler({
    handler: attributeMappingHandler,
    kind: 'attribute',
    label: 'attribute mappings',
    sources: async () => ({ source: { attribute: 'department', value: 'engineering' }, wire: { sourceId: null, group: 'department', value: 'engineering' } }),
  });
});
