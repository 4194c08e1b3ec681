import { TerraformStack, type ITerraformDependable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { rolePolicySchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { attributeError } from './base';
import { RolePolicyAttributes, type RolePolicyConfig } from './generated/role-policy';
import { brand, isOrganization, isOrganizationRole, isRolePolicy, type IRolePolicy, type OrganizationRef, type RoleRef } from './refs';
import { configFromProps } from './schema-bridge';
import { foreignRoleDiagnostics, organizationIdOf, roleKey, roleSlugOf, sameOrganizationAtSynth } from './topology';

/** Props of a `RolePolicy` (`workos_role_policy`). */
export interface RolePolicyProps extends Omit<RolePolicyConfig, 'organizationId' | 'priority' | 'defaultRole'>, TerraformMetaArguments {
  /**
   * The organization whose own order this is (it must have an `OrganizationRole`).
   *
   * @default the environment
   */
  readonly organization?: OrganizationRef;
  /**
   * Roles, highest priority first (objects or slugs); they head the order, unlisted roles
   * keep their order below them. Used when several roles match and multiple-roles mode is off.
   *
   * @default the order is not managed
   */
  readonly priority?: readonly RoleRef[];
  /**
   * Role a member gets when no mapping gives one.
   *
   * @default not managed
   */
  readonly defaultRole?: RoleRef;
}

/**
 * How role conflicts are settled for the environment or one organization
 * (`workos_role_policy`): priority order, default role and multiple-roles mode. At most one
 * per scope; attributes left unset are not managed.
 */
export class RolePolicy extends RolePolicyAttributes implements IRolePolicy {
  static readonly tfResourceType = rolePolicySchema.typeName;

  private readonly props: RolePolicyProps;

  constructor(scope: Construct, id: string, props: RolePolicyProps) {
    super(scope, id, rolePolicySchema, props);
    brand(this, 'rolePolicy');
    this.props = props;
  }

  /** Whether `x` is a `RolePolicy` (of any copy of this library). */
  static isRolePolicy(x: unknown): x is RolePolicy {
    return isRolePolicy(x);
  }

  /** Multiple-roles mode, as given (undefined: not managed); `multipleRoles` is the reference. */
  get multipleRolesInput(): boolean | undefined {
    return this.props.multipleRoles;
  }

  /** The organization, as given (undefined: the environment). */
  get organization(): OrganizationRef | undefined {
    return this.props.organization;
  }

  protected config(): Record<string, unknown> {
    const { organization, priority, defaultRole, multipleRoles } = this.props;
    return configFromProps(rolePolicySchema.attributes, {
      organizationId: organization === undefined ? undefined : organizationIdOf(organization),
      priority: priority?.map((r) => roleSlugOf(this, r, organization)),
      defaultRole: defaultRole === undefined ? undefined : roleSlugOf(this, defaultRole, organization),
      multipleRoles,
    });
  }

  /** An organization's own policy needs its custom roles to exist first. */
  protected override implicitDependencies(): ITerraformDependable[] {
    const organization = this.props.organization;
    if (organization === undefined) return [];
    return TerraformStack.of(this)
      .node.findAll()
      .filter(isOrganizationRole)
      .filter((c) => sameOrganizationAtSynth(c.organization, organization));
  }

  protected override extraDiagnostics(): Diagnostic[] {
    const { organization, priority = [], defaultRole } = this.props;
    const where = 'the environment policy';
    const out = [...foreignRoleDiagnostics('priority', priority, organization, where), ...foreignRoleDiagnostics('defaultRole', defaultRole === undefined ? [] : [defaultRole], organization, where)];
    // The schema catches a plain slug listed twice; this also catches the same object, or an object and its slug.
    const seen = new Map<unknown, number>();
    priority.forEach((role, i) => {
      const key = roleKey(role);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else if (typeof role !== 'string' || typeof priority[first] !== 'string') out.push(attributeError(['priority', i], `lists the role at priority.${first} again: each role appears once in a priority order`));
    });
    // An organization's own policy exists only once it has a custom role: one this stack creates must come with one.
    if (isOrganization(organization) && !TerraformStack.of(this).node.findAll().some((c) => isOrganizationRole(c) && c.organization === organization)) {
      out.push(
        attributeError(
          ['organization'],
          `${organization.node.path} has no OrganizationRole: an organization has a role policy of its own only once it has a custom role (before that the environment's policy applies). Add one (organization.addRole('org-…', …)); this policy then waits for it`,
        ),
      );
    }
    for (const other of TerraformStack.of(this).node.findAll()) {
      if (other === this) break;
      if (isRolePolicy(other) && sameScope(other.organization, organization)) {
        out.push(attributeError(['organization'], `${other.node.path} already is the role policy of ${organization === undefined ? 'the environment' : 'this organization'}: at most one policy per scope`));
      }
    }
    return out;
  }
}

const sameScope = (a: OrganizationRef | undefined, b: OrganizationRef | undefined) => (a === undefined || b === undefined ? a === b : sameOrganizationAtSynth(a, b));
