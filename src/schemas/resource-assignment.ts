import { attr, type ResourceSchema } from './builder';
import { externalId, objectId, resourceTypeSlug, roleSlug } from '../slug';

export const resourceAssignmentSchema = {
  typeName: 'workos_resource_assignment',
  constructName: 'ResourceAssignment',
  description:
    'Membership M has role R on resource X (and so on its descendants). API-managed: IdP group changes never touch it. Name the resource by `resource_id`, or by `resource_type_slug` + `resource_external_id`.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'Identifier of the assignment. Import as `<organization_membership_id>/<id>`.' }),
    organization_membership_id: attr.string({ mode: 'required', requiresReplace: true, check: objectId, description: 'The member who gets the role.' }),
    role_slug: attr.string({ mode: 'required', requiresReplace: true, check: roleSlug, description: 'The role granted on the resource.' }),
    resource_id: attr.string({ mode: 'optional_computed', requiresReplace: true, check: objectId, description: 'The resource, by id.' }),
    resource_type_slug: attr.string({ mode: 'optional_computed', requiresReplace: true, check: resourceTypeSlug, description: 'The resource\'s type, with `resource_external_id`.' }),
    resource_external_id: attr.string({ mode: 'optional_computed', requiresReplace: true, check: externalId, description: 'The resource\'s external id, with `resource_type_slug`.' }),
  },
} as const satisfies ResourceSchema;
