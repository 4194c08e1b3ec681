/**
 * workos_resource_type: a kind of resource and the types it may sit under. Identified by its
 * immutable slug (import by it), which is also its `id`; name and parent_types change in place.
 *
 * Types form a hierarchy without cycles. A type listed among its own parents is rejected by
 * validate; a change that would close a cycle is rejected at plan, before anything changes,
 * whether the cycle runs through types on the server or through types this plan creates: each
 * type planned records its parents in the plan ledger, so the last type of a cycle to be
 * planned sees the whole of it. One cycle is reported once, at the `parent_types` of that type.
 *
 * Dashboard-only in WorkOS: against a target without `capabilities.resourceTypes` every plan
 * fails and says where to define types instead.
 */
import { resourceTypeSchema } from '../../src/schemas/resource-type';
import type { ResourceType } from '../../src/client/types';
import { isUnknown, UNKNOWN, type Diagnostic, type StateOf } from '../../src/schemas/builder';
import { goneIsDone, type HandlerContext, type ListingSpec, type ResourceHandler, type Values } from '../handler';
import { readListed } from '../listings';
import { checkCapabilityAtPlan, requireCapability } from '../capabilities';
import { checkResourceTypeNotOnTarget } from '../target-checks';

export type ResourceTypeState = StateOf<typeof resourceTypeSchema>;

const TYPE = resourceTypeSchema.typeName;

function toState(t: ResourceType, configuredParents: string[] | null): ResourceTypeState {
  const parents = [...t.parentTypes].sort();
  // An unset attribute and an empty set mean the same thing: keep what the config said.
  return { id: t.slug, slug: t.slug, name: t.name, parent_types: parents.length === 0 && configuredParents === null ? null : parents };
}

/** A type's slug and parents, when every part of them is known. */
function knownEdges(values: Values): { slug: string; parents: string[] } | null {
  const { slug, parent_types: parents } = values;
  if (typeof slug !== 'string') return null;
  if (parents === null || parents === undefined) return { slug, parents: [] };
  if (isUnknown(parents) || !Array.isArray(parents) || parents.some((p) => typeof p !== 'string')) return null;
  return { slug, parents: parents as string[] };
}

function cycleDiagnostic(cycle: readonly string[]): Diagnostic {
  const selfParent = cycle.length === 2;
  return {
    severity: 'error',
    summary: selfParent ? `Resource type "${cycle[0]}" cannot be its own parent` : `Resource types would form a cycle: ${cycle.join(' → ')}`,
    detail: selfParent
      ? `parent_types of "${cycle[0]}" lists "${cycle[0]}" itself. Resource types form a hierarchy without cycles; remove it from parent_types.`
      : `With these parent_types, ${cycle.map((s) => `"${s}"`).join(' → ')} would lead back to itself (each type listed is a parent of the one before). ` +
        'Resource types form a hierarchy without cycles: remove one of these parents. Nothing was changed.',
    path: ['parent_types'],
  };
}

/**
 * The path `[slug, parent, …, slug]` when `slug`'s new parents lead back to it through the
 * graph (`parentsOf`), else null.
 */
export function findCycle(slug: string, parents: readonly string[], parentsOf: ReadonlyMap<string, readonly string[]>): string[] | null {
  const visited = new Set<string>();
  const walk = (current: string, trail: string[]): string[] | null => {
    if (current === slug) return [...trail, current];
    if (visited.has(current)) return null;
    visited.add(current);
    for (const p of parentsOf.get(current) ?? []) {
      const found = walk(p, [...trail, current]);
      if (found) return found;
    }
    return null;
  };
  for (const p of parents) {
    const found = walk(p, [slug]);
    if (found) return found;
  }
  return null;
}

/** Every resource type: a refresh reads them from here (providers/listings.ts). */
const listing = (ctx: HandlerContext): ListingSpec<ResourceType> => ({ key: 'resource types', list: () => ctx.client.resourceTypes.list(), idOf: (t) => t.slug });

