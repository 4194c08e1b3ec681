/**
 * What every WorkOS construct shares: a resource (or data source) whose attributes are
 * described by one schema in src/schemas. Subclasses say how their props become the
 * schema's config (`config()`), may add checks (`extraDiagnostics()`), and get synthesis,
 * per-attribute validation and the provider check from here.
 */
import { TerraformDataSource, TerraformResource, TerraformStack, dependable, type ITerraformDependable, type TerraformMetaArguments } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { validateAttributes, type AttributeSpec, type Diagnostic, type ResourceSchema } from '../src/schemas/builder';
import { isUnresolvedToken, propTypeErrors, reportDiagnostics, requireWorkosProvider, terraformHclAttributes, terraformJsonAttributes } from './schema-bridge';

/** An error about one attribute, worded like the provider's own (`Invalid value for "roles.1"`). */
export function attributeError(path: ReadonlyArray<string | number>, detail: string): Diagnostic {
  return { severity: 'error', summary: `Invalid value for "${path.join('.')}"`, detail, path };
}

/** What a construct tells the shared synthesis: its config, its extra checks and its implicit dependencies. */
interface SchemaElement {
  config(): Record<string, unknown>;
  extraDiagnostics(): Diagnostic[];
  implicitDependencies(): readonly ITerraformDependable[];
}

/**
 * Synth-time validation and synthesis from one schema, for both cdktf bases (a resource and
 * a data source cannot share a class): the provider's rules on the config and the extra
 * checks; at synthesis, the implicit dependencies merged into depends_on and the attributes,
 * from one computation of the config.
 */
class SchemaSynthesis {
  private implicitFqns = new Set<string>();

  constructor(
    private readonly element: TerraformResource | TerraformDataSource,
    private readonly schema: ResourceSchema,
    private readonly hooks: SchemaElement,
  ) {
    requireWorkosProvider(element);
    element.node.addValidation({ validate: () => reportDiagnostics(element, [...validateKnownValues(schema.attributes, hooks.config()), ...hooks.extraDiagnostics()]) });
  }

  /**
   * The attributes of one synthesis, JSON or HCL. depends_on is updated first: cdktf's
   * `toTerraform`/`toHclTerraform` read the meta-arguments after the attributes.
   */
  attributes(format: 'json' | 'hcl'): Record<string, unknown> {
    this.implicitFqns = mergeImplicitDependencies(this.element, this.implicitFqns, this.hooks.implicitDependencies());
    const render = format === 'json' ? terraformJsonAttributes : terraformHclAttributes;
    return render(this.schema.attributes, this.hooks.config());
  }
}

/** Adds `implicit` to an element's depends_on, replacing what was added by the previous synthesis. */
function mergeImplicitDependencies(element: { dependsOn?: string[] }, previous: Set<string>, implicit: readonly ITerraformDependable[]): Set<string> {
  const fqns = implicit.map((r) => dependable(r));
  const explicit = (element.dependsOn ?? []).filter((d) => !previous.has(d));
  const merged = [...new Set([...explicit, ...fqns])];
  element.dependsOn = merged.length > 0 ? merged : undefined;
  return new Set(fqns);
}

/** A WorkOS resource: its attributes are those of one schema in src/schemas. */
export abstract class WorkosResource extends TerraformResource {
  private readonly synthesis: SchemaSynthesis;

  protected constructor(
    scope: Construct,
    id: string,
    protected readonly schema: ResourceSchema,
    meta: TerraformMetaArguments,
  ) {
    super(scope, id, { ...pickMeta(meta), terraformResourceType: schema.typeName });
    checkPropTypes(this, schema, meta);
    this.synthesis = new SchemaSynthesis(this, schema, { config: () => this.config(), extraDiagnostics: () => this.extraDiagnostics(), implicitDependencies: () => this.implicitDependencies() });
  }

  /** The schema's configurable attributes, keyed by terraform name, as synthesized. */
  protected abstract config(): Record<string, unknown>;

  /** Checks beyond one attribute's own rules (cross-property and cross-construct). */
  protected extraDiagnostics(): Diagnostic[] {
    return [];
  }

