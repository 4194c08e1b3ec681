/**
 * Drift: what changed in the target outside Terraform since the last apply (an edit in the
 * WorkOS dashboard, an API call), and who gained or lost access by it.
 *
 * Read from a refresh-only plan as `terraform show -json` prints it: `prior_state` is the
 * target now (refreshed), and each `resource_drift` entry holds what the state recorded
 * (`change.before`) and what the target has now (`change.after`; null when the object was
 * deleted outside Terraform). The access impact is the impact engine's, over "before = the
 * recorded state, after = the target now": the drift is restated as a plan from the one to
 * the other and given to `computeImpact`, so every rule of docs/semantics.md applies as in a
 * review of a pull request.
 */
import { impactWithState, type AccessChange, type ImpactWarning } from './impact';
import type { AccessState } from './state';
import { renderMarkdown } from './render';
import { PlanFormatError, priorObjects, type ManagedObject, type PlanChange, type PlanJson } from './sources';

/** One object changed outside Terraform: the attributes that differ, as recorded and as the target has them now. */
export interface DriftedObject {
  readonly address: string;
  readonly type: string;
  /** `update`: changed in the target; `delete`: no longer in the target. */
  readonly action: 'update' | 'delete';
  readonly changed: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>>;
}

export interface DriftReport {
  readonly drift: DriftedObject[];
  readonly changes: AccessChange[];
  readonly warnings: ImpactWarning[];
}

/** The first line of every drift report: the example workflow finds and updates its issue by it. */
export const DRIFT_MARKER = '<!-- workos-rbac drift -->';

/**
 * Impact warnings about applying a plan (an apply that fails, values known after apply, a
 * plan that undoes an outside change, the order of creations): they do not describe drift,
 * which is already in the target.
 */
const APPLY_WARNINGS = new Set(['default_role_destroyed', 'known_after_apply', 'removes_outside_change', 'snapshot_order', 'role_replaced', 'assignment_replaced']);

/** Checks that the document is a plan as `terraform show -json` prints it, with a prior state to compare. */
export function asRefreshPlan(doc: unknown): PlanJson {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new PlanFormatError('the input is not a JSON object: expected `terraform show -json PLANFILE` of a `terraform plan -refresh-only -out=PLANFILE`');
  const plan = doc as PlanJson & { resource_drift?: unknown };
  if (plan.format_version === undefined || plan.prior_state === undefined) {
    throw new PlanFormatError('the input has no "format_version" and "prior_state": expected `terraform show -json PLANFILE` of a `terraform plan -refresh-only -out=PLANFILE` (a saved plan, not a state)');
  }
  if (plan.resource_drift !== undefined && !Array.isArray(plan.resource_drift)) throw new PlanFormatError('"resource_drift" must be an array');
  return plan;
}

