import type { Construct } from 'constructs';
import { directoryGroupMappingSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { attributeError } from './base';
import { DirectoryGroupMappingAttributes, type DirectoryGroupMappingConfig } from './generated/directory-group-mapping';
import type { DirectoryRef } from './refs';
import type { RoleMappingTarget } from './role-mapping';
import { describeOrganization, differentOrganizationsAtSynth } from './topology';

/** Props of a `DirectoryGroupMapping` (`workos_directory_group_mapping`). */
export interface DirectoryGroupMappingProps extends Omit<DirectoryGroupMappingConfig, 'organizationId' | 'roles' | 'directoryId'>, RoleMappingTarget {
  /**
   * The directory whose group this is: a `Directory` of the same organization, or its id
   * (`directory_…`). Changing it replaces the mapping.
   *
   * @default any directory of the organization
   */
  readonly directory?: DirectoryRef;
}

/** A directory's id as synthesized: a reference for a `Directory`, else the id as given. */
export const directoryIdOf = (directory: DirectoryRef): string => (typeof directory === 'string' ? directory : directory.id);

/**
 * Members of a directory group (SCIM or Google Workspace directory) get these roles, updated
 * as the IdP pushes changes (`workos_directory_group_mapping`). Takes precedence over SSO
 * group mappings.
 */
export class DirectoryGroupMapping extends DirectoryGroupMappingAttributes {
  static readonly tfResourceType = directoryGroupMappingSchema.typeName;

  private readonly props: DirectoryGroupMappingProps;

  constructor(scope: Construct, id: string, props: DirectoryGroupMappingProps) {
    const { directory, ...rest } = props;
    super(scope, id, directoryGroupMappingSchema, { ...rest, ...(directory === undefined ? {} : { directoryId: directoryIdOf(directory) }) });
    this.props = props;
  }

  /** The group, as given (`group` is the reference). */
  get groupInput(): string {
    return this.props.group;
  }

  /** The directory, as given (undefined: any directory of the organization). */
  get source(): DirectoryRef | undefined {
    return this.props.directory;
  }

  protected override extraDiagnostics(): Diagnostic[] {
    const directory = this.props.directory;
    const foreign =
      directory !== undefined && typeof directory !== 'string' && differentOrganizationsAtSynth(directory.organization, this.organization)
        ? [attributeError(['directory_id'], `${directory.node.path} is a directory of organization ${describeOrganization(directory.organization)}, not of ${describeOrganization(this.organization)}`)]
        : [];
    return [...super.extraDiagnostics(), ...foreign];
  }
}
