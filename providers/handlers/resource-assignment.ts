/**
 * workos_resource_assignment: membership M has role R on resource X. The resource is named
 * either by `resource_id` or by `resource_type_slug` + `resource_external_id`; after create
 * all three hold the server's answer, so either way the state names the resource fully.
 *
 * WorkOS cannot change an assignment: every attribute forces replacement and there is no
 * update. Import as `<organization_membership_id>/<assignment_id>`.
 */
import { resourceAssignmentSchema } from '../../src/schemas/resource-assignment';
import type { ResourceRef, RoleAssignment } from '../../src/client/types';
import { isUnknown, type Diagnostic, type StateOf } from '../../src/schemas/builder';
import { foundOrNull, goneIsDone, DiagnosticError, type HandlerContext, type ListingSpec, type ResourceHandler } from '../handler';
import { readListed } from '../listings';
import { sameValues } from '../consistency';
import { checkRoleReferences, membershipOrganization } from '../graph-checks';
import { knownString, type PreviewImpact } from '../preview-staleness';
import { checkMembershipReference, checkResourceByExternalId, checkResourceIdReference, checkResourceTypeReference } from '../target-checks';

export type ResourceAssignmentState = StateOf<typeof resourceAssignmentSchema>;

function toState(a: RoleAssignment): ResourceAssignmentState {
  return {
    id: a.id,
    organization_membership_id: a.organizationMembershipId,
    role_slug: a.roleSlug,
    resource_id: a.resourceId,
    resource_type_slug: a.resourceTypeSlug,
    resource_external_id: a.resourceExternalId,
  };
}

const namingHelp = 'Name the resource one way: `resource_id`, or `resource_type_slug` together with `resource_external_id`.';

const refError = (summary: string, path: string): Diagnostic => ({ severity: 'error', summary, detail: namingHelp, path: [path] });

/** The assignment, or null when it (or its membership) is gone. Assignments are only listed per membership. */
async function findAssignment(ctx: HandlerContext, membershipId: string, id: string): Promise<RoleAssignment | null> {
  return foundOrNull(async () => {
    for await (const a of ctx.client.roleAssignments.list(membershipId)) if (a.id === id) return a;
    return null;
  });
}

/**
 * The assignments of one membership: a refresh reads them from here (providers/listings.ts).
 * The API lists assignments only per membership and has no read of one, so even the first read lists.
 */
const listing = (ctx: HandlerContext, membershipId: string): ListingSpec<RoleAssignment> => ({
  key: `role assignments of ${membershipId}`,
  list: () => ctx.client.roleAssignments.list(membershipId),
  idOf: (a) => a.id,
  listFirst: true,
});

export const resourceAssignmentHandler = {
  schema: resourceAssignmentSchema,
  previews: { affects: () => ['access_check'], scope: (ctx, values) => membershipOrganization(ctx, values.organization_membership_id), subject: (values) => knownString(values.organization_membership_id) } satisfies PreviewImpact,

  validate(config) {
    const { resource_id: id, resource_type_slug: type, resource_external_id: ext } = config;
    // An unknown value may still turn out null: judge once all are known.
    if ([id, type, ext].some(isUnknown)) return [];
    const has = (v: unknown): boolean => v !== null && v !== undefined;
    if (has(id) && (has(type) || has(ext))) {
      return [refError('Conflicting resource references', has(type) ? 'resource_type_slug' : 'resource_external_id')];
    }
    if (has(id)) return [];
    if (!has(type) && !has(ext)) return [refError('Missing resource reference: set resource_id, or resource_type_slug and resource_external_id', 'resource_id')];
    if (!has(type)) return [refError('resource_external_id needs resource_type_slug', 'resource_type_slug')];
    if (!has(ext)) return [refError('resource_type_slug needs resource_external_id', 'resource_external_id')];
    return [];
  },

  async modifyPlan(ctx, planned, prior) {
    // Nothing changes (every attribute forces replacement): nothing to check, nothing to ask the target.
    if (planned === null || (prior !== null && sameValues(planned, prior))) return;
    await checkMembershipReference(ctx, planned, prior);
    const organizationId = await membershipOrganization(ctx, planned.organization_membership_id);
    // An unchanged role was checked when it was set.
    if (isKnownString(planned.role_slug) && (prior === null || prior.role_slug !== planned.role_slug)) {
      await checkRoleReferences(ctx, planned, prior, 'role_slug', organizationId, 'role assignment');
    }
    await checkResourceIdReference(ctx, planned, prior, 'resource_id', organizationId);
    await checkResourceTypeReference(ctx, planned, prior);
    await checkResourceByExternalId(ctx, planned, prior, organizationId);
  },

  async create(ctx, planned) {
    const ref: ResourceRef =
      planned.resource_id !== null
        ? { resourceId: planned.resource_id }
        : { resourceTypeSlug: planned.resource_type_slug ?? '', resourceExternalId: planned.resource_external_id ?? '' };
    const created = await ctx.client.roleAssignments.create(planned.organization_membership_id, { roleSlug: planned.role_slug, ...ref });
    return toState(created);
  },

  async read(ctx, state) {
    const membershipId = state.organization_membership_id;
    const found = await readListed(ctx, listing(ctx, membershipId), state.id ?? '', () => findAssignment(ctx, membershipId, state.id ?? ''));
    return found && toState(found);
  },

  /** Unreachable: every attribute forces replacement. Kept for the contract; reads the current object. */
  async update(ctx, prior) {
    const found = await findAssignment(ctx, prior.organization_membership_id, prior.id ?? '');
    if (!found) throw new Error(`role assignment ${prior.id} no longer exists`);
    return toState(found);
  },

  async delete(ctx, prior) {
    await goneIsDone(() => ctx.client.roleAssignments.delete(prior.organization_membership_id, prior.id ?? ''));
  },

  async importState(ctx, importId) {
    const [membershipId, id, ...rest] = importId.split('/');
    if (!membershipId || !id || rest.length > 0) {
      throw new DiagnosticError({
        severity: 'error',
        summary: `Invalid import id "${importId}"`,
        detail: 'Import a role assignment as `<organization_membership_id>/<assignment_id>`.',
      });
    }
    const found = await findAssignment(ctx, membershipId, id);
    return found && toState(found);
  },

  adopt: {
    codes: ['role_assignment_already_exists'],
    async find(ctx, planned) {
      const sameResource = (a: RoleAssignment) =>
        planned.resource_id !== null ? a.resourceId === planned.resource_id : a.resourceTypeSlug === planned.resource_type_slug && a.resourceExternalId === planned.resource_external_id;
      const found = await foundOrNull(async () => {
        for await (const a of ctx.client.roleAssignments.list(planned.organization_membership_id)) if (a.roleSlug === planned.role_slug && sameResource(a)) return a;
        return null;
      });
      return found && toState(found);
    },
    importId: (found) => `${found.organization_membership_id}/${found.id}`,
  },
} satisfies ResourceHandler<ResourceAssignmentState>;

const isKnownString = (v: unknown): v is string => typeof v === 'string';
