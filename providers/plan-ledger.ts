/**
 * What one plan walk creates, and what the target already has, for graph validation at plan
 * time (README, "Checked at plan, from plain HCL too").
 *
 * Terraform plans a resource's dependencies before the resource itself, and one provider
 * process serves a whole graph walk (plan, or apply). So when a mapping referencing
 * `workos_role.developer.slug` is planned, the role's own PlanResourceChange has already run in
 * this process: the ledger remembers that it will be created, and the reference is not an
 * error although the role does not exist on the server yet.
 *
 * Held by the provider instance (one per process, i.e. per walk) and given to handlers as
 * `ctx.plan` during PlanResourceChange. Server lists are cached here too (one list call per
 * scope per walk), never per resource.
 *
 * Identity: the request carries no resource address, and PlanResourceChange runs more than
 * once for the same resource in one walk (a replacement is planned twice; apply re-plans). A
 * creation is therefore identified by its kind, scope and slug plus `identity`: the JSON of
 * the resource's configured values (computed attributes left out). Re-planning the same
 * resource gives the same identity and is never a duplicate. Limitation: two resources with
 * byte-identical configuration are indistinguishable here (the apply then fails on the
 * server's conflict instead).
 */
import { isUnknown, type Unknown } from '../src/schemas/builder';

export type LedgerKind = 'permission' | 'role';
/** null: the environment; a string: that organization's id; UNKNOWN: an organization not known yet. */
export type LedgerScope = string | null | Unknown;

export interface Creation {
  readonly kind: LedgerKind;
  readonly scope: LedgerScope;
  readonly slug: string;
  /** Stable per resource instance within one walk (see above). */
  readonly identity: string;
  readonly typeName: string;
}

/** What a preview data source answers: roles from mappings and policy, or access of a membership. */
export type PreviewKind = 'effective_roles' | 'access_check';

/** A create, update or delete of one resource in this walk. */
export interface PendingChange {
  /** The organization, or null for the environment (roles and policy every organization may use). */
  readonly scope: string | null;
  /** The same resource planned again, and applied, has the same identity. */
  readonly identity: string;
  readonly affects: readonly PreviewKind[];
  /** The one membership it concerns, when it concerns one (then only previews of that membership, or of none, are affected). */
  readonly subject?: string;
  /** E.g. `update of workos_directory_group_mapping (group "Admins")`. */
  readonly what: string;
  readonly applied?: boolean;
}

/** A preview data source read in this walk, from the target's state at that moment. */
export interface PreviewRead {
  readonly kind: PreviewKind;
  readonly scope: string | null;
  /** The membership it is about, if any. */
  readonly subject?: string;
  /** E.g. `data "workos_effective_roles" for organization org_… (directory_groups ["Admins"])`. */
  readonly what: string;
}

const UNKNOWN_SCOPE = '?';
const scopeKey = (scope: LedgerScope): string => (isUnknown(scope) ? UNKNOWN_SCOPE : scope === null ? 'env' : `org:${scope}`);
const key = (kind: LedgerKind, scope: LedgerScope, slug: string): string => `${kind}|${scopeKey(scope)}|${slug}`;

export class PlanLedger {
  private readonly creations = new Map<string, Creation[]>();
  private readonly cache = new Map<string, Promise<unknown>>();

  /**
   * Records that this walk creates `c`. Returns another resource's creation of the same object
   * (same kind, scope and slug, different identity), if any; never for an unknown scope (two
   * new organizations may well have roles with the same slug).
   */
  recordCreate(c: Creation): Creation | undefined {
    const k = key(c.kind, c.scope, c.slug);
    const list = this.creations.get(k) ?? [];
    if (!this.creations.has(k)) this.creations.set(k, list);
    if (list.some((x) => x.identity === c.identity)) return undefined; // the same resource, planned again
    const other = isUnknown(c.scope) ? undefined : list[0];
    list.push(c);
    return other;
  }

  /** Whether this walk creates that object. */
  creates(kind: LedgerKind, scope: LedgerScope, slug: string): boolean {
    return (this.creations.get(key(kind, scope, slug))?.length ?? 0) > 0;
  }

  /** Organization ids (known ones) for which this walk creates a role with this slug. */
  organizationsCreatingRole(slug: string): string[] {
    const out: string[] = [];
    for (const list of this.creations.values()) {
      for (const c of list) if (c.kind === 'role' && c.slug === slug && typeof c.scope === 'string' && !out.includes(c.scope)) out.push(c.scope);
    }
    return out;
  }