/** The WorkOS objects that drifted; `deleted` entries carry every recorded attribute with `after: null`. */
function driftEntries(plan: PlanJson): PlanChange[] {
  return (plan.resource_drift ?? []).filter((d) => (d.mode ?? 'managed') === 'managed' && d.type.startsWith('workos_'));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What a drift report shows for a value terraform marks sensitive (a token): never the value, which reports post to issues. */
export const SENSITIVE_VALUE = '(sensitive value)';
const marked = (marks: unknown, attr: string): boolean => typeof marks === 'object' && marks !== null && (marks as Record<string, unknown>)[attr] === true;

export function driftedObjects(plan: PlanJson): DriftedObject[] {
  return driftEntries(plan).map((d) => {
    const before = d.change.before ?? {};
    const after = d.change.after;
    const changed: Record<string, { before: unknown; after: unknown }> = {};
    for (const attr of [...new Set([...Object.keys(before), ...Object.keys(after ?? {})])].sort()) {
      const b = before[attr] ?? null;
      const a = after === null ? null : (after[attr] ?? null);
      if (after === null ? b === null : same(b, a)) continue;
      const hidden = marked(d.change.before_sensitive, attr) || marked(d.change.after_sensitive, attr);
      changed[attr] = hidden ? { before: b === null ? null : SENSITIVE_VALUE, after: a === null ? null : SENSITIVE_VALUE } : { before: b, after: a };
    }
    return { address: d.address, type: d.type, action: after === null ? 'delete' : 'update', changed };
  });
}

/**
 * The drift as a plan the impact engine reads: prior state = what Terraform recorded,
 * changes = recorded → refreshed per object (no-op where nothing drifted, delete where the
 * object is gone from the target).
 */
export function driftAsPlan(plan: PlanJson): PlanJson {
  const recorded = new Map(driftEntries(plan).map((d) => [d.address, d]));
  const now = priorObjects(plan);
  const change = (o: ManagedObject): PlanChange => {
    const d = recorded.get(o.address);
    return { address: o.address, mode: 'managed', type: o.type, change: { actions: [d ? 'update' : 'no-op'], before: d?.change.before ?? { ...o.values }, after: { ...o.values }, after_unknown: {} } };
  };
  const gone: PlanChange[] = [...recorded.values()]
    .filter((d) => d.change.after === null && d.change.before !== null && !now.some((o) => o.address === d.address))
    .map((d) => ({ address: d.address, mode: 'managed', type: d.type, change: { actions: ['delete'], before: d.change.before, after: null, after_unknown: {} } }));
  const changes = [...now.map(change), ...gone];
  return {
    format_version: plan.format_version,
    prior_state: { values: { root_module: { resources: changes.map((c) => ({ address: c.address, mode: 'managed', type: c.type, values: c.change.before ?? {} })) } } },
    resource_changes: changes,
  };
}

/** Computes the drift report of a refresh-only plan document. */
export function computeDrift(doc: unknown): DriftReport {
  return computeDriftWithState(doc).report;
}

/**
 * The drift report, and what every subject holds on the target now (what guardrails judge,
 * README "Watching for drift"), also when nothing drifted.
 */
export function computeDriftWithState(doc: unknown): { report: DriftReport; after: AccessState } {
  const plan = asRefreshPlan(doc);
  const drift = driftedObjects(plan);
  const { report: impact, after } = impactWithState(driftAsPlan(plan));
  if (drift.length === 0) return { report: { drift, changes: [], warnings: [] }, after };
  return { report: { drift, changes: impact.changes, warnings: impact.warnings.filter((w) => !APPLY_WARNINGS.has(w.kind)) }, after };
}

// ---- Markdown -------------------------------------------------------------------------------

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
const show = (v: unknown): string => {
  if (v === null || v === undefined) return '—';
  const xs = strings(v);
  if (xs) return xs.length ? xs.map((x) => `\`${x}\``).join(', ') : '(none)';
  return `\`${cell(typeof v === 'string' ? v : JSON.stringify(v))}\``;
};
/** For a list: what was added (+) and removed (−) outside Terraform. */
const difference = (before: unknown, after: unknown): string => {
  const b = strings(before) ?? [];
  const a = strings(after) ?? [];
  if (!strings(before) && !strings(after)) return '';
  const parts = [...a.filter((x) => !b.includes(x)).map((x) => `+\`${x}\``), ...b.filter((x) => !a.includes(x)).map((x) => `−\`${x}\``)];
  return parts.join(', ');
};

/** Renders a drift report as Markdown for an issue or a pull-request comment. */
export function renderDriftMarkdown(report: DriftReport): string {
  const out = [DRIFT_MARKER];
  if (report.drift.length === 0) {
    out.push('**Drift:** no drift: the target matches the Terraform state.');
    return out.join('\n') + '\n';
  }
  const n = report.drift.length;
  out.push(`**Drift:** ${n} object${n === 1 ? '' : 's'} changed outside Terraform since the last apply.`);
  out.push('', '### Changed outside Terraform', '', '| object | attribute | in the state | in the target now | difference |', '| --- | --- | --- | --- | --- |');
  for (const d of report.drift) {
    if (d.action === 'delete') {
      out.push(`| \`${d.address}\` | (deleted) | | — | |`);
      continue;
    }
    for (const [attr, v] of Object.entries(d.changed)) out.push(`| \`${d.address}\` | ${attr} | ${show(v.before)} | ${show(v.after)} | ${difference(v.before, v.after)} |`);
  }
  // The impact report's own Markdown, without its marker: the tables of who gained or lost what.
  out.push('', ...renderMarkdown({ changes: report.changes, warnings: report.warnings }).split('\n').slice(1));
  return out.join('\n').replace(/\n+$/, '') + '\n';
}
