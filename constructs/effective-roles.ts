import type { ITerraformDependable, TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { effectiveRolesSchema } from '../src/schemas';
import { workosResourcesOf } from './base';
import { DataWorkosEffectiveRolesAttributes, type DataWorkosEffectiveRolesConfig } from './generated/effective-roles';
import type { OrganizationRef } from './refs';
import { configFromProps } from './schema-bridge';
import { organizationIdOf } from './topology';

/** Props of `DataWorkosEffectiveRoles` (`data.workos_effective_roles`). */
export interface DataWorkosEffectiveRolesProps extends Omit<DataWorkosEffectiveRolesConfig, 'organizationId'>, TerraformMetaArguments {
  /**
   * Organization whose mappings and policy apply: the construct or its id.
   *
   * @default the environment policy only
   */
  readonly organization?: OrganizationRef;
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

  protected implicitDependencies(): ITerraformDependable[] {
    return workosResourcesOf(this);
  }
}
