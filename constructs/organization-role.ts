import { TerraformStack, type ITerraformDependable, type TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { organizationRoleSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { DirectoryGroupMapping } from './directory-group-mapping';
import { OrganizationRoleAttributes, type OrganizationRoleConfig } from './generated/organization-role';
import { brand, isOrganization, isOrganizationRole, isRolePolicy, type DirectoryRef, type IOrganizationRole, type IPermission, type OrganizationRef } from './refs';
import { PermissionGrants } from './role';
import type { GroupMappingOptions } from './role-mapping';
import { configFromProps, validateConfig } from './schema-bridge';
import { SsoGroupMapping } from './sso-group-mapping';
import { duplicateSlugDiagnostics, organizationIdOf, sameOrganizationAtSynth } from './topology';

/** Props of an `OrganizationRole` (`workos_organization_role`). */
export interface OrganizationRoleProps extends Omit<OrganizationRoleConfig, 'organizationId' | 'permissions'>, TerraformMetaArguments {
  /** The organization the role belongs to: the construct or its id. Changing it replaces the role. */
  readonly organization: OrganizationRef;
  /**
   * The permissions this role grants: `Permission` constructs or slugs (a slug a `Permission`
   * in this stack defines is referenced). Authoritative. Add more with `addPermission`.
   *
   * @default no permissions
   */
  readonly permissions?: ReadonlyArray<IPermission | string>;
}

/**
 * A custom role of one organization (`workos_organization_role`); its slug starts with
 * `org-`. The organization's first custom role gives it its own priority order and default role,
 * copied from the environment's policy at that moment: every organization role therefore waits
 * for the stack's environment `RolePolicy`, and synth warns about an organization of this stack
 * with custom roles but no `RolePolicy` of its own.
 *
 * @example
 * const orgAdmin = new OrganizationRole(this, 'globex-admin', { organization: globex, slug: 'org-admin', name: 'Admin' });
 * orgAdmin.mapSsoGroup('Globex Admins');
 */
export class OrganizationRole extends OrganizationRoleAttributes implements IOrganizationRole {
  static readonly tfResourceType = organizationRoleSchema.typeName;

  /**
   * A custom role of `organization` this app does not manage, referenced by slug (`org-…`)
   * wherever a role of that organization is accepted; using it for another organization
   * fails at synth like a managed one.
   */
  static fromSlug(scope: Construct, id: string, organization: OrganizationRef, slug: string): IOrganizationRole {
    return new ImportedOrganizationRole(scope, id, organization, slug);
  }

  /** Whether `x` is an `OrganizationRole` this app manages (of any copy of this library). */
  static isOrganizationRole(x: unknown): x is OrganizationRole {
    return isOrganizationRole(x);
  }

  /** The organization, as given. */
  readonly organization: OrganizationRef;
  private readonly props: Omit<OrganizationRoleProps, 'permissions' | 'organization'>;
  private readonly granted = new PermissionGrants();

  constructor(scope: Construct, id: string, props: OrganizationRoleProps) {
    super(scope, id, organizationRoleSchema, props);
    brand(this, 'organizationRole', 'roleOfOneOrganization');
    const { permissions, organization, ...rest } = props;
    this.organization = organization;
    this.props = rest;
    this.addPermission(...(permissions ?? []));
  }

  /** Grants more permissions; ones already granted (same object or slug) are ignored. */
  addPermission(...permissions: Array<IPermission | string>): void {
    this.granted.add(permissions);
  }

  /** Members of directory group `group` in this role's organization get this role. */
  mapDirectoryGroup(group: string, options: GroupMappingOptions & { readonly directory?: DirectoryRef } = {}): DirectoryGroupMapping {
    return new DirectoryGroupMapping(this.node.scope as Construct, `${this.node.id}-directory-${slugify(group)}`, { ...options, organization: this.organization, group, roles: [this] });
  }

  /** Users whose SSO profile lists `group` get this role at sign-in. */
  mapSsoGroup(group: string, options: GroupMappingOptions & { readonly connectionId?: string } = {}): SsoGroupMapping {
    return new SsoGroupMapping(this.node.scope as Construct, `${this.node.id}-sso-${slugify(group)}`, { ...options, organization: this.organization, group, roles: [this] });
  }

  /** The slug as configured (a plain string, or a token). */
  get slugInput(): string {
    return this.props.slug;
  }

  /**
   * The permission slugs granted, as plain strings where this app knows them (for offline
   * tests and assertions; the `…Input` convention): `permissions` is the reference terraform
   * resolves after apply. A permission whose slug is itself a token is left out.
   */
  get permissionsInput(): string[] {
    return this.granted.knownSlugs();
  }

  protected config(): Record<string, unknown> {
    return configFromProps(organizationRoleSchema.attributes, {
      ...this.props,
      organizationId: organizationIdOf(this.organization),
      permissions: this.granted.size > 0 ? this.granted.slugs(this) : undefined,
    });
  }

  /**
   * The environment's `RolePolicy` of this stack comes first: an organization's first custom
   * role copies the environment's default role and priority order at that moment, so that
   * copy must be the stack's policy, not whatever the environment had before.
   */
  protected override implicitDependencies(): ITerraformDependable[] {
    return TerraformStack.of(this)
      .node.findAll()
      .filter(isRolePolicy)
      .filter((c) => c.organization === undefined);
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return [
      ...duplicateSlugDiagnostics(this, 'organization role', 'one organization', (other) => sameOrganizationAtSynth(other.organization, this.organization)),
      ...snapshotWarning(this),
    ];
  }
}

class ImportedOrganizationRole extends Construct implements IOrganizationRole {
  readonly slugInput: string;

  constructor(
    scope: Construct,
    id: string,
    readonly organization: OrganizationRef,
    readonly slug: string,
  ) {
    super(scope, id);
    brand(this, 'roleOfOneOrganization');
    this.slugInput = slug;
    this.node.addValidation({ validate: () => validateConfig(this, { slug: organizationRoleSchema.attributes.slug }, { slug }) });
  }
}


/**
 * On the first custom role of an organization this stack creates, when the stack gives that
 * organization no `RolePolicy` of its own: say that its default role and priority order are
 * now a copy of the environment's, which later environment changes do not reach.
 */
function snapshotWarning(role: OrganizationRole): Diagnostic[] {
  const organization = role.organization;
  if (!isOrganization(organization)) return []; // managed elsewhere: it may have its own policy already
  const all = TerraformStack.of(role).node.findAll();
  const first = all.filter(isOrganizationRole).find((c) => c.organization === organization);
  if (first !== role) return [];
  const policies = all.filter(isRolePolicy);
  if (policies.some((c) => c.organization === organization)) return [];
  const environmentPolicy = policies.find((c) => c.organization === undefined);
  return [
    {
      severity: 'warning',
      summary: `Organization ${organization.node.path} has custom roles but no role policy of its own`,
      detail:
        `its first custom role (${role.node.path}) gives it its own default role and priority order, copied from the environment's policy when that role is created` +
        (environmentPolicy ? ` (after ${environmentPolicy.node.path}, which the role waits for)` : '') +
        '; later changes to the environment policy do not reach this organization. Set them explicitly with organization.setRolePolicy({ defaultRole, priority })',
    },
  ];
}

const slugify = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
