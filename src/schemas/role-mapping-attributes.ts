import { z } from 'zod';
import { attr, type AttributeSpec } from './builder';
import { objectId, roleMode, roleSlug } from '../slug';

/** Attributes every role mapping has: whose members, which roles, how they combine. */
export const roleMappingAttributes = {
  id: attr.string({ mode: 'computed', useStateForUnknown: true, description: 'Identifier of the mapping. Import by it.' }),
  organization_id: attr.string({ mode: 'required', requiresReplace: true, check: objectId, description: 'Organization whose members the mapping applies to.' }),
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
