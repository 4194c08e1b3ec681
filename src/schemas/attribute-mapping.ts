import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { roleMappingAttributes } from './role-mapping-attributes';

export const attributeMappingSchema = {
  typeName: 'workos_attribute_mapping',
  constructName: 'AttributeMapping',
  description: 'Users whose attribute has this value (e.g. `myRole = "admin"`) get these roles, when no group mapping matches.',
  version: 0,
  attributes: {
    ...roleMappingAttributes,
    attribute: attr.string({ mode: 'required', requiresReplace: true, check: z.string().min(1, 'must not be empty'), description: 'Name of the user attribute, e.g. `myRole`.' }),
    value: attr.string({ mode: 'required', requiresReplace: true, description: 'Value that selects these roles, e.g. `admin`.' }),
  },
} as const satisfies ResourceSchema;
