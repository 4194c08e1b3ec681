import type { ITerraformDependable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { accessCheckSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { workosResourcesOf } from './base';
import { DataWorkosAccessCheckAttributes, type DataWorkosAccessCheckConfig } from './generated/access-check';
import type { OrganizationMembership } from './organization-membership';
import type { IPermission } from './refs';
import { locatorDiagnostics, Resource, type ResourceLocator } from './resource';
import { configFromProps } from './schema-bridge';

/** Props of `DataWorkosAccessCheck` (`data.workos_access_check`). */
export interface DataWorkosAccessCheckProps extends Omit<DataWorkosAccessCheckConfig, 'organizationMembershipId' | 'permissionSlug' | 'resourceId' | 'resourceTypeSlug' | 'resourceExternalId'>, TerraformMetaArguments {
  /** The member: an `OrganizationMembership` or its id. */
  readonly membership: OrganizationMembership | string;
  /** The permission to check: a `Permission` or a slug. */
  readonly permission: IPermission | string;
  /**
   * The resource: a `Resource`, `{ id }`, or `{ type, externalId }`.
   *
   * @default the organization (its organization-level roles only)
   */
  readonly resource?: ResourceLocator;
}

/**
 * Does a membership hold a permission on a resource (`data.workos_access_check`): directly,
 * through a role on an ancestor, or through its organization role? Read after the stack's
 * WorkOS resources are applied.
 *
 * @example
 * const canEdit = new DataWorkosAccessCheck(this, 'alice-edits-api', { membership: alice, permission: 'projects:edit', resource: apiBackend });
 * new TerraformOutput(this, 'alice_can_edit_api', { value: canEdit.allowed });
 */
export class DataWorkosAccessCheck extends DataWorkosAccessCheckAttributes {
  static readonly tfResourceType = accessCheckSchema.typeName;

  private readonly props: DataWorkosAccessCheckProps;

  constructor(scope: Construct, id: string, props: DataWorkosAccessCheckProps) {
    super(scope, id, accessCheckSchema, props);
    this.props = props;
  }

  protected config(): Record<string, unknown> {
    const { membership, permission, resource } = this.props;
    const byObject = resource instanceof Resource;
    return configFromProps(accessCheckSchema.attributes, {
      organizationMembershipId: typeof membership === 'string' ? membership : membership.id,
      permissionSlug: typeof permission === 'string' ? permission : permission.slug,
      resourceId: byObject ? resource.id : resource?.id,
      resourceTypeSlug: byObject ? undefined : typeof resource?.type === 'object' ? resource.type.slug : resource?.type,
      resourceExternalId: byObject ? undefined : resource?.externalId,
    });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return locatorDiagnostics(this.props.resource, true);
  }

  protected implicitDependencies(): ITerraformDependable[] {
    return workosResourcesOf(this);
  }
}
