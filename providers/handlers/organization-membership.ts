/**
 * workos_organization_membership: a user in an organization, identified by its id (`om_…`).
 *
 * `roles` is optional+computed. Unset in the config, Terraform leaves the roles to IdP
 * mappings and the default role: it never calls setRoles and only records what the server
 * has (the generic plan keeps the refreshed value, so out-of-band changes never cause a diff).
 * Set, it is authoritative: after apply the membership has exactly these roles.
 */
import { organizationMembershipSchema } from '../../src/schemas/organization-membership';
import type { StateOf } from '../../src/schemas/builder';
import type { OrganizationMembership } from '../../src/client/types';
import { foundOrNull, goneIsDone, type HandlerContext, type ListingSpec, type ResourceHandler } from '../handler';
import { readListed } from '../listings';
import { checkRoleReferences } from '../graph-checks';
import type { LedgerScope } from '../plan-ledger';
import { inOrganization, knownString } from '../preview-staleness';
import { checkMembershipNotOnTarget, checkMultipleRoles, checkOrganizationReference, checkUserReference } from '../target-checks';

export type OrganizationMembershipState = StateOf<typeof organizationMembershipSchema>;

function toState(m: OrganizationMembership): OrganizationMembershipState {
  return { id: m.id, organization_id: m.organizationId, user_id: m.userId, roles: [...m.roleSlugs].sort() };
}

async function readById(ctx: HandlerContext, id: string): Promise<OrganizationMembershipState | null> {
  const found = await foundOrNull(() => ctx.client.memberships.get(id));
  return found && toState(found);
}

/** The memberships of one organization: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext, organizationId: string): ListingSpec<OrganizationMembership> => ({
  key: `memberships of ${organizationId}`,
  list: () => ctx.client.memberships.list({ organizationId }),
  idOf: (m) => m.id,
});

export const organizationMembershipHandler = {
  schema: organizationMembershipSchema,
  previews: { ...inOrganization(() => ['access_check']), subject: (values) => knownString(values.id) },

  async modifyPlan(ctx, planned, prior) {
    if (planned === null) return;
    await checkOrganizationReference(ctx, planned, prior);
    await checkUserReference(ctx, planned, prior);
    await checkMembershipNotOnTarget(ctx, planned, prior);
    await checkRoleReferences(ctx, planned, prior, 'roles', planned.organization_id as LedgerScope, 'membership');
    await checkMultipleRoles(ctx, planned, prior);
  },

  async create(ctx, planned) {
    const created = await ctx.client.memberships.create({
      organizationId: planned.organization_id,
      userId: planned.user_id,
      // null: unmanaged, the membership gets whatever the organization gives it (default role)
      ...(planned.roles ? { roleSlugs: planned.roles } : {}),
    });
    return toState(created);
  },

  async read(ctx, state) {
    const id = state.id;
    if (!id) return null;
    const found = await readListed(ctx, listing(ctx, state.organization_id), id, () => ctx.client.memberships.get(id));
    return found && toState(found);
  },

  async update(ctx, prior, planned) {
    // planned.roles equals prior.roles when the config leaves roles unset (generic planning).
    if (planned.roles !== null && !sameSet(prior.roles ?? [], planned.roles)) {
      return toState(await ctx.client.memberships.setRoles(prior.id!, planned.roles));
    }
    return { ...prior, roles: planned.roles };
  },

  async delete(ctx, prior) {
    await goneIsDone(() => ctx.client.memberships.delete(prior.id!));
  },

  importState: (ctx, id) => readById(ctx, id),

  adopt: {
    codes: ['organization_membership_already_exists'],
    async find(ctx, planned) {
      for await (const m of ctx.client.memberships.list({ organizationId: planned.organization_id, userId: planned.user_id })) return toState(m);
      return null;
    },
    importId: (found) => found.id ?? '',
  },
} satisfies ResourceHandler<OrganizationMembershipState>;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return a.length === b.length && b.every((x) => s.has(x)) && s.size === new Set(b).size;
}
