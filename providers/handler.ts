/**
 * The contract between the protocol layer and the handlers of resources and data sources. The
 * protocol layer knows no resource by name: it looks handlers up in the registry
 * (providers/registry.ts) and derives schema, validation and plan behaviour from `handler.schema`.
 *
 * Values are plain JS: string | number | boolean | null | arrays (sets and lists) | objects,
 * with `UNKNOWN` (src/schemas/builder.ts) for values terraform does not know yet. A handler's
 * create/update/read/import receive and return fully known objects that carry every
 * attribute of the schema (null where unset).
 */
import type { Diagnostic, ResourceSchema, Unknown } from '../src/schemas/builder';
import type { Capabilities, WorkosApi } from '../src/client/types';
import { NotFoundError } from '../src/client/errors';
import type { LedgerScope, PlanLedger, PreviewKind } from './plan-ledger';

export type Values = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface HandlerContext {
  readonly client: WorkosApi;
  readonly capabilities: Capabilities;
  readonly log: Logger;
  /** Warnings (or errors) to report along with the result. */
  readonly diagnostics: Diagnostic[];
  /**
   * During PlanResourceChange only: what this plan walk creates and the target's lists, shared by
   * every resource planned in this provider process (providers/plan-ledger.ts).
   */
  readonly plan?: PlanLedger;
  /**
   * During ReadResource only: the listings this process fetched, which serve reads of many
   * objects of one kind (providers/listings.ts). Handlers read through `readListed`.
   */
  readonly listings?: ListingReads;
}

/** One listing: every object of one kind in one scope (providers/listings.ts). */
export interface ListingSpec<T> {
  /** The listing's identity in this process, e.g. `permissions` or `memberships of org_123`. */
  readonly key: string;
  /** Every object in it, page by page. */
  list(): AsyncIterable<T>;
  /** The identifier a read asks for (slug or id), of an object in the listing. */
  idOf(item: T): string;
  /**
   * True when reading one object directly costs a listing anyway (a resource assignment is only
   * readable through its membership's list): then even the first read uses the listing.
   */
  readonly listFirst?: boolean;
}

/** Reads served from listings; implemented by `Listings` (providers/listings.ts). */
export interface ListingReads {
  /** The object `id` of `spec`'s listing, or null when the target has none; `direct` asks for that one object (null or a 404: none). */
  find<T>(spec: ListingSpec<T>, id: string, direct: () => Promise<T | null>): Promise<T | null>;
}

export interface ResourceHandler<S extends Values = Values> {
  readonly schema: ResourceSchema;
  /** Cross-attribute checks beyond the schema's per-attribute rules. Values may be UNKNOWN. */
  validate?(config: Values): Diagnostic[];
  /** Which preview data sources a change of this resource can alter (providers/preview-staleness.ts). */
  readonly previews?: PreviewImpact;
  /**
   * Optional plan adjustment after the generic planning (from the schema) is done; may
   * edit `planned` in place and add diagnostics to ctx (e.g. "the target cannot do this").
   * `prior` is null on create; `planned` is null on a destroy plan.
   */
  modifyPlan?(ctx: HandlerContext, planned: Values | null, prior: S | null): Promise<void> | void;
  create(ctx: HandlerContext, planned: S): Promise<S>;
  /** Returns null when the object is gone (terraform then plans to create it again). */
  read(ctx: HandlerContext, state: S): Promise<S | null>;
  update(ctx: HandlerContext, prior: S, planned: S): Promise<S>;
  delete(ctx: HandlerContext, prior: S): Promise<void>;
  /** `terraform import ADDR ID`: returns the full state, or null when nothing has that id. */
  importState(ctx: HandlerContext, id: string): Promise<S | null>;
  /**
   * How a create that the target refuses because the object already exists (a create whose
   * answer was lost, then retried in a later apply) finds that object to adopt it
   * (providers/adopt.ts). Absent: the object has no natural key and the refusal is reported.
   */
  readonly adopt?: Adoption<S>;
}

/** What `createOrAdopt` (providers/adopt.ts) needs to know of one resource type. */
export interface Adoption<S extends Values = Values> {
  /** The error codes with which the target refuses a create because an object with the same natural key exists. */
  readonly codes: readonly string[];
  /** The existing object with `planned`'s natural key (slug, external id, email …) as state, or null when there is none; provider-only settings come from `planned`. */
  find(ctx: HandlerContext, planned: S): Promise<S | null>;
  /** The id `terraform import` takes for it. */
  importId(found: S): string;
  /**
   * Attributes that `create` sets in follow-up calls once the object exists (a role's
   * permissions). Found empty, the lost answer came before them: adoption finishes them with
   * `update` instead of calling the object different.
   */
  readonly setAfterCreate?: readonly string[];
}

export interface DataSourceHandler {
  readonly schema: ResourceSchema;
  validate?(config: Values): Diagnostic[];
  /** A preview of access: what it summarises, so a read before this plan's changes is flagged (providers/preview-staleness.ts). */
  readonly preview?: PreviewSource;
  /** Returns the full object: config values plus what the data source computes. */
  read(ctx: HandlerContext, config: Values): Promise<Values>;
}

/** Read: the API's answer, or null when it answers 404 (the object is gone: terraform plans to create it again). */
export async function foundOrNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/** Delete: a 404 means the object is already gone, which is the goal. */
export async function goneIsDone(call: () => Promise<unknown>): Promise<void> {
  await foundOrNull(call);
}

/** A handler error that already is a diagnostic (with its attribute path): reported as is. */
export class DiagnosticError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.summary);
  }
}

/**
 * Thrown by `create` when the object was created but a follow-up call failed (e.g. setting a
 * role's permissions): the protocol layer records `state`, terraform marks it tainted and the
 * next apply replaces it, instead of losing track of an object that exists.
 */
export class PartialCreateError extends Error {
  constructor(
    readonly state: Values,
    readonly failure: unknown,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** What a change of a resource can alter, declared by its handler. */
export interface PreviewImpact {
  /** The previews a change can alter (`prior` null: a create; `planned` null: a delete). */
  affects(prior: Values | null, planned: Values | null): readonly PreviewKind[];
  /** Its organization (null: the environment; UNKNOWN: one not created yet, which no preview can have read). */
  scope(ctx: HandlerContext, values: Values): LedgerScope | Promise<LedgerScope>;
  /** The one membership a change concerns (an assignment, a membership's roles): previews of other members are unaffected. */
  subject?(values: Values): string | undefined;
}

/** What a preview data source summarises, declared by its handler. */
export interface PreviewSource {
  readonly kind: PreviewKind;
  /** The organization whose state it reads (null: the environment only). */
  scope(ctx: HandlerContext, config: Values): Promise<string | null | Unknown>;
  /** The membership it is about, if any. */
  subject?(config: Values): string | undefined;
}
