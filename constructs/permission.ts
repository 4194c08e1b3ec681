import { TerraformStack, Token, type TerraformMetaArguments } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { permissionSchema } from '../src/schemas';
import { configFromProps, reportDiagnostics, requireWorkosProvider, terraformHclAttributes, terraformJsonAttributes, validateConfig } from './schema-bridge';
import { PermissionAttributes, type PermissionConfig } from './generated/permission';
import { brand, isPermission, type IPermission } from './refs';
import { duplicateSlugDiagnostics } from './topology';

/** Props of a `Permission` (`workos_permission`). */
export interface PermissionProps extends PermissionConfig, TerraformMetaArguments {}

/**
 * A WorkOS permission (`workos_permission`): an immutable slug such as `users:view` that
 * roles grant.
 *
 * @example
 * const viewUsers = new Permission(this, 'users-view', { slug: 'users:view', name: 'View users' });
 * new Role(this, 'viewer', { slug: 'viewer', name: 'Viewer', permissions: [viewUsers] });
 */
export class Permission extends PermissionAttributes implements IPermission {
  /** Terraform's name for the resource type. */
  static readonly tfResourceType = permissionSchema.typeName;

  /**
   * A permission this app does not manage (created elsewhere, or a system permission),
   * referenced by slug. Its slug is validated like a managed one.
   */
  static fromSlug(scope: Construct, id: string, slug: string): IPermission {
    return new ImportedPermission(scope, id, slug);
  }

  /** Whether `x` is a `Permission` (of any copy of this library). */
  static isPermission(x: unknown): x is Permission {
    return isPermission(x);
  }

  private readonly props: PermissionProps;

  constructor(scope: Construct, id: string, props: PermissionProps) {
    super(scope, id, { ...props, terraformResourceType: Permission.tfResourceType });
    this.props = props;
    brand(this, 'permission');
    requireWorkosProvider(this);
    this.node.addValidation({
      validate: () => [...validateConfig(this, permissionSchema.attributes, this.config()), ...reportDiagnostics(this, duplicateSlugDiagnostics(this, 'permission', 'the environment'))],
    });
  }

  /** The slug as configured (a plain string, or a token such as a variable), the cdktf `…Input` convention. */
  get slugInput(): string {
    return this.props.slug;
  }

  private config(): Record<string, unknown> {
    return configFromProps(permissionSchema.attributes, this.props);
  }

  protected override synthesizeAttributes(): { [name: string]: unknown } {
    return terraformJsonAttributes(permissionSchema.attributes, this.config());
  }

  protected override synthesizeHclAttributes(): { [name: string]: unknown } {
    return terraformHclAttributes(permissionSchema.attributes, this.config());
  }
}

class ImportedPermission extends Construct implements IPermission {
  constructor(
    scope: Construct,
    id: string,
    readonly slug: string,
  ) {
    super(scope, id);
    this.node.addValidation({ validate: () => validateConfig(this, { slug: permissionSchema.attributes.slug }, { slug }) });
  }
}

/** The plain slug of a permission when this app knows it, for de-duplication and validation. */
export function knownSlug(permission: IPermission | string): string | undefined {
  const slug = permission instanceof Permission ? permission.slugInput : typeof permission === 'string' ? permission : permission.slug;
  return Token.isUnresolved(slug) ? undefined : slug;
}

/**
 * The permissions a role grants, in the order added, keyed by slug where known so each is
 * granted once; a `Permission` takes the place of its plain slug so the dependency is kept.
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
    const managed = new Map<string, Permission>();
    for (const c of TerraformStack.of(scope).node.findAll()) {
      if (c instanceof Permission && !managed.has(c.slugInput)) managed.set(c.slugInput, c);
    }
    return [...this.granted.values()].map((p) => (typeof p === 'string' ? (managed.get(p)?.slug ?? p) : p.slug));
  }
}
