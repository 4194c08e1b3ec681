import { TerraformStack, type ITerraformDependable, type TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import { organizationMembershipSchema } from '../src/schemas';
import type { Diagnostic } from '../src/schemas/builder';
import { OrganizationMembershipAttributes, type OrganizationMembershipConfig } from './generated/organization-membership';
import { isRolePolicy, type IOrganizationMembership, type IRolePolicy, type OrganizationRef, type RoleRef } from './refs';
import { Resource, type ResourceLocator } from './resource';
import { ResourceAssignment } from './resource-assignment';
import { configFromProps } from './schema-bridge';
import { addRoles, foreignRoleDiagnostics, known, organizationIdOf, roleSlugOf, sameOrganizationAtSynth } from './topology';
import { User } from './user';

/** Props of an `OrganizationMembership` (`workos_organization_membership`). */
export interface OrganizationMembershipProps extends Omit<OrganizationMembershipConfig, 'organizationId' | 'userId' | 'roles'>, TerraformMetaArguments {
  /** The organization: the construct or its id. Changing it replaces the membership. */
  readonly organization: OrganizationRef;
  /** The member: a `User` or a user id. Changing it replaces the membership. */
  readonly user: User | string;
  /**
   * Organization-level roles: `Role`s, this organization's `OrganizationRole`s, or slugs.
   * More than one needs multiple-roles mode. Add more with `addRole`; duplicates are ignored.
   *
   * @default roles come from IdP mappings or the default role (terraform only records them)
   */
  readonly roles?: readonly RoleRef[];
}

/**
 * A user in an organization (`workos_organization_membership`), with its organization-level
 * roles; `assignRole` grants a role on one resource (and its descendants).
 */
export class OrganizationMembership extends OrganizationMembershipAttributes implements IOrganizationMembership {
  static readonly tfResourceType = organizationMembershipSchema.typeName;

  /** The organization, as given. */
  readonly organization: OrganizationRef;
  private readonly user: User | string;
  private readonly granted: RoleRef[] = [];
  private rolesSet: boolean;

  constructor(scope: Construct, id: string, props: OrganizationMembershipProps) {
    super(scope, id, organizationMembershipSchema, props);
    this.organization = props.organization;
    this.user = props.user;
    this.rolesSet = props.roles !== undefined;
    addRoles(this.granted, props.roles ?? []);
  }

  /** Adds organization-level roles (each once). From then on terraform manages the roles. */
  addRole(...roles: RoleRef[]): void {
    this.rolesSet = true;
    addRoles(this.granted, roles);
  }

  /**
   * Grants `role` on `resource` (and its descendants): a `ResourceAssignment` next to this
   * membership. Its construct id (and terraform address) is derived from the membership, the
   * role and the resource (`acme-member-alice-workspace-admin-on-platform`), so removing one
   * assignment never renames — and so replaces — another. Assigning the same role on the same
   * resource again returns the existing assignment. Pass `id` to choose the name yourself; it
   * is required when the role or resource is only known as an unresolved token.
   */
  assignRole(role: RoleRef, resource: ResourceLocator, id?: string): ResourceAssignment {
    const scope = this.node.scope as Construct;
    const name = id ?? `${this.node.id}-${assignmentName(role, resource)}`;
    const existing = scope.node.tryFindChild(name);
    if (existing instanceof ResourceAssignment && existing.membership === this && id === undefined) return existing;
    return new ResourceAssignment(scope, name, { membership: this, role, resource });
  }

  protected config(): Record<string, unknown> {
    return configFromProps(organizationMembershipSchema.attributes, {
      organizationId: organizationIdOf(this.organization),
      userId: this.user instanceof User ? this.user.id : this.user,
      roles: this.rolesSet ? this.granted.map((r) => roleSlugOf(this, r, this.organization)) : undefined,
    });
  }

  /** Without explicit roles the member gets the default role at creation: the organization's policy comes first. */
  protected override implicitDependencies(): ITerraformDependable[] {
    if (this.rolesSet) return [];
    return this.organizationPolicies();
  }

  /** The role policies of this membership's organization in the stack. */
  private organizationPolicies(): IRolePolicy[] {
    return TerraformStack.of(this)
      .node.findAll()
      .filter(isRolePolicy)
      .filter((c) => c.organization !== undefined && sameOrganizationAtSynth(c.organization, this.organization));
  }

  protected override extraDiagnostics(): Diagnostic[] {
    const out = foreignRoleDiagnostics('roles', this.granted, this.organization, 'a membership');
    // Several roles need multiple-roles mode: a warning, since the mode may be set outside this stack.
    const singleRole = this.organizationPolicies().find((c) => c.multipleRolesInput === false);
    if (this.rolesSet && this.granted.length > 1 && singleRole) {
      out.push({ severity: 'warning', summary: 'Several roles in single-role mode', detail: `"roles" lists ${this.granted.length} roles but ${singleRole.node.path} turns multiple-roles mode off: WorkOS keeps one`, path: ['roles'] });
    }
    return out;
  }
}

const idPart = (s: string): string => s.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');

/** `<role>-on-<resource>` from what is known at synth; throws when only a token is known (no stable name exists). */
function assignmentName(role: RoleRef, resource: ResourceLocator): string {
  const unresolved = (what: string) =>
    new Error(`assignRole: the ${what} is an unresolved token, so no stable name can be derived for the assignment; pass an explicit id (assignRole(role, resource, 'my-id'))`);
  const roleName = typeof role === 'string' ? known(role) : (known(role.slugInput) ?? role.node.id);
  if (roleName === undefined) throw unresolved('role');
  let resourceName: string | undefined;
  if (resource instanceof Resource) resourceName = resource.node.id;
  else if (resource.id !== undefined) resourceName = known(resource.id);
  else if (resource.type !== undefined && resource.externalId !== undefined) {
    const type = typeof resource.type === 'string' ? known(resource.type) : (known(resource.type.slugInput) ?? resource.type.node.id);
    const external = known(resource.externalId);
    resourceName = type !== undefined && external !== undefined ? `${type}-${external}` : undefined;
  } else resourceName = 'resource'; // incomplete locator: ResourceAssignment reports it at synth
  if (resourceName === undefined) throw unresolved('resource');
  return `${idPart(roleName)}-on-${idPart(resourceName)}`;
}
