import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { directorySchema } from '../src/schemas';
import { DirectoryAttributes, type DirectoryConfig } from './generated/directory';
import { brand, isDirectory, type IDirectory, type OrganizationRef } from './refs';
import { configFromProps } from './schema-bridge';
import { organizationIdOf } from './topology';

/** Props of a `Directory` (`workos_directory`). */
export interface DirectoryProps extends Omit<DirectoryConfig, 'organizationId'>, TerraformMetaArguments {
  /** The organization whose users and groups the directory receives: the construct or its id. Changing it replaces the directory. */
  readonly organization: OrganizationRef;
}

/**
 * A SCIM directory of one organization (`workos_directory`): the identity provider pushes the
 * organization's users and groups to `scimEndpoint`, authenticated with `bearerToken`
 * (sensitive), and `DirectoryGroupMapping`s give their members roles. Creating and renaming
 * directories is dashboard-only in WorkOS (the local control plane does both).
 *
 * @example
 * const okta = new Directory(this, 'acme-okta', { organization: acme, name: 'Acme Okta', type: 'okta scim v2.0' });
 * new DirectoryGroupMapping(this, 'engineering', { organization: acme, directory: okta, group: 'Engineering', roles: [developer] });
 * new TerraformOutput(this, 'scim-token', { value: okta.bearerToken, sensitive: true });
 */
export class Directory extends DirectoryAttributes implements IDirectory {
  static readonly tfResourceType = directorySchema.typeName;

  /** Whether `x` is a `Directory` this app manages (of any copy of this library). */
  static isDirectory(x: unknown): x is Directory {
    return isDirectory(x);
  }

  /** The organization, as given. */
  readonly organization: OrganizationRef;
  private readonly props: Omit<DirectoryProps, 'organization'>;

  constructor(scope: Construct, id: string, props: DirectoryProps) {
    super(scope, id, directorySchema, props);
    brand(this, 'directory');
    const { organization, ...rest } = props;
    this.organization = organization;
    this.props = rest;
  }

  protected config(): Record<string, unknown> {
    return configFromProps(directorySchema.attributes, { ...this.props, organizationId: organizationIdOf(this.organization) });
  }
}
