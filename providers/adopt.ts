/**
 * Adoption: a create whose answer was lost. The target stored the object but the provider
 * never heard back (the control plane killed right after its commit, the network dropping the
 * answer) and the retries, which carry the same Idempotency-Key, ran out. Terraform has no
 * state for it, so the next apply creates it again and the target refuses: the object exists.
 *
 * Every create goes through `createOrAdopt`. When the handler declares how to find the object
 * by its natural key (`ResourceHandler.adopt`: slug, external id, email …) and the refusal is
 * one of its "already exists" codes, the existing object is read and compared with the plan:
 * - every configured attribute equal → it is taken into state, with a warning naming it;
 *   attributes the create sets in follow-up calls (a role's permissions) and that are still
 *   empty are then finished with `update`;
 * - anything else differs → an error naming each differing attribute and the `terraform
 *   import` id, and nothing changes: an object someone else made is never taken over.
 * Types without a natural key (organizations without `external_id`, role mappings) declare no
 * adoption; what happens to them is in the README ("When an answer is lost").
 */
import type { AttributeSpec, Diagnostic, ResourceSchema } from '../src/schemas/builder';
import { WorkosApiError } from '../src/client/errors';
import { DiagnosticError, type HandlerContext, type ResourceHandler, type Values } from './handler';

/** `handler.create`, or the existing object when the target says it exists already and it matches `planned`. */
export async function createOrAdopt(handler: ResourceHandler, ctx: HandlerContext, planned: Values): Promise<Values> {
  try {
    return await handler.create(ctx, planned);
  } catch (err) {
    const adoption = handler.adopt;
    if (!adoption || !(err instanceof WorkosApiError) || !adoption.codes.includes(err.code)) throw err;
    const found = await adoption.find(ctx, planned);
    if (found === null) throw err; // refused for another reason, or gone again since: report the refusal
    const type = handler.schema.typeName;
    const importId = adoption.importId(found);
    const later = adoption.setAfterCreate ?? [];
    const differing = differences(handler.schema, planned, found, later);
    if (differing.length > 0) throw new DiagnosticError(differsDiagnostic(handler.schema, err, planned, found, differing, importId));
    ctx.log.info('create refused because the object exists; adopted it', { type, import_id: importId, code: err.code });
    ctx.diagnostics.push({
      severity: 'warning',
      summary: `Adopted the existing ${type} "${importId}"`,
      detail:
        `The target already had this object (${err.code}) with every configured attribute as planned: most likely an earlier create ` +
        'stored it and its answer was lost. It is now in Terraform state and managed by this resource, as if imported.',
    });
    const unfinished = later.filter((name) => !sameValue(handler.schema.attributes[name], planned[name], found[name]));
    return unfinished.length > 0 ? handler.update(ctx, found, planned) : found;
  }
}

/** The attributes the config sets that `found` has otherwise, in schema order. */
function differences(schema: ResourceSchema, planned: Values, found: Values, setAfterCreate: readonly string[]): string[] {
  return Object.entries(schema.attributes)
    .filter(([name, spec]) => {
      if (spec.mode === 'computed') return false;
      if (planned[name] === null && spec.mode === 'optional_computed') return false; // unset: not managed
      if (sameValue(spec, planned[name], found[name])) return false;
      // Still empty: the create's answer was lost before its follow-up call set it.
      return !(setAfterCreate.includes(name) && isEmpty(found[name]));
    })
    .map(([name]) => name);
}

function sameValue(spec: AttributeSpec, a: unknown, b: unknown): boolean {
  const isSet = typeof spec.type === 'object' && 'set' in spec.type;
  const norm = (v: unknown) => (isSet && Array.isArray(v) ? [...v].map((x) => JSON.stringify(x)).sort() : v);
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

const isEmpty = (v: unknown): boolean => v === null || (Array.isArray(v) && v.length === 0);

function differsDiagnostic(schema: ResourceSchema, err: WorkosApiError, planned: Values, found: Values, differing: readonly string[], importId: string): Diagnostic {
  const show = (name: string, v: unknown) => (schema.attributes[name].sensitive ? '(sensitive)' : JSON.stringify(v));
  const lines = differing.map((name) => `  ${name}: ${show(name, found[name])} on the target, ${show(name, planned[name])} in the configuration`);
  return {
    severity: 'error',
    summary: `${schema.typeName} "${importId}" already exists on the target and differs in ${differing.join(', ')}`,
    detail:
      `${err.message}\n\nThe existing object was not adopted, since it is not what this resource configures:\n${lines.join('\n')}\n\n` +
      `Nothing was changed. To manage it with this resource, import it (the next plan then shows the differences as an update):\n` +
      `  terraform import <address of this resource> '${importId}'\n` +
      'or give this resource another identity.',
    path: [differing[0]],
  };
}
