import { TerraformStack, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceTypeSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { ResourceTypeAttributes, type ResourceTypeConfig } from './generated/resource-type';
import { configFromProps } from './schema-bridge';
import { cycleDiagnostics, duplicateSlugDiagnostics, known } from './topology';

/** A resource type: the construct or its slug. */
export type ResourceTypeRef = ResourceType | string;

/** Props of a `ResourceType` (`workos_resource_type`). */
export interface ResourceTypeProps extends Omit<ResourceTypeConfig, 'parentTypes'>, TerraformMetaArguments {
  /**
   * Types a resource of this type may sit under: `ResourceType`s or slugs. No cycles.
   *
   * @default the organization root only
   */
  readonly parentTypes?: readonly ResourceTypeRef[];
}

/** A kind of resource, e.g. `workspace` or `project` under a workspace (`workos_resource_type`). */
export class ResourceType extends ResourceTypeAttributes {
  static readonly tfResourceType = resourceTypeSchema.typeName;

  private readonly props: ResourceTypeProps;

  constructor(scope: Construct, id: string, props: ResourceTypeProps) {
    super(scope, id, resourceTypeSchema, props);
    this.props = props;
  }

  /** The slug as configured. */
  get slugInput(): string {
    return this.props.slug;
  }

  /** Parent types that are constructs of this stack (slugs resolved by slug). */
  get parentTypeConstructs(): ResourceType[] {
    const all = TerraformStack.of(this).node.findAll().filter((c): c is ResourceType => c instanceof ResourceType);
    return (this.props.parentTypes ?? []).flatMap((p) => (typeof p !== 'string' ? [p] : all.filter((t) => t.slugInput === p).slice(0, 1)));
  }

  protected config(): Record<string, unknown> {
    return configFromProps(resourceTypeSchema.attributes, {
      ...this.props,
      parentTypes: this.props.parentTypes?.map((p) => resourceTypeSlugOf(this, p)),
    });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return [...duplicateSlugDiagnostics(this, 'resource type', 'the environment'), ...cycleDiagnostics<ResourceType>(this, (t) => t.parentTypeConstructs, 'parentTypes', (t) => known(t.slugInput) ?? t.node.path)];
  }
}

/** A type's slug as synthesized: a reference for a `ResourceType` (also one defining that slug in this stack). */
export function resourceTypeSlugOf(scope: Construct, type: ResourceTypeRef): string {
  if (typeof type !== 'string') return type.slug;
  const managed = TerraformStack.of(scope).node.findAll().find((c): c is ResourceType => c instanceof ResourceType && c.slugInput === type);
  return managed?.slug ?? type;
}
