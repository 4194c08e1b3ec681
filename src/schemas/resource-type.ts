import { z } from 'zod';
import { attr, type ResourceSchema } from './builder';
import { displayName, resourceTypeSlug } from '../slug';

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
