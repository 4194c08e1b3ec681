import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { attributeMappingSchema, directoryGroupMappingSchema, ssoGroupMappingSchema } from '../src/resources';
import type { Diagnostic, ResourceSchema } from '../src/schema';
import { WorkosResource } from './base';
import type { AttributeMappingConfig } from './generated/attribute-mapping';
import type { DirectoryGroupMappingConfig } from './generated/directory-group-mapping';
import type { SsoGroupMappingConfig } from './generated/sso-group-mapping';
import { configFromProps } from './schema-bridge';
import { addRoles, foreignRoleDiagnostics, organizationIdOf, roleSlugOf, type OrganizationRef, type RoleRef } from './topology';

/** Options every mapping shares. */
export interface GroupMappingOptions {
  /**
   * `exclusive`: the roles are a ladder, only the highest-priority match among exclusive roles
   * is kept. `additive`: always kept.
   *
   * @default WorkOS behaviour (exclusive when multiple-roles mode is off, additive when on)
   */
  readonly mode?: 'exclusive' | 'additive';
}

interface MappingTarget extends TerraformMetaArguments {
  /** The organization whose members the mapping applies to: the construct or its id. */
  readonly organization: OrganizationRef;
  /**
   * Roles the matching members get: `Role`s, this organization's `OrganizationRole`s, or
   * slugs (at least one). Add more with `addRole`; duplicates are ignored.
   */
  readonly roles: readonly RoleRef[];
}

/** Props of a `DirectoryGroupMapping` (`workos_directory_group_mapping`). */
export interface DirectoryGroupMappingProps extends Omit<DirectoryGroupMappingConfig, 'organizationId' | 'roles'>, MappingTarget {}
/** Props of an `SsoGroupMapping` (`workos_sso_group_mapping`). */
export interface SsoGroupMappingProps extends Omit<SsoGroupMappingConfig, 'organizationId' | 'roles'>, MappingTarget {}
/** Props of an `AttributeMapping` (`workos_attribute_mapping`). */
export interface AttributeMappingProps extends Omit<AttributeMappingConfig, 'organizationId' | 'roles'>, MappingTarget {}

abstract class RoleMapping<P extends MappingTarget> extends WorkosResource {
  /** The organization, as given. */
  readonly organization: OrganizationRef;
  protected readonly props: Omit<P, 'roles' | 'organization'>;
  private readonly granted: RoleRef[] = [];

  protected constructor(scope: Construct, id: string, private readonly mappingSchema: ResourceSchema, props: P) {
    super(scope, id, mappingSchema, props);
    const { roles, organization, ...rest } = props;
    this.organization = organization;
    this.props = rest;
    addRoles(this.granted, roles);
  }

  /** Adds roles the matching members get; roles already mapped (same object or slug) are ignored. */
  addRole(...roles: RoleRef[]): void {
    addRoles(this.granted, roles);
  }

  /** WorkOS identifier of the mapping, known after apply. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  protected config(): Record<string, unknown> {
    return configFromProps(this.mappingSchema.attributes, {
      ...this.props,
      organizationId: organizationIdOf(this.organization),
      roles: this.granted.map((r) => roleSlugOf(this, r, this.organization)),
    });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return foreignRoleDiagnostics('roles', this.granted, this.organization, 'a mapping');
  }
}

/**
 * Members of a directory group (SCIM or Google Workspace directory) get these roles, updated
 * as the IdP pushes changes (`workos_directory_group_mapping`). Takes precedence over SSO
 * group mappings.
 */
export class DirectoryGroupMapping extends RoleMapping<DirectoryGroupMappingProps> {
  static readonly tfResourceType = directoryGroupMappingSchema.typeName;

  constructor(scope: Construct, id: string, props: DirectoryGroupMappingProps) {
    super(scope, id, directoryGroupMappingSchema, props);
  }

  /** The group, as given. */
  get group(): string {
    return this.props.group;
  }

  /** The directory, as given (undefined: any directory of the organization). */
  get sourceId(): string | undefined {
    return this.props.directoryId;
  }
}

/** Users whose SSO profile lists a group get these roles at sign-in (`workos_sso_group_mapping`). */
export class SsoGroupMapping extends RoleMapping<SsoGroupMappingProps> {
  static readonly tfResourceType = ssoGroupMappingSchema.typeName;

  constructor(scope: Construct, id: string, props: SsoGroupMappingProps) {
    super(scope, id, ssoGroupMappingSchema, props);
  }

  /** The group, as given. */
  get group(): string {
    return this.props.group;
  }

  /** The SSO connection, as given (undefined: any connection of the organization). */
  get sourceId(): string | undefined {
    return this.props.connectionId;
  }
}

/** Users whose attribute has a value (e.g. `myRole = "admin"`) get these roles when no group mapping matches (`workos_attribute_mapping`). */
export class AttributeMapping extends RoleMapping<AttributeMappingProps> {
  static readonly tfResourceType = attributeMappingSchema.typeName;

  constructor(scope: Construct, id: string, props: AttributeMappingProps) {
    super(scope, id, attributeMappingSchema, props);
  }
}
