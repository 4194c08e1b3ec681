import type { Construct } from 'constructs';
import { ssoGroupMappingSchema } from '../src/schemas';
import { SsoGroupMappingAttributes, type SsoGroupMappingConfig } from './generated/sso-group-mapping';
import type { RoleMappingTarget } from './role-mapping';

/** Props of an `SsoGroupMapping` (`workos_sso_group_mapping`). */
export interface SsoGroupMappingProps extends Omit<SsoGroupMappingConfig, 'organizationId' | 'roles'>, RoleMappingTarget {}

/** Users whose SSO profile lists a group get these roles at sign-in (`workos_sso_group_mapping`). */
export class SsoGroupMapping extends SsoGroupMappingAttributes {
  static readonly tfResourceType = ssoGroupMappingSchema.typeName;

  private readonly props: SsoGroupMappingProps;

  constructor(scope: Construct, id: string, props: SsoGroupMappingProps) {
    super(scope, id, ssoGroupMappingSchema, props);
    this.props = props;
  }

  /** The group, as given (`group` is the reference). */
  get groupInput(): string {
    return this.props.group;
  }

  /** The SSO connection, as given (undefined: any connection of the organization). */
  get source(): string | undefined {
    return this.props.connectionId;
  }
}
