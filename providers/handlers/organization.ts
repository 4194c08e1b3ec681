/** workos_organization: one WorkOS organization, identified by its id (`org_…`). */
import { organizationSchema } from '../../src/schemas/organization';
import type { StateOf } from '../../src/schemas/builder';
import { NotFoundError } from '../../src/client/errors';
import type { Organization } from '../../src/client/types';
import type { HandlerContext, ResourceHandler } from '../handler';
import { noteNewOrganization } from '../plan-safety';

export type OrganizationState = StateOf<typeof organizationSchema>;

function toState(o: Organization): OrganizationState {
  return { id: o.id, name: o.name, external_id: o.externalId ?? null };
}

async function readById(ctx: HandlerContext, id: string): Promise<OrganizationState | null> {
  try {
    return toState(await ctx.client.organizations.get(id));
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export const organizationHandler = {
  schema: organizationSchema,

  modifyPlan: noteNewOrganization,

  async create(ctx, planned) {
    return toState(await ctx.client.organizations.create({ name: planned.name, externalId: planned.external_id }));
  },

  read: (ctx, state) => (state.id ? readById(ctx, state.id) : Promise.resolve(null)),

  async update(ctx, prior, planned) {
    return toState(await ctx.client.organizations.update(prior.id!, { name: planned.name, externalId: planned.external_id }));
  },

  async delete(ctx, prior) {
    try {
      await ctx.client.organizations.delete(prior.id!);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err; // already gone: the goal is reached
    }
  },

  importState: (ctx, id) => readById(ctx, id),
} satisfies ResourceHandler<OrganizationState>;
