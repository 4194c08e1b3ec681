/**
 * workos_directory: a SCIM directory of one organization, and what the identity provider needs
 * to push to it: `scim_endpoint` and the sensitive `bearer_token`. Import by id.
 *
 * Creating and renaming are dashboard-only in WorkOS (capability `directories`): against a
 * target without them every plan that keeps the directory fails and says where to set it up
 * instead. WorkOS's API lists, reads and deletes directories, so refresh and destroy work
 * everywhere.
 *
 * A refresh reads the organization's directory listing, which holds no token: the SCIM
 * endpoint and token stay as state has them, and are fetched from the dashboard view only when
 * state has none (an import, or state written by a target without the dashboard) or has an
 * endpoint under another base URL.
 */
import { directorySchema } from '../../src/schemas/directory';
import type { StateOf } from '../../src/schemas/builder';
import type { Directory, DirectorySetup } from '../../src/client/types';
import { foundOrNull, goneIsDone, type HandlerContext, type ListingSpec, type ResourceHandler } from '../handler';
import { readListed } from '../listings';
import { checkCapabilityAtPlan, requireCapability, supports } from '../capabilities';
import { checkOrganizationReference } from '../target-checks';

export type DirectoryState = StateOf<typeof directorySchema>;

const TYPE = directorySchema.typeName;

type Setup = Pick<DirectorySetup, 'scimEndpoint' | 'bearerToken'>;

function toState(d: Directory, setup: Setup | null): DirectoryState {
  return {
    id: d.id,
    organization_id: d.organizationId,
    name: d.name,
    // A directory of another kind (e.g. Google Workspace) is kept as WorkOS names it; a config can only name SCIM types.
    type: d.type as DirectoryState['type'],
    scim_endpoint: setup?.scimEndpoint ?? null,
    bearer_token: setup?.bearerToken ?? null,
  };
}

/** The directories of one organization: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext, organizationId: string): ListingSpec<Directory> => ({
  key: `directories of ${organizationId}`,
  list: () => ctx.client.directories.list(organizationId),
  idOf: (d) => d.id,
});

/**
 * The endpoint and token as state has them; from the dashboard view where state has none
 * (import, or written by a target without the dashboard) or an endpoint under another base
 * URL, when the target has that view.
 */
async function setupOf(ctx: HandlerContext, id: string, state: Partial<DirectoryState> | null): Promise<Setup | null> {
  const recorded = state?.scim_endpoint && state.bearer_token ? { scimEndpoint: state.scim_endpoint, bearerToken: state.bearer_token } : null;
  if (recorded && ctx.client.directories.isOwnEndpoint(recorded.scimEndpoint)) return recorded;
  if (!supports(ctx.capabilities, 'directories')) return recorded;
  return (await foundOrNull(() => ctx.client.directories.getSetup(id))) ?? recorded;
}

export const directoryHandler = {
  schema: directorySchema,

  async modifyPlan(ctx, planned, prior) {
    // Destroy plans need nothing of the dashboard: WorkOS's API deletes directories.
    if (planned === null || !checkCapabilityAtPlan(ctx, 'directories', TYPE)) return;
    await checkOrganizationReference(ctx, planned, prior);
  },

  async create(ctx, planned) {
    requireCapability(ctx, 'directories', TYPE);
    const created = await ctx.client.directories.create({ organizationId: planned.organization_id, name: planned.name, type: planned.type });
    return toState(created, created);
  },

  async read(ctx, state) {
    const directory = await readListed(ctx, listing(ctx, state.organization_id), state.id!, () => ctx.client.directories.get(state.id!));
    return directory && toState(directory, await setupOf(ctx, directory.id, state));
  },

  async update(ctx, _prior, planned) {
    requireCapability(ctx, 'directories', TYPE);
    // Only the name changes in place; everything else replaces the directory (the schema).
    const updated = await ctx.client.directories.update(planned.id!, { name: planned.name });
    return toState(updated, updated);
  },

  async delete(ctx, prior) {
    await goneIsDone(() => ctx.client.directories.delete(prior.id!));
  },

  async importState(ctx, id) {
    const directory = await foundOrNull(() => ctx.client.directories.get(id));
    return directory && toState(directory, await setupOf(ctx, id, null));
  },
} satisfies ResourceHandler<DirectoryState>;
