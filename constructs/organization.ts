import type { TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { organizationSchema } from '../src/schemas';
import { AttributeMapping } from './attribute-mapping';
import { DirectoryGroupMapping } from './directory-group-mapping';
import { OrganizationAttributes, type OrganizationConfig } from './generated/organization';
import { OrganizationMembership } from './organization-membership';
import { OrganizationRole, type OrganizationRoleProps } from './organization-role';
import { brand, isOrganization, type DirectoryRef, type IOrganization, type RoleRef } from './refs';
import type { GroupMappingOptions } from './role-mapping';
import { RolePolicy, type RolePolicyProps } from './role-policy';
import { configFromProps } from './schema-bridge';
import { SsoGroupMapping } from './sso-group-mapping';
import type { User } from './user';

/** Props of an `Organization` (`workos_organization`). */
export interface OrganizationProps extends OrganizationConfig, TerraformMetaArguments {}

/**
 * A WorkOS organization (`workos_organization`): a customer with its own members, roles,
 * IdP mappings and resources. The `add…`/`map…` methods create those next to it, named
 * after it (`acme-org-admin`).
 *
 * @example
 * const acme = new Organization(this, 'acme', { name: 'Acme' });
 * const admin = acme.addRole('org-admin', { name: 'Admin' });
 * acme.mapDirectoryGroup('Engineering', [developer]);
 */
export class Organization extends OrganizationAttributes implements IOrganization {
  static readonly tfResourceType = organizationSchema.typeName;

  /**
   * An organization this app does not manage, referenced by id wherever an organization is
   * accepted (roles, memberships, mappings, resources, policies).
   */
  static fromId(scope: Construct, id: string, organizationId: string): IOrganization {
    return new ImportedOrganization(scope, id, organizationId);
  }

  /** Whether `x` is an `Organization` this app manages (of any copy of this library). */
  static isOrganization(x: unknown): x is Organization {
    return isOrganization(x);
  }

  private readonly props: OrganizationProps;

  constructor(scope: Construct, id: string, props: OrganizationProps) {
    super(scope, id, organizationSchema, props);
    brand(this, 'organization');
    this.props = props;
  }

  /** A custom role of this organization (`slug` starts with `org-`). */
  addRole(slug: string, props: Omit<OrganizationRoleProps, 'organization' | 'slug'>): OrganizationRole {
    return new OrganizationRole(this.siblingScope(), this.childId(slug), { ...props, slug, organization: this });
  }

  /** Makes a user a member; without roles the member's roles come from IdP mappings or the default role. */
  addMember(user: User | string, roles?: readonly RoleRef[], id?: string): OrganizationMembership {
    const name = id ?? (typeof user === 'string' ? user : user.node.id);
    return new OrganizationMembership(this.siblingScope(), this.childId(`member-${name}`), { organization: this, user, roles });
  }

  /**
   * Members of directory group `group` get `roles`. Mapping the same group again (same
   * directory) adds the roles to the existing mapping.
   */
  mapDirectoryGroup(group: string, roles: readonly RoleRef[], options: GroupMappingOptions & { readonly directory?: DirectoryRef } = {}): DirectoryGroupMapping {
    const existing = this.findMapping(DirectoryGroupMapping, group, options.directory);
    if (existing) {
      existing.addRole(...roles);
      return existing;
    }
    return new DirectoryGroupMapping(this.siblingScope(), this.childId(`directory-${group}`), { ...options, organization: this, group, roles });
  }

  /** Users whose SSO profile lists `group` get `roles` at sign-in. Same group again: roles are added. */
  mapSsoGroup(group: string, roles: readonly RoleRef[], options: GroupMappingOptions & { readonly connectionId?: string } = {}): SsoGroupMapping {
    const existing = this.findMapping(SsoGroupMapping, group, options.connectionId);
    if (existing) {
      existing.addRole(...roles);
      return existing;
    }
    return new SsoGroupMapping(this.siblingScope(), this.childId(`sso-${group}`), { ...options, organization: this, group, roles });
  }

  /**
   * Users whose attribute `attribute` has `value` (e.g. `myRole` = `admin`) get `roles` when
   * no group mapping matches. Same attribute and value again: roles are added.
   */
  mapAttribute(attribute: string, value: string, roles: readonly RoleRef[], options: GroupMappingOptions = {}): AttributeMapping {
    const existing = this.siblingScope()
      .node.children.filter((c): c is AttributeMapping => c instanceof AttributeMapping)
      .find((m) => m.organization === this && m.attributeInput === attribute && m.valueInput === value);
    if (existing) {
      existing.addRole(...roles);
      return existing;
    }
    return new AttributeMapping(this.siblingScope(), this.childId(`attribute-${attribute}-${value}`), { ...options, organization: this, attribute, value, roles });
  }

  /** This organization's own priority order, default role and multiple-roles mode. */
  setRolePolicy(props: Omit<RolePolicyProps, 'organization'>): RolePolicy {
    return new RolePolicy(this.siblingScope(), this.childId('role-policy'), { ...props, organization: this });
  }

  private findMapping<T extends DirectoryGroupMapping | SsoGroupMapping>(kind: new (...args: never[]) => T, group: string, source: T['source']): T | undefined {
    return this.siblingScope()
      .node.children.filter((c): c is T => c instanceof kind)
      .find((m) => m.organization === this && m.groupInput === group && m.source === source);
  }

  private siblingScope(): Construct {
    return this.node.scope as Construct;
  }

  private childId(name: string): string {
    return `${this.node.id}-${name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
  }

  protected config(): Record<string, unknown> {
    return configFromProps(organizationSchema.attributes, this.props);
  }
}

class ImportedOrganization extends Construct implements IOrganization {
  constructor(
    scope: Construct,
    constructId: string,
    readonly id: string,
  ) {
    super(scope, constructId);
    this.node.addValidation({ validate: () => (id.trim() === '' ? ['Invalid value for "organizationId": Organization.fromId needs the id of an existing organization (org_…)'] : []) });
  }
}
