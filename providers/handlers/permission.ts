/** workos_permission: one WorkOS permission, identified by its immutable slug. */
import { permissionSchema } from '../../src/schemas/permission';
import type { StateOf } from '../../src/schemas/builder';
import type { Permission } from '../../src/client/types';
import { goneIsDone, type HandlerContext, type ListingSpec, type ResourceHandler } from '../handler';
import { readListed } from '../listings';
import { recordCreation } from '../graph-checks';
import { checkPermissionNotOnTarget } from '../target-checks';

export type PermissionState = StateOf<typeof permissionSchema>;

function toState(p: Permission): PermissionState {
  return { id: p.id, slug: p.slug, name: p.name, description: p.description ?? null };
}

/** Every permission of the environment: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext): ListingSpec<Permission> => ({ key: 'permissions', list: () => ctx.client.permissions.list(), idOf: (p) => p.slug });

/** From the listing during a refresh, else its own GET (import, adoption). */
async function readBySlug(ctx: HandlerContext, slug: string): Promise<PermissionState | null> {
  const found = await readListed(ctx, listing(ctx), slug, () => ctx.client.permissions.get(slug));
  return found && toState(found);
}

export const permissionHandler = {
  schema: permissionSchema,

  async modifyPlan(ctx, planned, prior) {
    recordCreation(ctx, permissionSchema, 'permission', planned, prior, null);
    await checkPermissionNotOnTarget(ctx, planned, prior);
  },

  async create(ctx, planned) {
    const created = await ctx.client.permissions.create({
      slug: planned.slug,
      name: planned.name,
      description: planned.description,
    });
    return toState(created);
  },

  read: (ctx, state) => readBySlug(ctx, state.slug),

  async update(ctx, _prior, planned) {
    const updated = await ctx.client.permissions.update(planned.slug, {
      name: planned.name,
      description: planned.description,
    });
    return toState(updated);
  },

  async delete(ctx, prior) {
    await goneIsDone(() => ctx.client.permissions.delete(prior.slug));
  },

  importState: (ctx, id) => readBySlug(ctx, id),

  adopt: { codes: ['permission_slug_conflict'], find: (ctx, planned) => readBySlug(ctx, planned.slug), importId: (found) => found.slug },
} satisfies ResourceHandler<PermissionState>;
