/** workos_attribute_mapping: users whose attribute has a value get these roles (RoleMapping kind `attribute`). */
import { attributeMappingSchema } from '../../src/schemas/attribute-mapping';
import type { StateOf } from '../../src/schemas/builder';
import { roleMappingHandler } from './role-mapping';

export type AttributeMappingState = StateOf<typeof attributeMappingSchema>;

export const attributeMappingHandler = roleMappingHandler<AttributeMappingState>({
  kind: 'attribute',
  schema: attributeMappingSchema,
  label: 'attribute mappings',
  // The WorkOS object keeps the attribute name where group mappings keep the group.
  toMapping: (s) => ({ sourceId: null, group: s.attribute, value: s.value }),
  fromMapping: (m) => ({ attribute: m.group, value: m.value ?? '' }),
});
