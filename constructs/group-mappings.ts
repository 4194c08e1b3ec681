import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { attributeMappingSchema, directoryGroupMappingSchema, ssoGroupMappingSchema } from '../src/schemas';
import type { Diagnostic, ResourceSchema } from '../src/schemas/builder';
import type { WorkosResource } from './base';
import { AttributeMappingAttributes, type AttributeMappingConfig } from './generated/attribute-mapping';
import { DirectoryGroupMappingAttributes, type DirectoryGroupMappingConfig } from './generated/directory-group-mapping';
import { SsoGroupMappingAttributes, type SsoGroupMappingConfig } from './generated/sso-group-mapping';
import { configFromProps } from './schema-bridge';
import { addRoles, foreignRoleDiagnostics, organizationIdOf, roleSlugOf } from './topology';
import type { OrganizationRef, RoleRef } from './refs';

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

/**
 * The roles a mapping gives, each once (same object or slug), as synthesized and checked.
 * Shared by composition: each mapping class extends its own generated attribute getters.
 */
class MappedRoles {
  private readonly granted: RoleRef[] = [];

  constructor(roles: readonly RoleRef[]) {
    addRoles(this.granted, roles);
  }

  add(roles: readonly RoleRef[]): void {
    addRoles(this.granted, roles);
  }

  /** The mapping's config: its own props, the organization's id and the role slugs (references where the stack defines the role). */
  config(scope: WorkosResource, schema: ResourceSchema, props: object, organization: OrganizationRef): Record<string, unknown> {
    return configFromProps(schema.attributes, { ...props, organizationId: organizationIdOf(organization), roles: this.granted.map((r) => roleSlugOf(scope, r, organization)) });
  }

  diagnostics(organization: OrganizationRef): Diagnostic[] {
    return foreignRoleDiagnostics('roles', this.granted, organization, 'a mapping');
  }
}

/**
 * Members of a directory group (SCIM or Google Workspace directory) get these roles, updated
 * as the IdP pushes changes (`workos_directory_group_mapping`). Takes precedence over SSO
 * group mappings.
 */
export class DirectoryGroupMapping extends DirectoryGroupMappingAttributes {
  static readonly tfResourceType = directoryGroupMappingSchema.typeName;

  /** The organization, as given. */
  readonly organization: OrganizationRef;
  private readonly props: Omit<DirectoryGroupMappingProps, 'roles' | 'organization'>;
  private readonly mapped: MappedRoles;

  constructor(scope: Construct, id: string, props: DirectoryGroupMappingProps) {
    super(scope, id, directoryGroupMappingSchema, props);
    const { roles, organization, ...rest } = props;
    this.organization = organization;
    this.props = rest;
    this.mapped = new MappedRoles(roles);
  }

  /** Adds roles the matching members get; roles already mapped (same object or slug) are ignored. */
  addRole(...roles: RoleRef[]): void {
    this.mapped.add(roles);
  }

  /** The group, as given (`group` is the reference). */
  get groupInput(): string {
    return this.props.group;
  }

  /** The directory, as given (undefined: any directory of the organization). */
  get sourceId(): string | undefined {
    return this.props.directoryId;
  }

  protected config(): Record<string, unknown> {
    return this.mapped.config(this, directoryGroupMappingSchema, this.props, this.organization);
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return this.mapped.diagnostics(this.organization);
  }
}

/** Users whose SSO profile lists a group get these roles at sign-in (`workos_sso_group_mapping`). */
export class SsoGroupMapping extends SsoGroupMappingAttributes {
  static readonly tfResourceType = ssoGroupMappingSchema.typeName;

  /** The organization, as given. */
  readonly organization: OrganizationRef;
  private readonly props: Omit<SsoGroupMappingProps, 'roles' | 'organization'>;
  private readonly mapped: MappedRoles;

  constructor(scope: Construct, id: string, props: SsoGroupMappingProps) {
    super(scope, id, ssoGroupMappingSchema, props);
    const { roles, organization, ...rest } = props;
    this.organization = organization;
    this.props = rest;
    this.mapped = new MappedRoles(roles);
  }

  /** Adds roles the matching members get; roles already mapped (same object or slug) are ignored. */
  addRole(...roles: RoleRef[]): void {
    this.mapped.add(roles);
  }

  /** The group, as given (`group` is the reference). */
  get groupInput(): string {
    return this.props.group;
  }

  /** The SSO connection, as given (undefined: any connection of the organization). */
  get sourceId(): string | undefined {
    return this.props.connectionId;
  }

  protected config(): Record<string, unknown> {
    return this.mapped.config(this, ssoGroupMappingSchema, this.props, this.organization);
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return this.mapped.diagnostics(this.organization);
  }
}

/** Users whose attribute has a value (e.g. `myRole = "admin"`) get these roles when no group mapping matches (`workos_attribute_mapping`). */
export class AttributeMapping extends AttributeMappingAttributes {
  static readonly tfResourceType = attributeMappingSchema.typeName;

  /** The organization, as given. */
  readonly organization: OrganizationRef;
  private readonly props: Omit<AttributeMappingProps, 'roles' | 'organization'>;
  private readonly mapped: MappedRoles;

  constructor(scope: Construct, id: string, props: AttributeMappingProps) {
    super(scope, id, attributeMappingSchema, props);
    const { roles, organization, ...rest } = props;
    this.organization = organization;
    this.props = rest;
    this.mapped = new MappedRoles(roles);
  }

  /** Adds roles the matching users get; roles already mapped (same object or slug) are ignored. */
  addRole(...roles: RoleRef[]): void {
    this.mapped.add(roles);
  }

  /** The attribute name, as given (`attribute` is the reference). */
  get attributeInput(): string {
    return this.props.attribute;
  }

  /** The attribute value, as given (`value` is the reference). */
  get valueInput(): string {
    return this.props.value;
  }

  protected config(): Record<string, unknown> {
    return this.mapped.config(this, attributeMappingSchema, this.props, this.organization);
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return this.mapped.diagnostics(this.organization);
  }
}
