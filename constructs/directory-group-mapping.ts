import type { Construct } from 'constructs';
import { directoryGroupMappingSchema } from '../src/schemas';
import { DirectoryGroupMappingAttributes, type DirectoryGroupMappingConfig } from './generated/directory-group-mapping';
import type { RoleMappingTarget } from './role-mapping';

/** Props of a `DirectoryGroupMapping` (`workos_directory_group_mapping`). */
export interface DirectoryGroupMappingProps extends Omit<DirectoryGroupMappingConfig, 'organizationId' | 'roles'>, RoleMappingTarget {}

/**
 * Members of a directory group (SCIM or Google Workspace directory) get these roles, updated
 * as the IdP pushes changes (`workos_directory_group_mapping`). Takes precedence over SSO
 * group mappings.
 */
export class DirectoryGroupMapping extends DirectoryGroupMappingAttributes {
  static readonly tfResourceType = directoryGroupMappingSchema.typeName;

  private readonly props: DirectoryGroupMappingProps;

  constructor(scope: Construct, id: string, props: DirectoryGroupMappingProps) {
    super(scope, id, directoryGroupMappingSchema, props);
    this.props = props;
  }

  /** The group, as given (`group` is the reference). */
  get groupInput(): string {
    return this.props.group;
  }

  /** The directory, as given (undefined: any directory of the organization). */
  get sourceId(): string | undefined {
    return this.props.directoryId;
  }
}
