import { TerraformStack, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceAssignmentSchema, resourceSchema, resourceTypeSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { attributeError } from './base';
import { ResourceAttributes, type ResourceConfig } from './generated/resource';
import { ResourceAssignmentAttributes, type ResourceAssignmentConfig } from './generated/resource-assignment';
import { ResourceTypeAttributes, type ResourceTypeConfig } from './generated/resource-type';
import { configFromProps } from './schema-bridge';
import type { IOrganizationMembership, OrganizationRef, RoleRef } from './refs';
import { cycleDiagnostics, duplicateSlugDiagnostics, foreignRoleDiagnostics, known, organizationIdOf, roleSlugOf, differentOrganizationsAtSynth } from './topology';

type ResourceTypeRef = ResourceType | string;

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
function resourceTypeSlugOf(scope: Construct, type: ResourceTypeRef): string {
  if (typeof type !== 'string') return type.slug;
  const managed = TerraformStack.of(scope).node.findAll().find((c): c is ResourceType => c instanceof ResourceType && c.slugInput === type);
  return managed?.slug ?? type;
}

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

/** A resource to assign a role on: a `Resource`, or `{ id }`, or `{ type, externalId }`. */
export type ResourceLocator = Resource | { readonly id?: string; readonly type?: ResourceTypeRef; readonly externalId?: string };

/** Props of a `ResourceAssignment` (`workos_resource_assignment`). */
export interface ResourceAssignmentProps extends Omit<ResourceAssignmentConfig, 'organizationMembershipId' | 'roleSlug' | 'resourceId' | 'resourceTypeSlug' | 'resourceExternalId'>, TerraformMetaArguments {
  /** The member who gets the role: an `OrganizationMembership` or its id. */
  readonly membership: IOrganizationMembership | string;
  /** The role granted on the resource: a `Role`, an `OrganizationRole` of the membership's organization, or a slug. */
  readonly role: RoleRef;
  /** The resource: a `Resource` (by id), `{ id }`, or `{ type, externalId }`; exactly one form. */
  readonly resource: ResourceLocator;
}

/**
 * Membership M has role R on resource X, and so on its descendants
 * (`workos_resource_assignment`). API-managed: IdP group changes never touch it.
 */
export class ResourceAssignment extends ResourceAssignmentAttributes {
  static readonly tfResourceType = resourceAssignmentSchema.typeName;

  private readonly props: ResourceAssignmentProps;

  constructor(scope: Construct, id: string, props: ResourceAssignmentProps) {
    super(scope, id, resourceAssignmentSchema, props);
    this.props = props;
  }

  /** The membership, as given. */
  get membership(): IOrganizationMembership | string {
    return this.props.membership;
  }

  private get organization(): OrganizationRef | undefined {
    return typeof this.props.membership === 'string' ? undefined : this.props.membership.organization;
  }

  protected config(): Record<string, unknown> {
    const { membership, role, resource } = this.props;
    const byObject = resource instanceof Resource;
    return configFromProps(resourceAssignmentSchema.attributes, {
      organizationMembershipId: typeof membership === 'string' ? membership : membership.id,
      roleSlug: roleSlugOf(this, role, this.organization),
      resourceId: byObject ? resource.id : resource?.id,
      resourceTypeSlug: byObject || resource?.type === undefined ? undefined : resourceTypeSlugOf(this, resource.type),
      resourceExternalId: byObject ? undefined : resource?.externalId,
    });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    const { resource, role } = this.props;
    const out = foreignRoleDiagnostics('role', [role], this.organization ?? (role as { organization?: OrganizationRef }).organization, 'an assignment');
    if (!(resource instanceof Resource)) {
      const byId = resource?.id !== undefined;
      const byExternal = resource?.type !== undefined || resource?.externalId !== undefined;
      if (byId && byExternal) out.push(attributeError(['resource'], 'names the resource twice: give a Resource, { id }, or { type, externalId }, not both forms'));
      else if (!byId && !byExternal) out.push(attributeError(['resource'], 'names no resource: give a Resource, { id }, or { type, externalId }'));
      else if (byExternal && (resource?.type === undefined || resource?.externalId === undefined)) out.push(attributeError(['resource'], '{ type, externalId } needs both the type and the external id'));
    }
    if (resource instanceof Resource && this.organization !== undefined && differentOrganizationsAtSynth(resource.organization, this.organization)) {
      out.push(attributeError(['resource'], `${resource.node.path} is in another organization than the membership`));
    }
    return out;
  }
}
