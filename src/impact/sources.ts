/**
 * The managed objects of one side of a change, read from Terraform's own formats: a saved
 * plan as `terraform show -json` prints it (prior state and planned values) or a cdktf
 * synthesized stack. Each object carries its address and, for values not known yet (ids of
 * objects this plan creates), the address of the object they refer to, so a topology can be
 * linked without any id.
 */

/** One managed object: `values` holds what is known, `refs` where an unknown value points. */
export interface ManagedObject {
  readonly address: string;
  readonly type: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Attribute → address of the object its (unknown) value comes from, e.g. `workos_organization.acme`. */
  readonly refs: Readonly<Record<string, string>>;
}

/** A placeholder key for an object whose id is not known yet. */
export const newObjectKey = (address: string): string => `(new ${address})`;

// ---- plan JSON (`terraform show -json PLANFILE`) -----------------------------------------

interface PlanModule {
  readonly resources?: ReadonlyArray<{ address: string; mode: string; type: string; values?: Record<string, unknown> }>;
  readonly child_modules?: readonly PlanModule[];
}

export interface PlanChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before: Record<string, unknown> | null;
    readonly after: Record<string, unknown> | null;
    readonly after_unknown?: Record<string, unknown>;
    /** Which values terraform hides (`true` per sensitive attribute, e.g. a directory's `bearer_token`). */
    readonly before_sensitive?: unknown;
    readonly after_sensitive?: unknown;
  };
}

export interface PlanJson {
  readonly format_version?: string;
  readonly prior_state?: { readonly values?: { readonly root_module?: PlanModule } };
  readonly planned_values?: { readonly root_module?: PlanModule };
  readonly resource_changes?: readonly PlanChange[];
  readonly resource_drift?: readonly PlanChange[];
  readonly configuration?: {
    readonly root_module?: {
      readonly resources?: ReadonlyArray<{ address: string; mode?: string; type: string; expressions?: Record<string, unknown>; depends_on?: string[] }>;
    };
  };
}

/** A parse error of the plan document, shown to the user as is. */
export class PlanFormatError extends Error {}

/** Checks that the document is a plan as `terraform show -json` prints it. */
export function asPlanJson(doc: unknown): PlanJson {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new PlanFormatError('the input is not a JSON object: expected the output of `terraform show -json PLANFILE`');
  const plan = doc as PlanJson & { planned_values?: unknown; resource_changes?: unknown };
  if (plan.format_version === undefined || (plan.resource_changes === undefined && plan.planned_values === undefined)) {
    throw new PlanFormatError('the input has no "format_version" and "resource_changes": expected the output of `terraform show -json PLANFILE` (a saved plan, not `terraform show -json` of a state)');
  }
  if (plan.resource_changes !== undefined && !Array.isArray(plan.resource_changes)) throw new PlanFormatError('"resource_changes" must be an array');
  return plan;
}

function moduleResources(mod: PlanModule | undefined): Array<{ address: string; mode: string; type: string; values?: Record<string, unknown> }> {
  if (!mod) return [];
  return [...(mod.resources ?? []), ...(mod.child_modules ?? []).flatMap(moduleResources)];
}

/**
 * Strips instance keys: `module.m["a"].x.y[0]` → `module.m.x.y`, so configuration addresses
 * match. (Objects of one module instance then link to that module's objects by name only.)
 */
const configAddress = (address: string): string => address.replace(/\[[^\]]*\]/g, '');

interface ConfigModule {
  readonly resources?: ReadonlyArray<{ address: string; expressions?: Record<string, unknown> }>;
  readonly module_calls?: Record<string, { module?: ConfigModule }>;
}

/** Attribute → referenced object address, from the configuration's expressions (modules too). */
function configRefs(plan: PlanJson): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  const visit = (mod: ConfigModule | undefined, prefix: string) => {
    for (const r of mod?.resources ?? []) {
      const refs: Record<string, string> = {};
      for (const [attr, expr] of Object.entries(r.expressions ?? {})) {
        const references = (expr as { references?: unknown })?.references;
        if (!Array.isArray(references)) continue;
        // Terraform lists `workos_organization.acme.id` then `workos_organization.acme`.
        const withAttr = references.find((x): x is string => typeof x === 'string' && /^[a-z0-9_]+\.[^.]+\.[a-z_]+$/.test(x));
        if (withAttr) refs[attr] = prefix + withAttr.slice(0, withAttr.lastIndexOf('.'));
      }
      out.set(prefix + r.address, refs);
    }
    for (const [name, call] of Object.entries(mod?.module_calls ?? {})) visit(call.module, `${prefix}module.${name}.`);
  };
  visit(plan.configuration?.root_module as ConfigModule | undefined, '');
  return out;
}

