import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { attributeError } from './base';
import { ResourceAttributes, type ResourceConfig } from './generated/resource';
import type { OrganizationRef } from './refs';
import { resourceTypeSlugOf, type ResourceTypeRef } from './resource-type';
import { configFromProps } from './schema-bridge';
import { cycleDiagnostics, differentOrganizationsAtSynth, organizationIdOf } from './topology';

/** Props of a `Resource` (`workos_resource`). */
export interface ResourceProps extends Omit<ResourceConfig, 'organizationId' | 'resourceTypeSlug' | 'parentId'>, TerraformMetaArguments {
  /** Organization the resource belongs to: the construct or its id. */
  readonly organization: OrganizationRef;
  /** Type of the resource: a `ResourceType` or its slug. */
  readonly type: ResourceTypeRef;
  /**
   * The parent: a `Resource` or a resource id. In-place update. No cycles.
   *
   * @default the organization root
   */
  readonly parent?: Resource | string;
}

/**
 * A resource in an organization, e.g. the workspace "Platform" (`workos_resource`). Access
 * granted on a parent flows to its children.
 */
export class Resource extends ResourceAttributes {
  static readonly tfResourceType = resourceSchema.typeName;

  private readonly props: ResourceProps;

  constructor(scope: Construct, id: string, props: ResourceProps) {
    super(scope, id, resourceSchema, props);
    this.props = props;
  }

  /** The organization, as given. */
  get organization(): OrganizationRef {
    return this.props.organization;
  }

  /** The parent, as given. */
  get parent(): Resource | string | undefined {
    return this.props.parent;
  }

  protected config(): Record<string, unknown> {
    const { organization, type, parent, ...rest } = this.props;
    return configFromProps(resourceSchema.attributes, {
      ...rest,
      organizationId: organizationIdOf(organization),
      resourceTypeSlug: resourceTypeSlugOf(this, type),
      parentId: parent instanceof Resource ? parent.id : parent,
    });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    const out = cycleDiagnostics<Resource>(this, (r) => (r.parent instanceof Resource ? [r.parent] : []), 'parent', (r) => r.node.path);
    const parent = this.parent;
    if (parent instanceof Resource && differentOrganizationsAtSynth(parent.organization, this.organization)) {
      out.push(attributeError(['parent'], `${parent.node.path} is in another organization: a resource's parent is in its own organization`));
    }
    return out;
  }
}

/** A resource to assign a role on or check access to: a `Resource`, or `{ id }`, or `{ type, externalId }`. */
export type ResourceLocator = Resource | { readonly id?: string; readonly type?: ResourceTypeRef; readonly externalId?: string };

/**
 * A locator names its resource in exactly one form. `optional`: naming none is fine (an
 * access check on the organization itself).
 */
export function locatorDiagnostics(resource: ResourceLocator | undefined, optional: boolean): Diagnostic[] {
  if (resource instanceof Resource || (optional && resource === undefined)) return [];
  const byId = resource?.id !== undefined;
  const byExternal = resource?.type !== undefined || resource?.externalId !== undefined;
  if (byId && byExternal) return [attributeError(['resource'], 'names the resource twice: give a Resource, { id }, or { type, externalId }, not both forms')];
  if (!byId && !byExternal) return optional ? [] : [attributeError(['resource'], 'names no resource: give a Resource, { id }, or { type, externalId }')];
  if (byExternal && (resource?.type === undefined || resource?.externalId === undefined)) return [attributeError(['resource'], '{ type, externalId } needs both the type and the external id')];
  return [];
}
