/** workos_user: one WorkOS user (User Management), identified by its id (`user_…`). */
import { userSchema } from '../../src/schemas/user';
import type { StateOf } from '../../src/schemas/builder';
import type { User } from '../../src/client/types';
import { goneIsDone, type HandlerContext, type ListingSpec, type ResourceHandler } from '../handler';
import { readListed } from '../listings';
import { checkUserNotOnTarget } from '../target-checks';

export type UserState = StateOf<typeof userSchema>;

function toState(u: User): UserState {
  // An empty name is how a cleared name comes back (the API's update takes strings only).
  return { id: u.id, email: u.email, first_name: u.firstName || null, last_name: u.lastName || null };
}

/** Every user: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext): ListingSpec<User> => ({ key: 'users', list: () => ctx.client.users.list(), idOf: (x) => x.id });

/** From the listing during a refresh, else its own GET (import, adoption). */
async function readById(ctx: HandlerContext, id: string): Promise<UserState | null> {
  const found = await readListed(ctx, listing(ctx), id, () => ctx.client.users.get(id));
  return found && toState(found);
}

export const userHandler = {
  schema: userSchema,

  modifyPlan: checkUserNotOnTarget,

  async create(ctx, planned) {
    return toState(await ctx.client.users.create({ email: planned.email, firstName: planned.first_name, lastName: planned.last_name }));
  },

  read: (ctx, state) => (state.id ? readById(ctx, state.id) : Promise.resolve(null)),

  async update(ctx, prior, planned) {
    return toState(await ctx.client.users.update(prior.id!, { email: planned.email, firstName: planned.first_name, lastName: planned.last_name }));
  },

  async delete(ctx, prior) {
    await goneIsDone(() => ctx.client.users.delete(prior.id!));
  },

  importState: (ctx, id) => readById(ctx, id),

  // WorkOS refuses a taken email with 400 user_creation_error (reason email_not_available).
  adopt: {
    codes: ['user_creation_error'],
    async find(ctx, planned) {
      for await (const u of ctx.client.users.list({ email: planned.email })) return toState(u);
      return null;
    },
    importId: (found) => found.id ?? '',
  },
} satisfies ResourceHandler<UserState>;
