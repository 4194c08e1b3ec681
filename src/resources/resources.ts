import { z } from 'zod';
import { attr, type ResourceSchema } from '../schema';
import { description, displayName, externalId, resourceTypeSlug, roleSlug } from '../slug';

export const resourceTypeSchema = {
  typeName: 'workos_resource_type',
  constructName: 'ResourceType',
  description: 'A kind of resource (e.g. `workspace`, `project`) and which types may be its parents. Types form a hierarchy without cycles. Dashboard-only in WorkOS.',
  version: 0,
  attributes: {
    id: attr.string({
      mode: 'computed',
      useStateForUnknown: true,
      description: 'Identifier of the type: its slug, which is how the control plane identifies types. Known at plan.',
    }),
    slug: attr.string({ mode: 'required', requiresReplace: true, check: resourceTypeSlug, description: 'Immutable key of the type. Import by it.' }),
    name: attr.string({ mode: 'required', check: displayName, description: 'Human-readable name.' }),
    parent_types: attr.stringSet({
      mode: 'optional',
      check: z.array(resourceTypeSlug),
      description: 'Slugs of the types a resource of this type may sit under. Unset: directly under the organization.',
      defaultDoc: 'the organization root only',
    }),
  },
} as const satisfies ResourceSchema;

export const resourceSchema = {
  typeName: 'workos_resource',
  constructName: 'Resource',
  description: 'A resource in an organization (e.g. the workspace "Platform"), optionally under a parent. Access granted on a parent flows to its children.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'WorkOS identifier of the resource. Import by it.' }),
    organization_id: attr.string({ mode: 'required', requiresReplace: true, description: 'Organization the resource belongs to.' }),
    resource_type_slug: attr.string({ mode: 'required', requiresReplace: true, check: resourceTypeSlug, description: 'Type of the resource.' }),
    external_id: attr.string({ mode: 'required', requiresReplace: true, check: externalId, description: 'Your identifier, unique per organization and type, at most 128 ASCII characters.' }),
    name: attr.string({ mode: 'required', check: displayName, description: 'Display name, at most 48 characters.' }),
    description: attr.string({ mode: 'optional', check: description, description: 'At most 150 characters.' }),
    parent_id: attr.string({ mode: 'optional', description: 'Id of the parent resource; in-place update. Unset: directly under the organization.', defaultDoc: 'the organization root' }),
    cascade_delete: attr.bool({
      mode: 'optional_computed',
      default: false,
      description: 'Deleting a resource with children or assignments fails (409 `resource_has_dependents`) unless this is true.',
      defaultDoc: 'false',
    }),
  },
} as const satisfies ResourceSchema;

export const resourceAssignmentSchema = {
  typeName: 'workos_resource_assignment',
  constructName: 'ResourceAssignment',
  description:
    'Membership M has role R on resource X (and so on its descendants). API-managed: IdP group changes never touch it. Name the resource by `resource_id`, or by `resource_type_slug` + `resource_external_id`.',
  version: 0,
  attributes: {
    id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'Identifier of the assignment. Import as `<organization_membership_id>/<id>`.' }),
    organization_membership_id: attr.string({ mode: 'required', requiresReplace: true, description: 'The member who gets the role.' }),
    role_slug: attr.string({ mode: 'required', requiresReplace: true, check: roleSlug, description: 'The role granted on the resource.' }),
    resource_id: attr.string({ mode: 'optional_computed', requiresReplace: true, description: 'The resource, by id.' }),
    resource_type_slug: attr.string({ mode: 'optional_computed', requiresReplace: true, check: resourceTypeSlug, description: 'The resource\'s type, with `resource_external_id`.' }),
    resource_external_id: attr.string({ mode: 'optional_computed', requiresReplace: true, check: externalId, description: 'The resource\'s external id, with `resource_type_slug`.' }),
  },
} as const satisfies ResourceSchema;