  /** Resources that must exist first although no attribute references them. */
  protected implicitDependencies(): ITerraformDependable[] {
    return [];
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return this.synthesis.attributes('json');
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return this.synthesis.attributes('hcl');
  }
}

/**
 * The provider's rules, on what synth knows. A list mixing references and plain values (roles
 * given as objects and slugs) is checked on its plain entries, an element of a list reported at
 * its position in the whole list (one of a set by its value); a list of references only is left
 * to terraform.
 */
export function validateKnownValues(attributes: Readonly<Record<string, AttributeSpec>>, config: Record<string, unknown>): Diagnostic[] {
  const checked: Record<string, unknown> = { ...config };
  const positions = new Map<string, number[]>();
  for (const [name, value] of Object.entries(config)) {
    if (!Array.isArray(value) || !value.some(isUnresolvedToken)) continue;
    const plainAt = value.flatMap((v, i) => (isUnresolvedToken(v) ? [] : [i]));
    positions.set(name, plainAt);
    if (plainAt.length > 0) checked[name] = plainAt.map((i) => value[i]);
  }
  const pending = (v: unknown) => isUnresolvedToken(v) || (Array.isArray(v) && v.length > 0 && v.every(isUnresolvedToken));
  return validateAttributes(attributes, checked, pending).map((d): Diagnostic => {
    const plainAt = positions.get(String(d.path?.[0]));
    if (!d.path || !plainAt || typeof d.path[1] !== 'number') return d;
    const path = [d.path[0], plainAt[d.path[1]], ...d.path.slice(2)];
    return { ...d, path, summary: d.summary.replace(`"${d.path.join('.')}"`, `"${path.join('.')}"`) };
  });
}

/** A WorkOS data source: its arguments and results are those of one schema in src/schemas. */
export abstract class WorkosDataSource extends TerraformDataSource {
  private readonly synthesis: SchemaSynthesis;

  protected constructor(scope: Construct, id: string, schema: ResourceSchema, meta: TerraformMetaArguments) {
    super(scope, id, { ...pickMeta(meta), terraformResourceType: schema.typeName });
    checkPropTypes(this, schema, meta);
    this.synthesis = new SchemaSynthesis(this, schema, { config: () => this.config(), extraDiagnostics: () => this.extraDiagnostics(), implicitDependencies: () => this.implicitDependencies() });
  }

  protected abstract config(): Record<string, unknown>;

  protected extraDiagnostics(): Diagnostic[] {
    return [];
  }

  /**
   * Resources the answer depends on (mappings, policies, assignments …). The data source is
   * read after they are applied; otherwise terraform may read it before they exist.
   */
  protected abstract implicitDependencies(): ITerraformDependable[];

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return this.synthesis.attributes('json');
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return this.synthesis.attributes('hcl');
  }
}

/**
 * The WorkOS resources of the stack: what a data source's answer depends on (mappings,
 * policies, assignments …), so terraform reads it after they are applied.
 */
export function workosResourcesOf(scope: Construct): WorkosResource[] {
  return TerraformStack.of(scope).node.findAll().filter((c): c is WorkosResource => c instanceof WorkosResource);
}

/**
 * Props of the wrong shape (plain JavaScript) are refused as the construct is created, before
 * the subclass reads them, the way jsii's runtime type checks do: `[stack/admin] Invalid value
 * for "permissions": expected a list of strings …`.
 */
function checkPropTypes(element: IConstruct, schema: ResourceSchema, props: object | undefined): void {
  const errors = propTypeErrors(schema.attributes, props);
  if (errors.length > 0) throw new TypeError(errors.map((e) => `[${element.node.path}] ${e}`).join('\n'));
}

/** Only the meta-arguments: cdktf would otherwise keep unrelated props on the element. */
function pickMeta(meta: TerraformMetaArguments): TerraformMetaArguments {
  const { dependsOn, count, provider, lifecycle, forEach, connection, provisioners } = meta;
  return { dependsOn, count, provider, lifecycle, forEach, connection, provisioners };
}
