import { z } from 'zod';
import { attr, type AttributeSpec, type ResourceSchema } from '../schema';
import { roleMode, roleSlug } from '../slug';

const common = {
  id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'Identifier of the mapping. Import by it.' }),
  organization_id: attr.string({ mode: 'required', requiresReplace: true, description: 'Organization whose members the mapping applies to.' }),
  roles: attr.stringSet({
    mode: 'required',
    check: z.array(roleSlug).min(1, 'must name at least one role'),
    description: 'Roles the matching members get: environment roles or this organization\'s own roles. In-place update.',
  }),
  mode: attr.string({
    mode: 'optional',
    check: roleMode,
    description:
      '`exclusive`: the roles are a ladder, only the highest-priority match among exclusive roles is kept. `additive`: always kept. Unset: WorkOS behaviour (exclusive when multiple-roles mode is off, additive when on).',
    defaultDoc: 'WorkOS behaviour',
  }),
} satisfies Record<string, AttributeSpec>;

export const directoryGroupMappingSchema = {
  typeName: 'workos_directory_group_mapping',
  constructName: 'DirectoryGroupMapping',
  description:
    'Members of a directory group (SCIM or Google Workspace directory) get these roles; updated as the IdP pushes changes. Directory mappings take precedence over SSO group mappings. Dashboard-only in WorkOS.',
  version: 0,
  attributes: {
    ...common,
    directory_id: attr.string({ mode: 'optional', requiresReplace: true, description: 'The directory (`directory_…`). Unset: any directory of the organization.', defaultDoc: 'any directory of the organization' }),
    group: attr.string({ mode: 'required', requiresReplace: true, check: z.string().min(1, 'must not be empty'), description: 'Group name as the directory sends it, or its IdP id.' }),
  },
} as const satisfies ResourceSchema;

export const ssoGroupMappingSchema = {
  typeName: 'workos_sso_group_mapping',
  constructName: 'SsoGroupMapping',
  description: 'Users whose SSO profile lists this group get these roles at sign-in (needs JIT provisioning). Dashboard-only in WorkOS.',
  version: 0,
  attributes: {
    ...common,
    connection_id: attr.string({ mode: 'optional', requiresReplace: true, description: 'The SSO connection (`conn_…`). Unset: any connection of the organization.', defaultDoc: 'any connection of the organization' }),
    group: attr.string({ mode: 'required', requiresReplace: true, check: z.string().min(1, 'must not be empty'), description: 'Group name as the IdP sends it in the SSO profile.' }),
  },
} as const satisfies ResourceSchema;

export const attributeMappingSchema = {
  typeName: 'workos_attribute_mapping',
  constructName: 'AttributeMapping',
  description: 'Users whose attribute has this value (e.g. `myRole = "admin"`) get these roles, when no group mapping matches.',
  version: 0,
  attributes: {
    ...common,
    attribute: attr.string({ mode: 'required', requiresReplace: true, check: z.string().min(1, 'must not be empty'), description: 'Name of the user attribute, e.g. `myRole`.' }),
    value: attr.string({ mode: 'required', requiresReplace: true, description: 'Value that selects these roles, e.g. `admin`.' }),
  },
} as const satisfies ResourceSchema;
