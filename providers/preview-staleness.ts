/**
 * Previews that never mislead. A preview data source (workos_effective_roles,
 * workos_access_check) answers from the target's state at the moment it is read. Terraform
 * reads it at plan time unless it depends (depends_on, or a reference) on something with
 * pending changes, and at apply time as soon as what it references exists — in both cases
 * possibly before this plan's changes to the mappings, roles and policies it summarises. Its
 * answer then is the access BEFORE the change, shown where a reader expects the result.
 *
 * One provider process serves a whole walk (plan, or apply), so the plan ledger sees both the
 * reads and the changes, in whatever order terraform runs them:
 *  - a preview read while a change it summarises is planned and not yet applied warns on the
 *    data source (terraform adds its address);
 *  - a change planned after such a read warns on the resource, naming the preview.
 * A change applied before the read (the preview depends on it) is no warning. Handlers
 * declare what they affect (`previews` on ResourceHandler, `preview` on DataSourceHandler);
 * nothing here knows a resource by name.
 */
import { isUnknown, type AttrType, type ResourceSchema } from '../src/schemas/builder';
import type { HandlerContext, PreviewImpact, PreviewSource, Values } from './handler';
import { creationIdentity, type LedgerScope, type PendingChange, type PlanLedger, type PreviewKind, type PreviewRead } from './plan-ledger';

export type { PreviewImpact, PreviewSource } from './handler';

/** The usual impact: the resource belongs to the organization in `organization_id` (null: the environment). */
export function inOrganization(affects: PreviewImpact['affects']): PreviewImpact {
  return { affects, scope: (_ctx, values) => (values.organization_id ?? null) as LedgerScope };
}

/** A known string value, for `subject`. */
export const knownString = (v: unknown): string | undefined => (typeof v === 'string' && !isUnknown(v) ? v : undefined);

/** Roles: deleting or replacing one changes who holds what; editing one changes what it grants. */
export const roleImpact = (prior: Values | null, planned: Values | null): PreviewKind[] => {
  if (prior === null) return []; // a new role grants nothing until something gives it
  if (planned === null || prior.slug !== planned.slug || prior.organization_id !== planned.organization_id) return ['effective_roles', 'access_check'];
  return ['access_check'];
};

const ADVICE =
  'Add the resources it summarises to the data block\'s depends_on (Terraform then reads it after they are applied, and the plan shows it as "known after apply"), ' +
  'or review what this plan changes for whom with `workos-rbac impact`.';

/** `group "Admins", roles ["admin"]`: the identifying values of a resource, for messages. */
function label(values: Values): string {
  const names = ['slug', 'group', 'attribute', 'value', 'external_id', 'role_slug', 'resource_external_id', 'user_id', 'organization_membership_id'];
  return names
    .filter((n) => typeof values[n] === 'string' && !isUnknown(values[n]))
    .map((n) => `${n} "${String(values[n])}"`)
    .join(', ');
}

function describeRead(typeName: string, scope: string | null, config: Values): string {
  const inputs = Object.entries(config)
    .filter(([name, v]) => name !== 'organization_id' && v !== null && v !== undefined && !isUnknown(v))
    .map(([name, v]) => `${name} ${JSON.stringify(v)}`);
  return `data "${typeName}" ${scope === null ? 'for the environment' : `for organization ${scope}`}${inputs.length ? ` (${inputs.join(', ')})` : ''}`;
}

function sameValue(type: AttrType | undefined, a: unknown, b: unknown): boolean {
  const norm = (v: unknown) => (type !== undefined && typeof type === 'object' && 'set' in type && Array.isArray(v) ? [...v].map((x) => JSON.stringify(x)).sort() : v);
  const json = (v: unknown) => JSON.stringify(norm(v), (_k, x: unknown) => (isUnknown(x) ? { '(unknown)': true } : x));
  return json(a) === json(b);
}

