/**
 * What every WorkOS construct shares: a resource (or data source) whose attributes are
 * described by one schema in src/schemas. Subclasses say how their props become the
 * schema's config (`config()`), may add checks (`extraDiagnostics()`), and get synthesis,
 * per-attribute validation and the provider check from here.
 */
import { TerraformDataSource, TerraformResource, TerraformStack, dependable, type ITerraformDependable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { validateAttributes, type AttributeSpec, type Diagnostic, type ResourceSchema } from '../src/schemas/builder';
import { isUnresolvedToken, reportDiagnostics, requireWorkosProvider, terraformHclAttributes, terraformJsonAttributes } from './schema-bridge';

/** An error about one attribute, worded like the provider's own (`Invalid value for "roles.1"`). */
export function attributeError(path: ReadonlyArray<string | number>, detail: string): Diagnostic {
  return { severity: 'error', summary: `Invalid value for "${path.join('.')}"`, detail, path };
}


/** Adds `implicit` to an element's depends_on, replacing what was added by the previous synthesis. */
function mergeImplicitDependencies(element: { dependsOn?: string[] }, previous: Set<string>, implicit: readonly ITerraformDependable[]): Set<string> {
  const fqns = implicit.map((r) => dependable(r));
  const explicit = (element.dependsOn ?? []).filter((d) => !previous.has(d));
  const merged = [...new Set([...explicit, ...fqns])];
  element.dependsOn = merged.length > 0 ? merged : undefined;
  return new Set(fqns);
}

export abstract class WorkosResource extends TerraformResource {
  protected constructor(
    scope: Construct,
    id: string,
    protected readonly schema: ResourceSchema,
    meta: TerraformMetaArguments,
  ) {
    super(scope, id, { ...pickMeta(meta), terraformResourceType: schema.typeName });
    requireWorkosProvider(this);
    this.node.addValidation({ validate: () => reportDiagnostics(this, [...this.attributeDiagnostics(), ...this.extraDiagnostics()]) });
  }

  /** The schema's configurable attributes, keyed by terraform name, as synthesized. */
  protected abstract config(): Record<string, unknown>;

  /** The provider's per-attribute rules on the synthesized config (tokens skipped). */
  protected attributeDiagnostics(): Diagnostic[] {
    return validateKnownValues(this.schema.attributes, this.config());
  }

  /** Checks beyond one attribute's own rules (cross-property and cross-construct). */
  protected extraDiagnostics(): Diagnostic[] {
    return [];
  }

  /** Resources that must exist first although no attribute references them. */
  protected implicitDependencies(): ITerraformDependable[] {
    return [];
  }
  private implicitFqns = new Set<string>();

  override toTerraform(): any {
    this.implicitFqns = mergeImplicitDependencies(this, this.implicitFqns, this.implicitDependencies());
    return super.toTerraform();
  }

  override toHclTerraform(): any {
    this.implicitFqns = mergeImplicitDependencies(this, this.implicitFqns, this.implicitDependencies());
    return super.toHclTerraform();
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformJsonAttributes(this.schema.attributes, this.config());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return terraformHclAttributes(this.schema.attributes, this.config());
  }
}

/**
 * The provider's rules, on what synth knows. A list mixing references and plain values (roles
 * given as objects and slugs) is checked on its plain entries, each reported at its position
 * in the whole list; a list of references only is left to terraform.
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

export abstract class WorkosDataSource extends TerraformDataSource {
  protected constructor(
    scope: Construct,
    id: string,
    private readonly schema: ResourceSchema,
    meta: TerraformMetaArguments,
  ) {
    super(scope, id, { ...pickMeta(meta), terraformResourceType: schema.typeName });
    requireWorkosProvider(this);
    this.node.addValidation({ validate: () => reportDiagnostics(this, [...validateKnownValues(this.schema.attributes, this.config()), ...this.extraDiagnostics()]) });
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

  private implicitFqns = new Set<string>();

  override toTerraform(): any {
    this.implicitFqns = mergeImplicitDependencies(this, this.implicitFqns, this.implicitDependencies());
    return super.toTerraform();
  }

  override toHclTerraform(): any {
    this.implicitFqns = mergeImplicitDependencies(this, this.implicitFqns, this.implicitDependencies());
    return super.toHclTerraform();
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformJsonAttributes(this.schema.attributes, this.config());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return terraformHclAttributes(this.schema.attributes, this.config());
  }
}

/**
 * The WorkOS resources of the stack: what a data source's answer depends on (mappings,
 * policies, assignments …), so terraform reads it after they are applied.
 */
export function workosResourcesOf(scope: Construct): WorkosResource[] {
  return TerraformStack.of(scope).node.findAll().filter((c): c is WorkosResource => c instanceof WorkosResource);
}

/** Only the meta-arguments: cdktf would otherwise keep unrelated props on the element. */
function pickMeta(meta: TerraformMetaArguments): TerraformMetaArguments {
  const { dependsOn, count, provider, lifecycle, forEach, connection, provisioners } = meta;
  return { dependsOn, count, provider, lifecycle, forEach, connection, provisioners };
}
