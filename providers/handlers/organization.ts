/** workos_organization: one WorkOS organization, identified by its id (`org_…`). */
import { organizationSchema } from '../../src/schemas/organization';
import type { StateOf } from '../../src/schemas/builder';
import type { Organization } from '../../src/client/types';
import { goneIsDone, type HandlerContext, type ListingSpec, type ResourceHandler } from '../handler';
import { readListed } from '../listings';
import { noteNewOrganization } from '../plan-safety';
import { checkOrganizationNotOnTarget } from '../target-checks';

export type OrganizationState = StateOf<typeof organizationSchema>;

function toState(o: Organization): OrganizationState {
  return { id: o.id, name: o.name, external_id: o.externalId ?? null };
}

/** Every organization: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext): ListingSpec<Organization> => ({ key: 'organizations', list: () => ctx.client.organizations.list(), idOf: (x) => x.id });

/** From the listing during a refresh, else its own GET (import, adoption). */
async function readById(ctx: HandlerContext, id: string): Promise<OrganizationState | null> {
  const found = await readListed(ctx, listing(ctx), id, () => ctx.client.organizations.get(id));
  return found && toState(found);
}

export const organizationHandler = {
  schema: organizationSchema,

  async modifyPlan(ctx, planned, prior) {
    noteNewOrganization(ctx, planned, prior);
    await checkOrganizationNotOnTarget(ctx, planned, prior);
  },

  async create(ctx, planned) {
    return toState(await ctx.client.organizations.create({ name: planned.name, externalId: planned.external_id }));
  },

  read: (ctx, state) => (state.id ? readById(ctx, state.id) : Promise.resolve(null)),

  async update(ctx, prior, planned) {
    return toState(await ctx.client.organizations.update(prior.id!, { name: planned.name, externalId: planned.external_id }));
  },

  async delete(ctx, prior) {
    await goneIsDone(() => ctx.client.organizations.delete(prior.id!));
  },

  importState: (ctx, id) => readById(ctx, id),

  // Only an organization with an external_id can be found again; without one, see the README ("When an answer is lost").
  // WorkOS's spec answers 400 external_id_already_used; the local control plane 409 external_id_conflict.
  adopt: {
    codes: ['external_id_already_used', 'external_id_conflict'],
    async find(ctx, planned) {
      if (planned.external_id === null) return null;
      for await (const o of ctx.client.organizations.list()) if (o.externalId === planned.external_id) return toState(o);
      return null;
    },
    importId: (found) => found.id ?? '',
  },
} satisfies ResourceHandler<OrganizationState>;
