import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { objectId, roleSlug } from '../slug';

export const organizationMembershipSchema = {
  typeName: 'workos_organization_membership',
  constructName: 'OrganizationMembership',
  description:
    'A user in an organization. Its organization-level roles are one role, or several in multiple-roles mode. Leave `roles` unset when IdP group mappings assign them.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the membership (`om_…`). Import by it.' }),
    organization_id: attr.string({ mode: 'required', requiresReplace: true, check: objectId, description: 'Organization the user belongs to.' }),
    user_id: attr.string({ mode: 'required', requiresReplace: true, check: objectId, description: 'The member.' }),
    roles: attr.stringSet({
      mode: 'optional_computed',
      check: z.array(roleSlug).min(1, 'must name at least one role'),
      description:
        'Slugs of the organization-level roles (environment or organization roles). More than one needs multiple-roles mode. When unset, Terraform leaves the roles to IdP mappings and the default role, and only records them.',
      defaultDoc: 'roles come from IdP mappings or the default role',
    }),
  },
} as const satisfies ResourceSchema;
