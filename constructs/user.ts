import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { userSchema } from '../src/schemas';
import { UserAttributes, type UserConfig } from './generated/user';
import { configFromProps } from './schema-bridge';

/** Props of a `User` (`workos_user`). */
export interface UserProps extends UserConfig, TerraformMetaArguments {}

/**
 * A WorkOS user (`workos_user`). Real users usually arrive through sign-up, SSO or directory
 * sync; declare them for fixtures, demos and service accounts.
 */
export class User extends UserAttributes {
  static readonly tfResourceType = userSchema.typeName;

  private readonly props: UserProps;

  constructor(scope: Construct, id: string, props: UserProps) {
    super(scope, id, userSchema, props);
    this.props = props;
  }

  protected config(): Record<string, unknown> {
    return configFromProps(userSchema.attributes, this.props);
  }
}