/** The referenced address inside the same module instance as `from` (`module.m["a"].…`). */
function instanceOf(target: string, from: string): string {
  const modulePath = /^((?:module\.[^.[]+(?:\[[^\]]*\])?\.)*)/.exec(from)?.[1] ?? '';
  const targetModule = /^((?:module\.[^.[]+\.)*)/.exec(target)?.[1] ?? '';
  return configAddress(modulePath) === targetModule ? modulePath + target.slice(targetModule.length) : target;
}

/** Objects before the plan: Terraform's refreshed prior state. */
export function priorObjects(plan: PlanJson): ManagedObject[] {
  return moduleResources(plan.prior_state?.values?.root_module)
    .filter((r) => r.mode === 'managed' && r.type.startsWith('workos_'))
    .map((r) => ({ address: r.address, type: r.type, values: r.values ?? {}, refs: {} }));
}

/**
 * Leaving Terraform without leaving the target: `forget` (a `removed` block), a role with
 * `destroy_behavior = "abandon"`, and a role policy (destroying it only stops managing it).
 */
export function staysInTarget(rc: PlanChange): boolean {
  const actions = rc.change.actions;
  if (actions.length === 1 && actions[0] === 'forget') return true;
  if (!(actions.length === 1 && actions[0] === 'delete')) return false;
  return rc.type === 'workos_role_policy' || rc.change.before?.destroy_behavior === 'abandon';
}

/** Objects after the plan: every change whose result is not a deletion, unknown values linked by reference. */
export function plannedObjects(plan: PlanJson): ManagedObject[] {
  const refs = configRefs(plan);
  const out: ManagedObject[] = [];
  const seen = new Set<string>();
  for (const rc of plan.resource_changes ?? []) {
    if ((rc.mode ?? 'managed') !== 'managed' || !rc.type.startsWith('workos_')) continue;
    if (staysInTarget(rc)) {
      seen.add(rc.address);
      out.push({ address: rc.address, type: rc.type, values: rc.change.before ?? {}, refs: {} });
      continue;
    }
    const after = rc.change.after;
    if (after === null || rc.change.actions.every((a) => a === 'delete')) continue;
    seen.add(rc.address);
    const unknown = rc.change.after_unknown ?? {};
    const values: Record<string, unknown> = { ...after };
    const linked: Record<string, string> = {};
    for (const [attr, flag] of Object.entries(unknown)) {
      if (flag !== true) continue;
      values[attr] = undefined;
      const target = refs.get(configAddress(rc.address))?.[attr];
      if (target) linked[attr] = instanceOf(target, rc.address);
    }
    out.push({ address: rc.address, type: rc.type, values, refs: linked });
  }
  // Planned values hold objects that have no change record (older formats).
  for (const r of moduleResources(plan.planned_values?.root_module)) {
    if (r.mode === 'managed' && r.type.startsWith('workos_') && !seen.has(r.address)) out.push({ address: r.address, type: r.type, values: r.values ?? {}, refs: {} });
  }
  return out;
}

// ---- cdktf synthesized stack -------------------------------------------------------------

const TOKEN = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/;

/**
 * Objects of a synthesized cdktf stack (`Testing.synth(stack)` or cdk.tf.json). Plain
 * references (`${workos_role.admin.slug}`) are replaced by the referenced value when the
 * stack sets it, and unknown ids become references, as in a plan that creates everything.
 */
export function synthesizedObjects(synth: unknown): ManagedObject[] {
  const doc = (typeof synth === 'string' ? JSON.parse(synth) : synth) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const raw = new Map<string, { type: string; config: Record<string, unknown> }>();
  for (const [type, byName] of Object.entries(doc.resource ?? {})) {
    if (!type.startsWith('workos_')) continue;
    for (const [name, config] of Object.entries(byName)) raw.set(`${type}.${name}`, { type, config });
  }
  const lookup = (address: string, attr: string): unknown => raw.get(address)?.config[attr];
  return [...raw].map(([address, { type, config }]) => {
    const values: Record<string, unknown> = {};
    const refs: Record<string, string> = {};
    for (const [attr, value] of Object.entries(config)) {
      if (attr.startsWith('//') || attr === 'depends_on' || attr === 'lifecycle' || attr === 'provider') continue;
      const resolve = (v: unknown): unknown => {
        if (typeof v !== 'string') return v;
        const m = TOKEN.exec(v);
        if (!m) return v;
        const known = lookup(m[1]!, m[2]!);
        if (typeof known === 'string' && !TOKEN.test(known)) return known;
        refs[attr] = m[1]!;
        return undefined;
      };
      values[attr] = Array.isArray(value) ? value.map(resolve).filter((v) => v !== undefined) : resolve(value);
    }
    return { address, type, values, refs };
  });
}
