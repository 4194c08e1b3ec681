/** workos_permission: one WorkOS permission, identified by its immutable slug. */
import { permissionSchema } from '../../src/schemas/permission';
import type { StateOf } from '../../src/schemas/builder';
import { NotFoundError } from '../../src/client/errors';
import type { Permission } from '../../src/client/types';
import type { HandlerContext, ResourceHandler } from '../handler';
import { recordCreation } from '../graph-checks';

export type PermissionState = StateOf<typeof permissionSchema>;

function toState(p: Permission): PermissionState {
  return { id: p.id, slug: p.slug, name: p.name, description: p.description ?? null };
}

async function readBySlug(ctx: HandlerContext, slug: string): Promise<PermissionState | null> {
  try {
    return toState(await ctx.client.permissions.get(slug));
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export const permissionHandler = {
  schema: permissionSchema,

  modifyPlan(ctx, planned, prior) {
    recordCreation(ctx, permissionSchema, 'permission', planned, prior, null);
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
    try {
      await ctx.client.permissions.delete(prior.slug);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err; // already gone: the goal is reached
    }
  },

  importState: (ctx, id) => readBySlug(ctx, id),
} satisfies ResourceHandler<PermissionState>;
