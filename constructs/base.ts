/**
 * What every WorkOS construct shares: a resource (or data source) whose attributes are
 * described by one schema in src/resources. Subclasses say how their props become the
 * schema's config (`config()`), may add checks (`extraDiagnostics()`), and get synthesis,
 * per-attribute validation and the provider check from here.
 */
import { TerraformDataSource, TerraformResource, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { validateAttributes, type Diagnostic, type ResourceSchema } from '../src/schema';
import { isUnresolvedToken, reportDiagnostics, requireWorkosProvider, terraformHclAttributes, terraformJsonAttributes } from './schema-bridge';

/** An error about one attribute, worded like the provider's own (`Invalid value for "roles.1"`). */
export function attributeError(path: ReadonlyArray<string | number>, detail: string): Diagnostic {
  return { severity: 'error', summary: `Invalid value for "${path.join('.')}"`, detail, path };
}

export abstract class WorkosResource extends TerraformResource {
  protected constructor(
    scope: Construct,
    id: string,
    private readonly schema: ResourceSchema,
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
    return validateAttributes(this.schema.attributes, this.config(), isUnresolvedToken);
  }

  /** Checks beyond one attribute's own rules (cross-property and cross-construct). */
  protected extraDiagnostics(): Diagnostic[] {
    return [];
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformJsonAttributes(this.schema.attributes, this.config());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return terraformHclAttributes(this.schema.attributes, this.config());
  }
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
    this.node.addValidation({ validate: () => reportDiagnostics(this, [...validateAttributes(this.schema.attributes, this.config(), isUnresolvedToken), ...this.extraDiagnostics()]) });
  }

  protected abstract config(): Record<string, unknown>;

  protected extraDiagnostics(): Diagnostic[] {
    return [];
  }

  /**
   * Resources the answer depends on (mappings, policies, assignments …). The data source is
   * read after they are applied; otherwise terraform may read it before they exist.
   */
  protected abstract implicitDependencies(): TerraformResource[];

  private withImplicitDependencies(): void {
    const explicit = (this.dependsOn ?? []).filter((d) => !this.implicitFqns.has(d));
    const implicit = this.implicitDependencies().map((r) => r.fqn);
    this.implicitFqns = new Set(implicit);
    this.dependsOn = [...new Set([...explicit, ...implicit])];
  }
  private implicitFqns = new Set<string>();

  override toTerraform(): any {
    this.withImplicitDependencies();
    return super.toTerraform();
  }

  override toHclTerraform(): any {
    this.withImplicitDependencies();
    return super.toHclTerraform();
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformJsonAttributes(this.schema.attributes, this.config());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return terraformHclAttributes(this.schema.attributes, this.config());
  }
}

/** Only the meta-arguments: cdktf would otherwise keep unrelated props on the element. */
function pickMeta(meta: TerraformMetaArguments): TerraformMetaArguments {
  const { dependsOn, count, provider, lifecycle, forEach, connection, provisioners } = meta;
  return { dependsOn, count, provider, lifecycle, forEach, connection, provisioners };
}
