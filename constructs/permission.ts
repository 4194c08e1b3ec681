import type { TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { permissionSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { PermissionAttributes, type PermissionConfig } from './generated/permission';
import { brand, isPermission, type IPermission } from './refs';
import { configFromProps, validateConfig } from './schema-bridge';
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
    super(scope, id, permissionSchema, props);
    brand(this, 'permission');
    this.props = props;
  }

  /** The slug as configured (a plain string, or a token such as a variable), the cdktf `…Input` convention. */
  get slugInput(): string {
    return this.props.slug;
  }

  protected config(): Record<string, unknown> {
    return configFromProps(permissionSchema.attributes, this.props);
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return duplicateSlugDiagnostics(this, 'permission', 'the environment');
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
