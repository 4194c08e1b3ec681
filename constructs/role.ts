import { Fn, TerraformResource, TerraformStack, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { roleSchema } from '../src/resources';
import { validateAttributes, type Diagnostic } from '../src/schema';
import type { RoleConfig } from './generated/role';
import { Permission, knownSlug, type IPermission } from './permission';
import { configFromProps, isUnresolvedToken, reportDiagnostics, requireWorkosProvider, terraformHclAttributes, terraformJsonAttributes } from './schema-bridge';

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
export class Role extends TerraformResource {
  /** Terraform's name for the resource type. */
  static readonly tfResourceType = roleSchema.typeName;

  private readonly props: RoleProps;
  /** Granted permissions in the order added, keyed by slug where known so each is granted once. */
  private readonly granted = new Map<string, IPermission | string>();

  constructor(scope: Construct, id: string, props: RoleProps) {
    const { permissions, ...rest } = props;
    super(scope, id, { ...rest, terraformResourceType: Role.tfResourceType });
    this.props = rest;
    this.addPermission(...(permissions ?? []));
    requireWorkosProvider(this);
    this.node.addValidation({ validate: () => this.validate() });
  }

  /**
   * Grants more permissions. A permission already granted (same `Permission`, or same slug)
   * is ignored; a `Permission` takes the place of its plain slug so the dependency is kept.
   */
  addPermission(...permissions: Array<IPermission | string>): void {
    for (const permission of permissions) {
      const key = knownSlug(permission) ?? (typeof permission === 'string' ? permission : permission.node.path);
      const existing = this.granted.get(key);
      if (existing === undefined || (typeof existing === 'string' && typeof permission !== 'string')) this.granted.set(key, permission);
    }
  }

  /** WorkOS identifier of the role (`role_…`), known after apply. */
  get id(): string {
    return this.getStringAttribute('id');
  }

  /** Reference to the role's slug. */
  get slug(): string {
    return this.getStringAttribute('slug');
  }

  /** The slug as configured (a plain string, or a token), the cdktf `…Input` convention. */
  get slugInput(): string {
    return this.props.slug;
  }

  /** Reference to the permission slugs the role has after apply (for outputs). */
  get permissions(): string[] {
    return Fn.tolist(this.getListAttribute('permissions'));
  }

  /**
   * The permission slugs this role grants, as synthesized: a reference to the `Permission`
   * (also for a slug a `Permission` in this stack defines), the plain slug otherwise.
   */
  get permissionSlugs(): string[] {
    const managed = new Map<string, Permission>();
    for (const c of TerraformStack.of(this).node.findAll()) {
      if (c instanceof Permission && !managed.has(c.slugInput)) managed.set(c.slugInput, c);
    }
    return [...this.granted.values()].map((p) => (typeof p === 'string' ? (managed.get(p)?.slug ?? p) : p.slug));
  }

  private config(): Record<string, unknown> {
    const permissions = this.granted.size > 0 ? this.permissionSlugs : undefined;
    return configFromProps(roleSchema.attributes, { ...this.props, permissions });
  }

  /**
   * The provider's rules. `Permission`s validate their own slug, and unresolved tokens are
   * checked by terraform later, so only plain slugs given here are checked as permissions;
   * a problem is reported at its position in the role's list.
   */
  private validate(): string[] {
    const entries = [...this.granted.values()];
    const plainAt = entries.flatMap((p, i) => (typeof p === 'string' && !isUnresolvedToken(p) ? [i] : []));
    const config = { ...this.config(), permissions: plainAt.length > 0 ? plainAt.map((i) => entries[i]) : undefined };
    const diagnostics = validateAttributes(roleSchema.attributes, config, isUnresolvedToken).map((d): Diagnostic => {
      if (d.path?.[0] !== 'permissions' || typeof d.path[1] !== 'number') return d;
      const path = ['permissions', plainAt[d.path[1]], ...d.path.slice(2)];
      return { ...d, path, summary: d.summary.replace(`"${d.path.join('.')}"`, `"${path.join('.')}"`) };
    });
    return reportDiagnostics(this, diagnostics);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformJsonAttributes(roleSchema.attributes, this.config());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return terraformHclAttributes(roleSchema.attributes, this.config());
  }
}
