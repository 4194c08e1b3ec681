/**
 * workos_resource: one resource in an organization (e.g. the workspace "Platform"), under an
 * optional parent. Identity is organization + type + external id (they force replacement);
 * name, description and parent_id change in place. Import by id.
 *
 * Deleting a resource that still has children or role assignments fails on the server (409
 * `resource_has_dependents`) unless cascade_delete is true; the diagnostic says so rather
 * than passing the bare API error on.
 */
import { resourceSchema } from '../../src/schemas/resource';
import type { StateOf } from '../../src/schemas/builder';
import { ConflictError, NotFoundError } from '../../src/client/errors';
import type { AuthorizationResource } from '../../src/client/types';
import { foundOrNull, DiagnosticError, type HandlerContext, type ListingSpec, type ResourceHandler, type Values } from '../handler';
import { readListed } from '../listings';
import { inOrganization } from '../preview-staleness';
import { checkOrganizationReference, checkResourceIdReference, checkResourceNotOnTarget, checkResourceTypeReference } from '../target-checks';

export type ResourceState = StateOf<typeof resourceSchema>;

function toState(r: AuthorizationResource, cascadeDelete: boolean): ResourceState {
  return {
    id: r.id,
    organization_id: r.organizationId,
    resource_type_slug: r.resourceTypeSlug,
    external_id: r.externalId,
    name: r.name,
    description: r.description ?? null,
    parent_id: r.parentResourceId ?? null,
    cascade_delete: cascadeDelete,
  };
}

/** The resources of one organization: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext, organizationId: string): ListingSpec<AuthorizationResource> => ({
  key: `resources of ${organizationId}`,
  list: () => ctx.client.resources.list({ organizationId }),
  idOf: (r) => r.id,
});

async function fetchResource(ctx: HandlerContext, id: string): Promise<AuthorizationResource | null> {
  return foundOrNull(() => ctx.client.resources.get(id));
}

/**
 * Moving an existing resource under one of its own descendants would make a cycle: walk up
 * from the new parent on the server and report it at plan, before anything changes. (New
 * resources cannot form one: a reference cycle is already a terraform dependency cycle.)
 */
async function parentCycle(ctx: HandlerContext, id: string, parentId: string): Promise<string[] | null> {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let current: string | null = parentId; current !== null && !seen.has(current); ) {
    seen.add(current);
    const r = await fetchResource(ctx, current);
    if (r === null) return null;
    chain.push(`${r.resourceTypeSlug} "${r.externalId}"`);
    if (r.id === id) return chain;
    current = r.parentResourceId;
  }
  return null;
}

/** Moving an existing resource under one of its own descendants: an error at `parent_id`. */
async function checkParentCycle(ctx: HandlerContext, planned: Values, prior: ResourceState | null): Promise<void> {
  if (!prior?.id || typeof planned.parent_id !== 'string' || planned.parent_id === prior.parent_id) return;
  const cycle = await parentCycle(ctx, prior.id, planned.parent_id);
  if (cycle) {
    ctx.diagnostics.push({
      severity: 'error',
      summary: 'Resources would form a cycle',
      detail: `${prior.resource_type_slug} "${prior.external_id}" cannot move under ${cycle[0]}: that is one of its own descendants (${[...cycle].reverse().join(' → ')} → ${cycle[cycle.length - 1]}). Nothing was changed.`,
      path: ['parent_id'],
    });
  }
}

export const resourceHandler = {
  schema: resourceSchema,
  previews: inOrganization(() => ['access_check']),

  async modifyPlan(ctx, planned, prior) {
    if (planned === null) return;
    await checkOrganizationReference(ctx, planned, prior);
    await checkResourceTypeReference(ctx, planned, prior);
    await checkResourceIdReference(ctx, planned, prior, 'parent_id', planned.organization_id);
    await checkResourceNotOnTarget(ctx, planned, prior);
    await checkParentCycle(ctx, planned, prior);
  },

  async create(ctx, planned) {
    const created = await ctx.client.resources.create({
      organizationId: planned.organization_id,
      resourceTypeSlug: planned.resource_type_slug,
      externalId: planned.external_id,
      name: planned.name,
      description: planned.description,
      parentResourceId: planned.parent_id,
    });
    return toState(created, planned.cascade_delete ?? false);
  },

  async read(ctx, state) {
    const id = state.id ?? '';
    const resource = await readListed(ctx, listing(ctx, state.organization_id), id, () => ctx.client.resources.get(id));
    return resource && toState(resource, state.cascade_delete ?? false);
  },

  async update(ctx, prior, planned) {
    const id = prior.id ?? '';
    const serverFieldsChanged = prior.name !== planned.name || prior.description !== planned.description || prior.parent_id !== planned.parent_id;
    // cascade_delete alone is a provider setting: nothing to send.
    const updated = serverFieldsChanged
      ? await ctx.client.resources.update(id, { name: planned.name, description: planned.description, parentResourceId: planned.parent_id })
      : await ctx.client.resources.get(id);
    return toState(updated, planned.cascade_delete ?? false);
  },

  async delete(ctx, prior) {
    const cascade = prior.cascade_delete === true;
    try {
      await ctx.client.resources.delete(prior.id ?? '', { cascade });
    } catch (err) {
      if (err instanceof NotFoundError) return; // already gone: the goal is reached
      if (err instanceof ConflictError && err.code === 'resource_has_dependents' && !cascade) {
        throw new DiagnosticError({
          severity: 'error',
          summary: `Resource "${prior.name}" still has child resources or role assignments`,
          detail:
            `WorkOS refused to delete ${prior.resource_type_slug} "${prior.external_id}" (${prior.id}): ${err.message}\n\n` +
            'Delete or move its children and remove its role assignments first, or set cascade_delete = true on this resource ' +
            '(and apply that before destroying it) to delete it together with all its descendant resources and every role ' +
            'assignment on them. Nothing was deleted.',
          path: ['cascade_delete'],
        });
      }
      throw err;
    }
  },

  async importState(ctx, id) {
    const resource = await fetchResource(ctx, id);
    return resource && toState(resource, false);
  },

  adopt: {
    codes: ['authorization_resource_external_id_conflict'],
    async find(ctx, planned) {
      const found = await foundOrNull(() => ctx.client.resources.getByExternalId(planned.organization_id, planned.resource_type_slug, planned.external_id));
      return found && toState(found, planned.cascade_delete ?? false);
    },
    importId: (found) => found.id ?? '',
  },
} satisfies ResourceHandler<ResourceState>;
