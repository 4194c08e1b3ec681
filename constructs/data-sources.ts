import { TerraformStack, type TerraformMetaArguments, type TerraformResource } from 'cdktf';
import type { Construct } from 'constructs';
import { accessCheckSchema, effectiveRolesSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { attributeError, WorkosResource } from './base';
import { DataWorkosAccessCheckAttributes, type DataWorkosAccessCheckConfig } from './generated/data-access-check';
import { DataWorkosEffectiveRolesAttributes, type DataWorkosEffectiveRolesConfig } from './generated/data-effective-roles';
import { OrganizationMembership } from './organization-membership';
import type { IPermission } from './refs';
import { Resource, type ResourceLocator } from './resources';
import { configFromProps } from './schema-bridge';
import { organizationIdOf } from './topology';
import type { OrganizationRef } from './refs';

/** Props of `DataWorkosEffectiveRoles` (`data.workos_effective_roles`). */
export interface DataWorkosEffectiveRolesProps extends Omit<DataWorkosEffectiveRolesConfig, 'organizationId'>, TerraformMetaArguments {
  /**
   * Organization whose mappings and policy apply: the construct or its id.
   *
   * @default the environment policy only
   */
  readonly organization?: OrganizationRef;
}

/** The WorkOS resources of the stack, which the answers of the data sources below depend on. */
function workosResourcesOf(scope: Construct): TerraformResource[] {
  return TerraformStack.of(scope).node.findAll().filter((c): c is WorkosResource => c instanceof WorkosResource);
}

/**
 * "Test mapped attributes" at plan time (`data.workos_effective_roles`): which roles would a
 * user with these groups and attributes get, and why. Read after the stack's WorkOS
 * resources are applied, so it sees the mappings and policies declared next to it.
 *
 * @example
 * const preview = new DataWorkosEffectiveRoles(this, 'engineer', { organization: acme, directoryGroups: ['Engineering'] });
 * new TerraformOutput(this, 'engineer_roles', { value: preview.roles });
 */
export class DataWorkosEffectiveRoles extends DataWorkosEffectiveRolesAttributes {
  static readonly tfResourceType = effectiveRolesSchema.typeName;

  private readonly props: DataWorkosEffectiveRolesProps;

  constructor(scope: Construct, id: string, props: DataWorkosEffectiveRolesProps = {}) {
    super(scope, id, effectiveRolesSchema, props);
    this.props = props;
  }

  protected config(): Record<string, unknown> {
    const { organization, ...rest } = this.props;
    return configFromProps(effectiveRolesSchema.attributes, { ...rest, organizationId: organization === undefined ? undefined : organizationIdOf(organization) });
  }

  protected implicitDependencies(): TerraformResource[] {
    return workosResourcesOf(this);
  }
}

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
      organizationMembershipId: membership instanceof OrganizationMembership ? membership.id : membership,
      permissionSlug: typeof permission === 'string' ? permission : permission.slug,
      resourceId: byObject ? resource.id : resource?.id,
      resourceTypeSlug: byObject ? undefined : typeof resource?.type === 'object' ? resource.type.slug : resource?.type,
      resourceExternalId: byObject ? undefined : resource?.externalId,
    });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    const r = this.props.resource;
    if (r === undefined || r instanceof Resource) return [];
    const byExternal = r.type !== undefined || r.externalId !== undefined;
    if (r.id !== undefined && byExternal) return [attributeError(['resource'], 'names the resource twice: give a Resource, { id }, or { type, externalId }, not both forms')];
    if (byExternal && (r.type === undefined || r.externalId === undefined)) return [attributeError(['resource'], '{ type, externalId } needs both the type and the external id')];
    return [];
  }

  protected implicitDependencies(): TerraformResource[] {
    return workosResourcesOf(this);
  }
}
