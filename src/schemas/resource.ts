import { attr, type ResourceSchema } from './builder';
import { description, displayName, externalId, objectId, resourceTypeSlug } from '../slug';

export const resourceSchema = {
  typeName: 'workos_resource',
  constructName: 'Resource',
  description: 'A resource in an organization (e.g. the workspace "Platform"), optionally under a parent. Access granted on a parent flows to its children.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the resource. Import by it.' }),
    organization_id: attr.string({ mode: 'required', requiresReplace: true, check: objectId, description: 'Organization the resource belongs to.' }),
    resource_type_slug: attr.string({ mode: 'required', requiresReplace: true, check: resourceTypeSlug, description: 'Type of the resource.' }),
    external_id: attr.string({ mode: 'required', requiresReplace: true, check: externalId, description: 'Your identifier, unique per organization and type, at most 128 ASCII characters.' }),
    name: attr.string({ mode: 'required', check: displayName, description: 'Display name, at most 48 characters.' }),
    description: attr.string({ mode: 'optional', check: description, description: 'At most 150 characters.' }),
    parent_id: attr.string({ mode: 'optional', check: objectId, description: 'Id of the parent resource; in-place update. Unset: directly under the organization.', defaultDoc: 'the organization root' }),
    cascade_delete: attr.bool({
      mode: 'optional_computed',
      default: false,
      description: 'Deleting a resource with children or assignments fails (409 `resource_has_dependents`) unless this is true.',
      defaultDoc: 'false',
    }),
  },
} as const satisfies ResourceSchema;