/** From the listing during a refresh, else its own GET (import, adoption). */
async function fetchType(ctx: HandlerContext, slug: string): Promise<ResourceType | null> {
  // Without the capability a 404 means "no such route", not "no such type".
  requireCapability(ctx, 'resourceTypes', TYPE);
  return readListed(ctx, listing(ctx), slug, () => ctx.client.resourceTypes.get(slug));
}

export const resourceTypeHandler = {
  schema: resourceTypeSchema,

  validate(config) {
    const edges = knownEdges(config);
    return edges && edges.parents.includes(edges.slug) ? [cycleDiagnostic([edges.slug, edges.slug])] : [];
  },

  async modifyPlan(ctx, planned, prior) {
    // The id is the slug, so it is known whenever the slug is (also for state written before types had an id).
    if (planned !== null) planned.id = typeof planned.slug === 'string' ? planned.slug : UNKNOWN;
    if (!checkCapabilityAtPlan(ctx, 'resourceTypes', TYPE) || planned === null) return;
    await checkResourceTypeNotOnTarget(ctx, planned, prior);
    const edges = knownEdges(planned);
    if (edges === null) return;
    ctx.plan?.recordTypeParents(edges.slug, edges.parents);
    if (edges.parents.length === 0) return;
    if (prior !== null && sameSet(prior.parent_types ?? [], edges.parents)) return; // nothing new can close a cycle
    if (edges.parents.includes(edges.slug)) return; // validate already said so
    const parentsOf = new Map(await typesOnTarget(ctx));
    for (const [slug, parents] of ctx.plan?.plannedTypeParents() ?? []) parentsOf.set(slug, parents);
    parentsOf.set(edges.slug, edges.parents);
    const cycle = findCycle(edges.slug, edges.parents, parentsOf);
    if (cycle && firstReport(ctx, cycle)) ctx.diagnostics.push(cycleDiagnostic(cycle));
  },

  async create(ctx, planned) {
    requireCapability(ctx, 'resourceTypes', TYPE);
    const created = await ctx.client.resourceTypes.create({ slug: planned.slug, name: planned.name, parentTypes: planned.parent_types ?? [] });
    return toState(created, planned.parent_types);
  },

  async read(ctx, state) {
    const type = await fetchType(ctx, state.slug);
    return type && toState(type, state.parent_types);
  },

  async update(ctx, _prior, planned) {
    requireCapability(ctx, 'resourceTypes', TYPE);
    const updated = await ctx.client.resourceTypes.update(planned.slug, { name: planned.name, parentTypes: planned.parent_types ?? [] });
    return toState(updated, planned.parent_types);
  },

  async delete(ctx, prior) {
    requireCapability(ctx, 'resourceTypes', TYPE);
    await goneIsDone(() => ctx.client.resourceTypes.delete(prior.slug));
  },

  async importState(ctx, id) {
    const type = await fetchType(ctx, id);
    return type && toState(type, type.parentTypes.length ? [...type.parentTypes] : null);
  },

  adopt: {
    codes: ['resource_type_slug_conflict'],
    async find(ctx, planned) {
      const type = await fetchType(ctx, planned.slug);
      return type && toState(type, planned.parent_types);
    },
    importId: (found) => found.slug,
  },
} satisfies ResourceHandler<ResourceTypeState>;

/** The parents of every type on the target, listed once per plan walk. */
async function typesOnTarget(ctx: HandlerContext): Promise<ReadonlyMap<string, readonly string[]>> {
  const load = async () => {
    const parentsOf = new Map<string, readonly string[]>();
    for await (const t of ctx.client.resourceTypes.list()) parentsOf.set(t.slug, t.parentTypes);
    return parentsOf;
  };
  return ctx.plan ? ctx.plan.memo('resource-types', load) : load();
}

/** True the first time this walk meets this cycle (its types, in any rotation): each type of it would find it. */
function firstReport(ctx: HandlerContext, cycle: readonly string[]): boolean {
  if (!ctx.plan) return true;
  const key = [...new Set(cycle)].sort().join(' ');
  if (ctx.plan.noted('resource-type-cycle').includes(key)) return false;
  ctx.plan.note('resource-type-cycle', key);
  return true;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const s = new Set(a);
  return a.length === b.length && b.every((x) => s.has(x)) && s.size === new Set(b).size;
}