  /** Whether this walk creates any object of this kind in `scope` (UNKNOWN: in some organization not created yet). */
  createsAnyIn(kind: LedgerKind, scope: LedgerScope): boolean {
    const k = scopeKey(scope);
    for (const [key, list] of this.creations) if (key.startsWith(`${kind}|${k}|`) && list.length > 0) return true;
    return false;
  }

  // ---- what this walk changes, and which previews it read (providers/preview-staleness.ts) ----

  private readonly changes = new Map<string, PendingChange>();
  private readonly reads: PreviewRead[] = [];
  private readonly notes = new Map<string, string[]>();

  /** Records a planned change (the same identity again replaces the earlier record). */
  recordChange(c: PendingChange): void {
    const earlier = this.changes.get(c.identity);
    this.changes.set(c.identity, { ...c, applied: earlier?.applied ?? false });
  }

  /** The change with this identity was applied (apply walk): reads from now on see it. */
  markApplied(identity: string): void {
    const c = this.changes.get(identity);
    if (c) this.changes.set(identity, { ...c, applied: true });
  }

  /** Changes not applied yet that can alter a `kind` preview of `scope` (an organization's, or the environment's, which reach every organization). */
  pendingChanges(kind: PreviewKind, scope: string | null, subject?: string): PendingChange[] {
    return [...this.changes.values()].filter(
      (c) => !c.applied && c.affects.includes(kind) && (c.scope === null || c.scope === scope) && (c.subject === undefined || subject === undefined || c.subject === subject),
    );
  }

  recordPreviewRead(r: PreviewRead): void {
    if (!this.reads.some((x) => x.kind === r.kind && x.scope === r.scope && x.what === r.what)) this.reads.push(r);
  }

  /** Previews of these kinds read in this walk that a change in `scope` makes stale (an environment change: every organization's). */
  previewReads(kinds: readonly PreviewKind[], scope: string | null, subject?: string): PreviewRead[] {
    return this.reads.filter((r) => kinds.includes(r.kind) && (scope === null || r.scope === scope) && (subject === undefined || r.subject === undefined || r.subject === subject));
  }

  /** Free-form facts about this walk for checks that look at two resources (e.g. "first custom role of org X"). */
  note(topic: string, value: string): void {
    const list = this.notes.get(topic) ?? [];
    if (!list.includes(value)) list.push(value);
    this.notes.set(topic, list);
  }

  noted(topic: string): readonly string[] {
    return this.notes.get(topic) ?? [];
  }

  // ---- one role policy per scope, and the resource-type hierarchy this walk plans ----

  private readonly policies = new Map<string, string>();
  private readonly typeParents = new Map<string, readonly string[]>();

  /**
   * Records that the resource with `identity` manages the role policy of `scope` (null: the
   * environment). Returns true when another resource of this walk already manages it: two
   * policies for one scope would overwrite each other on every apply.
   */
  claimPolicy(scope: string | null, identity: string): boolean {
    const k = scopeKey(scope);
    const holder = this.policies.get(k);
    if (holder === undefined) this.policies.set(k, identity);
    return holder !== undefined && holder !== identity;
  }

  /** Records the parents a resource type has once this walk is applied (its planned `parent_types`). */
  recordTypeParents(slug: string, parents: readonly string[]): void {
    this.typeParents.set(slug, [...parents]);
  }

  /** The resource types planned in this walk, with their planned parents. */
  plannedTypeParents(): ReadonlyMap<string, readonly string[]> {
    return this.typeParents;
  }

  /**
   * `load()` once per key for this walk. A failed load is not cached (the next caller tries
   * again).
   */
  memo<T>(cacheKey: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(cacheKey) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.cache.set(cacheKey, p);
      p.catch(() => this.cache.delete(cacheKey));
    }
    return p;
  }
}

/** The identity of a resource's creation: its non-computed planned values as JSON, unknowns marked. */
export function creationIdentity(values: Record<string, unknown>, computed: readonly string[]): string {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(values).sort()) if (!computed.includes(name)) out[name] = values[name];
  return JSON.stringify(out, (_k, v: unknown) => (isUnknown(v) ? { '(unknown)': true } : v));
}