/** A create, a delete, or an update where some value differs (a no-op plan is no change). */
export function isChange(schema: ResourceSchema, prior: Values | null, planned: Values | null): boolean {
  if (prior === null || planned === null) return prior !== planned;
  return Object.entries(schema.attributes).some(([name, spec]) => !sameValue(spec.type, prior[name], planned[name]));
}

/** The same resource at plan, re-plan and apply: its id once it exists, else its configured values. */
export function changeIdentity(schema: ResourceSchema, prior: Values | null, planned: Values | null): string {
  if (prior && typeof prior.id === 'string') return `${schema.typeName}|${prior.id}`;
  const computed = Object.entries(schema.attributes)
    .filter(([, spec]) => spec.mode === 'computed')
    .map(([name]) => name);
  return `${schema.typeName}|${creationIdentity(planned ?? prior ?? {}, computed)}`;
}

const actionOf = (prior: Values | null, planned: Values | null): string => (prior === null ? 'create' : planned === null ? 'delete' : 'update');

/**
 * PlanResourceChange: records a change this resource makes and warns when a preview it can
 * alter was already read in this walk.
 */
export async function notePlannedChange(ctx: HandlerContext, schema: ResourceSchema, impact: PreviewImpact | undefined, prior: Values | null, planned: Values | null): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || !impact || !isChange(schema, prior, planned)) return;
  const affects = impact.affects(prior, planned);
  if (affects.length === 0) return;
  const scope = await impact.scope(ctx, (planned ?? prior)!);
  if (isUnknown(scope)) return; // a new organization: its previews cannot have been read yet
  const what = `${actionOf(prior, planned)} of ${schema.typeName}${label(planned ?? prior!) ? ` (${label(planned ?? prior!)})` : ''}`;
  const subject = impact.subject?.(prior ?? planned!);
  ledger.recordChange({ scope, identity: changeIdentity(schema, prior, planned), affects, what, ...(subject ? { subject } : {}) });
  const stale = ledger.previewReads(affects, scope, subject);
  if (stale.length === 0) return;
  ctx.diagnostics.push({
    severity: 'warning',
    summary: 'A preview read earlier does not include this change',
    detail:
      `${stale.map((r) => r.what).join('; ')} was read from the target's current state before this ${what} is applied, ` +
      `so its answer is the access before this change, and Terraform does not read it again after apply. ${ADVICE}`,
  });
}

/** ApplyResourceChange succeeded: previews read from now on in this walk see the change. */
export function noteApplied(ledger: PlanLedger, schema: ResourceSchema, prior: Values | null, planned: Values | null): void {
  ledger.markApplied(changeIdentity(schema, prior, planned));
}

/**
 * ReadDataSource: records the read and warns when this walk changes, and has not applied yet,
 * something the preview summarises.
 */
export async function notePreviewRead(ctx: HandlerContext, typeName: string, source: PreviewSource | undefined, config: Values): Promise<void> {
  const ledger = ctx.plan;
  if (!ledger || !source) return;
  const scope = await source.scope(ctx, config);
  if (isUnknown(scope)) return;
  const subject = source.subject?.(config);
  const read: PreviewRead = { kind: source.kind, scope, what: describeRead(typeName, scope, config), ...(subject ? { subject } : {}) };
  ledger.recordPreviewRead(read);
  const pending: PendingChange[] = ledger.pendingChanges(source.kind, scope, subject);
  if (pending.length === 0) return;
  const where = scope === null ? 'the environment' : `organization ${scope}`;
  const few = pending.length > 5 ? [...pending.slice(0, 5).map((c) => c.what), `… (${pending.length} in all)`] : pending.map((c) => c.what);
  ctx.diagnostics.push({
    severity: 'warning',
    summary: 'This preview shows the access before this plan, not after it',
    detail:
      `${read.what} was read now, from the target's current state, but this run also makes changes it summarises in ${where} that are not applied yet:\n` +
      few.map((w) => `- ${w}`).join('\n') +
      `\nIts answer is what applies BEFORE them, and Terraform does not read it again after apply. ${ADVICE}`,
  });
}
