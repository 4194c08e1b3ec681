import { attr, type ResourceSchema } from './builder';
import { objectId } from '../slug';

/** Data source: does a membership hold a permission on a resource? */
export const accessCheckSchema = {
  typeName: 'workos_access_check',
  constructName: 'DataWorkosAccessCheck',
  description: 'Does the membership hold the permission on the resource: directly, through a role on an ancestor, or through its organization role?',
  version: 0,
  attributes: {
    organization_membership_id: attr.string({ mode: 'required', check: objectId, description: 'The member.' }),
    permission_slug: attr.string({ mode: 'required', description: 'The permission to check.' }),
    resource_id: attr.string({ mode: 'optional', check: objectId, description: 'The resource, by id.' }),
    resource_type_slug: attr.string({ mode: 'optional', description: 'The resource\'s type, with `resource_external_id`.' }),
    resource_external_id: attr.string({ mode: 'optional', description: 'The resource\'s external id, with `resource_type_slug`.' }),
    allowed: attr.bool({ mode: 'computed', description: 'Whether access is granted.' }),
    reason: attr.string({ mode: 'computed', description: 'Why: which role on which resource grants it, or that nothing does.' }),
  },
} as const satisfies ResourceSchema;
