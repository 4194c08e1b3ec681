import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { resourceAssignmentSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { attributeError } from './base';
import { ResourceAssignmentAttributes, type ResourceAssignmentConfig } from './generated/resource-assignment';
import type { IOrganizationMembership, OrganizationRef, RoleRef } from './refs';
import { locatorDiagnostics, Resource, type ResourceLocator } from './resource';
import { resourceTypeSlugOf } from './resource-type';
import { configFromProps } from './schema-bridge';
import { differentOrganizationsAtSynth, foreignRoleDiagnostics, roleSlugOf } from './topology';

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
    out.push(...locatorDiagnostics(resource, false));
    if (resource instanceof Resource && this.organization !== undefined && differentOrganizationsAtSynth(resource.organization, this.organization)) {
      out.push(attributeError(['resource'], `${resource.node.path} is in another organization than the membership`));
    }
    return out;
  }
}
