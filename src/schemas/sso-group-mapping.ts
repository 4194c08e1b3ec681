import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { objectId } from '../slug';
import { roleMappingAttributes } from './role-mapping-attributes';

export const ssoGroupMappingSchema = {
  typeName: 'workos_sso_group_mapping',
  constructName: 'SsoGroupMapping',
  description: 'Users whose SSO profile lists this group get these roles at sign-in (needs JIT provisioning). Dashboard-only in WorkOS.',
  version: 0,
  attributes: {
    ...roleMappingAttributes,
    connection_id: attr.string({ mode: 'optional', requiresReplace: true, check: objectId, description: 'The SSO connection (`conn_…`). Unset: any connection of the organization.', defaultDoc: 'any connection of the organization' }),
    group: attr.string({ mode: 'required', requiresReplace: true, check: z.string().min(1, 'must not be empty'), description: 'Group name as the IdP sends it in the SSO profile.' }),
  },
} as const satisfies ResourceSchema;
