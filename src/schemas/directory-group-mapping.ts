import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { objectId } from '../slug';
import { roleMappingAttributes } from './role-mapping-attributes';

export const directoryGroupMappingSchema = {
  typeName: 'workos_directory_group_mapping',
  constructName: 'DirectoryGroupMapping',
  description:
    'Members of a directory group (SCIM or Google Workspace directory) get these roles; updated as the IdP pushes changes. Directory mappings take precedence over SSO group mappings. Dashboard-only in WorkOS.',
  version: 0,
  attributes: {
    ...roleMappingAttributes,
    directory_id: attr.string({ mode: 'optional', requiresReplace: true, check: objectId, description: "The directory (`directory_…`): one of the organization's (`terraform plan` fails naming this attribute otherwise). Unset: any directory of the organization.", defaultDoc: 'any directory of the organization' }),
    group: attr.string({ mode: 'required', requiresReplace: true, check: z.string().min(1, 'must not be empty'), description: 'Group name as the directory sends it, or its IdP id.' }),
  },
} as const satisfies ResourceSchema;
