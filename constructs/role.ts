import { TerraformStack, Token, type TerraformMetaArguments } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { roleSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { RoleAttributes, type RoleConfig } from './generated/role';
import { brand, isPermission, isRole, type IPermission, type IRole } from './refs';
import { configFromProps, validateConfig } from './schema-bridge';
import { duplicateSlugDiagnostics } from './topology';

/** Props of a `Role` (`workos_role`). */
export interface RoleProps extends Omit<RoleConfig, 'permissions'>, TerraformMetaArguments {
  /**
   * The permissions this role grants: `Permission` constructs or slugs. The role references
   * its permissions' `slug` attributes, so terraform creates them first; that holds for a
   * slug too when a `Permission` with that slug is in the same stack. Authoritative: permissions added outside this app are removed on apply. Add more later
   * with `addPermission`; duplicates are ignored.
   *
   * @default no permissions
   */
  readonly permissions?: ReadonlyArray<IPermission | string>;
}

/**
 * A WorkOS environment role (`workos_role`): applies to every organization and grants
 * exactly the permissions given here.
 *
 * @example
 * const admin = new Role(this, 'admin', { slug: 'admin', name: 'Administrator', permissions: [manageUsers, 'billing:view'] });
 * admin.addPermission(exportReports);
 */
export class Role extends RoleAttributes implements IRole {
  /** Terraform's name for the resource type. */
  static readonly tfResourceType = roleSchema.typeName;

  /**
   * An environment role this app does not manage (created elsewhere, or the default `member`),
   * referenced by slug wherever a role is accepted. Its slug is validated like a managed one.
   */
  static fromSlug(scope: Construct, id: string, slug: string): IRole {
    return new ImportedRole(scope, id, slug);
  }

  /** Whether `x` is an environment `Role` this app manages (of any copy of this library). */
  static isRole(x: unknown): x is Role {
    return isRole(x);
  }

  private readonly props: Omit<RoleProps, 'permissions'>;
  private readonly granted = new PermissionGrants();

  constructor(scope: Construct, id: string, props: RoleProps) {
    super(scope, id, roleSchema, props);
    brand(this, 'role');
    const { permissions, ...rest } = props;
    this.props = rest;
    this.addPermission(...(permissions ?? []));
  }

  /**
   * Grants more permissions. A permission already granted (same `Permission`, or same slug)
   * is ignored; a `Permission` takes the place of its plain slug so the dependency is kept.
   */
  addPermission(...permissions: Array<IPermission | string>): void {
    this.granted.add(permissions);
  }

  /** The slug as configured (a plain string, or a token), the cdktf `…Input` convention. */
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

  /**
   * The permission slugs this role grants, as synthesized: a reference to the `Permission`
   * (also for a slug a `Permission` in this stack defines), the plain slug otherwise.
   */
  get permissionSlugs(): string[] {
    return this.granted.slugs(this);
  }

  protected config(): Record<string, unknown> {
    const permissions = this.granted.size > 0 ? this.permissionSlugs : undefined;
    return configFromProps(roleSchema.attributes, { ...this.props, permissions });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return duplicateSlugDiagnostics(this, 'role', 'the environment');
  }
}

class ImportedRole extends Construct implements IRole {
  readonly slugInput: string;

  constructor(
    scope: Construct,
    id: string,
    readonly slug: string,
  ) {
    super(scope, id);
    this.slugInput = slug;
    this.node.addValidation({ validate: () => validateConfig(this, { slug: roleSchema.attributes.slug }, { slug }) });
  }
}

/** The plain slug of a permission when this app knows it, for de-duplication and validation. */
function knownSlug(permission: IPermission | string): string | undefined {
  const slug = isPermission(permission) ? permission.slugInput : typeof permission === 'string' ? permission : permission.slug;
  return Token.isUnresolved(slug) ? undefined : slug;
}

/**
 * The permissions a role grants (a `Role` or an `OrganizationRole`), in the order added, keyed
 * by slug where known so each is granted once; a `Permission` takes the place of its plain
 * slug so the dependency is kept.
 */
export class PermissionGrants {
  private readonly granted = new Map<string, IPermission | string>();

  add(permissions: ReadonlyArray<IPermission | string>): void {
    for (const permission of permissions) {
      const key = knownSlug(permission) ?? (typeof permission === 'string' ? permission : permission.node.path);
      const existing = this.granted.get(key);
      if (existing === undefined || (typeof existing === 'string' && typeof permission !== 'string')) this.granted.set(key, permission);
    }
  }

  get size(): number {
    return this.granted.size;
  }

  /** The plain slugs, in the order granted; a permission whose slug is a token is left out. */
  knownSlugs(): string[] {
    return [...this.granted.values()].flatMap((p) => knownSlug(p) ?? []);
  }

  /** As synthesized: a reference to the `Permission` (also for a slug one in the stack defines), else the plain slug. */
  slugs(scope: IConstruct): string[] {
    const managed = new Map<string, IPermission>();
    for (const c of TerraformStack.of(scope).node.findAll().filter(isPermission)) {
      if (!managed.has(c.slugInput)) managed.set(c.slugInput, c);
    }
    return [...this.granted.values()].map((p) => (typeof p === 'string' ? (managed.get(p)?.slug ?? p) : p.slug));
  }
}
