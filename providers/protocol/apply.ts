/**
 * Apply, read and import: the handler calls and what terraform requires of their results
 * (every attribute present; every known planned value kept; nothing left unknown).
 */
import { isUnknown, type Diagnostic, type ResourceSchema } from '../../src/schemas/builder';
import { PartialCreateError, type HandlerContext, type ResourceHandler, type Values } from '../handler';
import { readAfterWrite, refreshFailedMarker, writtenMarker } from '../consistency';
import { createOrAdopt } from '../adopt';
import { containsUnknown } from './codec';
import { errorToDiagnostic, failureReason, isTransientFailure } from './diagnostics';

export interface Outcome {
  readonly state: Values | null;
  readonly diagnostics: Diagnostic[];
}

export interface ApplyOutcome extends Outcome {
  /**
   * Set when the object was written, or its refresh failed: terraform keeps it as private
   * state for the next plan and read (providers/consistency.ts).
   */
  readonly privateState?: Buffer;
}

/** What a handler receives: fully known values (UNKNOWN computed attributes become null). */
function known(schema: ResourceSchema, values: Values): Values {
  const out: Values = {};
  for (const name of Object.keys(schema.attributes)) out[name] = containsUnknown(values[name]) ? null : (values[name] ?? null);
  return out;
}

/** The handler's result, with every attribute: missing ones fall back to `fallback`'s known value. */
function complete(schema: ResourceSchema, result: Values, fallback: Values): Values {
  const out: Values = {};
  for (const name of Object.keys(schema.attributes)) {
    const v = result[name] !== undefined ? result[name] : fallback[name];
    out[name] = v === undefined || isUnknown(v) || containsUnknown(v) ? null : v;
  }
  return out;
}

/** prior null → create; planned null → delete; else update. On failure the state stays as it was. */
export async function applyChange(handler: ResourceHandler, ctx: HandlerContext, prior: Values | null, planned: Values | null): Promise<ApplyOutcome> {
  const outcome = await change(handler, ctx, prior, planned);
  const failed = outcome.diagnostics.some((d) => d.severity === 'error');
  return outcome.state !== null && !failed ? { ...outcome, privateState: writtenMarker() } : outcome;
}

async function change(handler: ResourceHandler, ctx: HandlerContext, prior: Values | null, planned: Values | null): Promise<Outcome> {
  const { schema } = handler;
  const type = schema.typeName;
  if (prior === null && planned === null) return { state: null, diagnostics: [] };
  if (prior === null) {
    try {
      // A create refused because the object exists may adopt it (providers/adopt.ts).
      const created = await createOrAdopt(handler, ctx, known(schema, planned!));
      return { state: complete(schema, created, planned!), diagnostics: [] };
    } catch (err) {
      if (err instanceof PartialCreateError) {
        return { state: complete(schema, err.state, planned!), diagnostics: [errorToDiagnostic(err.failure, `creating ${type}`)] };
      }
      return { state: null, diagnostics: [errorToDiagnostic(err, `creating ${type}`)] };
    }
  }
  if (planned === null) {
    try {
      await handler.delete(ctx, prior);
      return { state: null, diagnostics: [] };
    } catch (err) {
      return { state: prior, diagnostics: [errorToDiagnostic(err, `deleting ${type}`)] };
    }
  }
  try {
    const updated = await handler.update(ctx, prior, known(schema, planned));
    return { state: complete(schema, updated, planned), diagnostics: [] };
  } catch (err) {
    return { state: prior, diagnostics: [errorToDiagnostic(err, `updating ${type}`)] };
  }
}

/**
 * Refresh: null means the object is gone. With `ctx.listings`, the first read may be served from
 * a listing (providers/listings.ts). `privateState` is what the last apply left
 * (`ApplyOutcome.privateState`): shortly after our own write, a differing read may be a lagging
 * replica and is asked again first (providers/consistency.ts).
 *
 * A read that still fails after the client's retries with a failure that may pass (5xx, 429,
 * a dropped connection) fails only this resource: terraform stops the whole plan on any
 * ReadResource error, so the prior state is kept with a warning and a note in private state,
 * and a plan that would change this resource fails (`staleChange`). Any other failure (an
 * unreachable target, 401, an unexpected answer) is an error.
 */
export async function readCurrent(handler: ResourceHandler, ctx: HandlerContext, current: Values | null, privateState?: Uint8Array | null): Promise<ApplyOutcome> {
  if (current === null) return { state: null, diagnostics: [] };
  // A read repeated after a recent write asks the object itself, never a listing fetched before.
  let reads = 0;
  const read = () => readOnce(handler, reads++ === 0 ? ctx : { ...ctx, listings: undefined }, current);
  const outcome = await readAfterWrite(read, current, privateState, ctx.log, handler.schema.typeName);
  if (!('failure' in outcome)) return outcome;
  const reason = failureReason(outcome.failure);
  const type = handler.schema.typeName;
  const warning: Diagnostic = {
    severity: 'warning',
    summary: `Could not refresh ${type} ${describe(current)}; kept its prior state`,
    detail: `Reading it failed after retries: ${reason}. This plan leaves it as it is; a change to it fails the plan until a refresh succeeds.`,
  };
  return { state: current, diagnostics: [warning], privateState: refreshFailedMarker(privateState, reason) };
}

/** The error for a planned change to an object whose last refresh failed (`readCurrent`). */
export function staleChange(schema: ResourceSchema, prior: Values, reason: string): Diagnostic {
  return {
    severity: 'error',
    summary: `Cannot change ${schema.typeName} ${describe(prior)}: its refresh failed`,
    detail: `Refreshing it failed after retries (${reason}), so its state may be stale and a change planned from it could undo a change made on the target. Plan again once the WorkOS API answers.`,
  };
}

/** How a warning names an object: its slug, email or name, and its id. */
function describe(values: Values): string {
  const label = [values.slug, values.email, values.name].find((v) => typeof v === 'string' && v !== '');
  const id = typeof values.id === 'string' ? values.id : undefined;
  return [label && JSON.stringify(label), id && `(${id})`].filter(Boolean).join(' ');
}

type ReadOutcome = Outcome | (Outcome & { readonly failure: unknown });

async function readOnce(handler: ResourceHandler, ctx: HandlerContext, current: Values): Promise<ReadOutcome> {
  try {
    const read = await handler.read(ctx, current);
    return { state: read === null ? null : complete(handler.schema, read, current), diagnostics: [] };
  } catch (err) {
    const diagnostic = errorToDiagnostic(err, `reading ${handler.schema.typeName}`);
    return isTransientFailure(err) ? { state: current, diagnostics: [diagnostic], failure: err } : { state: current, diagnostics: [diagnostic] };
  }
}

export async function importById(handler: ResourceHandler, ctx: HandlerContext, id: string): Promise<Outcome> {
  const type = handler.schema.typeName;
  try {
    const imported = await handler.importState(ctx, id);
    if (imported === null) {
      return {
        state: null,
        diagnostics: [{ severity: 'error', summary: `Cannot import: no ${type} matches "${id}"`, detail: `Nothing with the import id "${id}" exists at the configured WorkOS target (see the resource documentation for its import id).` }],
      };
    }
    return { state: complete(handler.schema, imported, {}), diagnostics: [] };
  } catch (err) {
    return { state: null, diagnostics: [errorToDiagnostic(err, `importing ${type} "${id}"`)] };
  }
}
