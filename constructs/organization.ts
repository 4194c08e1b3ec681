import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { organizationSchema } from '../src/resources';
import { WorkosResource } from './base';
import type { OrganizationConfig } from './generated/organization';
import { DirectoryGroupMapping, SsoGroupMapping, type GroupMappingOptions } from './group-mappings';
import { OrganizationMembership } from './organization-membership';
import { OrganizationRole, type OrganizationRoleProps } from './organization-role';
import { RolePolicy, type RolePolicyProps } from './role-policy';
import { configFromProps } from './schema-bridge';
import type { RoleRef } from './topology';
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
export class Organization extends WorkosResource {
  static readonly tfResourceType = organizationSchema.typeName;

  private readonly props: OrganizationProps;

  constructor(scope: Construct, id: string, props: OrganizationProps) {
    super(scope, id, organizationSchema, props);
    this.props = props;
  }

  /** WorkOS identifier of the organization (`org_…`), known after apply. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** Reference to the organization's name. */
  get name(): string {
    return this.getStringAttribute('name');
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
  mapDirectoryGroup(group: string, roles: readonly RoleRef[], options: GroupMappingOptions & { readonly directoryId?: string } = {}): DirectoryGroupMapping {
    const existing = this.findMapping(DirectoryGroupMapping, group, options.directoryId);
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

  /** This organization's own priority order, default role and multiple-roles mode. */
  setRolePolicy(props: Omit<RolePolicyProps, 'organization'>): RolePolicy {
    return new RolePolicy(this.siblingScope(), this.childId('role-policy'), { ...props, organization: this });
  }

  private findMapping<T extends DirectoryGroupMapping | SsoGroupMapping>(kind: new (...args: never[]) => T, group: string, source: string | undefined): T | undefined {
    return this.siblingScope()
      .node.children.filter((c): c is T => c instanceof kind)
      .find((m) => m.organization === this && m.group === group && m.sourceId === source);
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
