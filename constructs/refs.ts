/**
 * How constructs refer to each other without importing each other: reference interfaces
 * (`IOrganization`, `IRole`, …) and `isX()` guards. A construct class brands its instances
 * with a `Symbol.for(...)` key (as aws-cdk does: `Role.isRole`), so a helper can recognise
 * it from here, knowing no class. Imports no construct.
 */
import type { ITerraformDependable } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';

/** An organization constructs can refer to: one this app manages (`Organization`) or one managed elsewhere (`Organization.fromId`). */
export interface IOrganization extends IConstruct {
  /** The organization's id (`org_…`): a reference for a managed organization, the plain id for an imported one. */
  readonly id: string;
}

/** A permission a role can grant: one managed by this app (`Permission`) or referenced by slug (`Permission.fromSlug`). */
export interface IPermission extends IConstruct {
  /**
   * The permission's slug. For a managed permission it is a reference to the resource's
   * `slug` attribute, so terraform creates the permission before any role granting it.
   */
  readonly slug: string;
}

/** A role that can be granted: an environment `Role` or an `OrganizationRole`. */
export interface IRole extends Construct {
  /** Reference to the role's slug (so whatever grants it waits for the role). */
  readonly slug: string;
  /** The slug as configured (a plain string, or a token). */
  readonly slugInput: string;
}

/** A custom role of one organization: an `OrganizationRole`, or one referenced by `OrganizationRole.fromSlug`. */
export interface IOrganizationRole extends IRole {
  /** The organization the role belongs to. */
  readonly organization: OrganizationRef;
}

/** A user in an organization: an `OrganizationMembership`. */
export interface IOrganizationMembership extends IConstruct {
  /** Reference to the membership's id. */
  readonly id: string;
  /** The organization, as given. */
  readonly organization: OrganizationRef;
}

/** A role policy (`RolePolicy`), as the other constructs consult it. */
export interface IRolePolicy extends IConstruct, ITerraformDependable {
  /** The organization, as given (undefined: the environment). */
  readonly organization: OrganizationRef | undefined;
  /** Multiple-roles mode, as given (undefined: not managed). */
  readonly multipleRolesInput: boolean | undefined;
}

/** A directory mappings can name: a `Directory` this app manages. */
export interface IDirectory extends IConstruct {
  /** Reference to the directory's id (`directory_…`). */
  readonly id: string;
  /** The organization, as given. */
  readonly organization: OrganizationRef;
}

/** An organization: the construct, one referenced by `Organization.fromId`, or the id of one managed elsewhere. */
export type OrganizationRef = IOrganization | string;
/** A role: an environment `Role`, an `OrganizationRole`, or a slug. */
export type RoleRef = IRole | string;
/** A directory: the construct, or the id (`directory_…`) of one set up elsewhere. */
export type DirectoryRef = IDirectory | string;

const brands = {
  organization: Symbol.for('cdktf-workos-rbac.Organization'),
  permission: Symbol.for('cdktf-workos-rbac.Permission'),
  role: Symbol.for('cdktf-workos-rbac.Role'),
  organizationRole: Symbol.for('cdktf-workos-rbac.OrganizationRole'),
  roleOfOneOrganization: Symbol.for('cdktf-workos-rbac.RoleOfOneOrganization'),
  rolePolicy: Symbol.for('cdktf-workos-rbac.RolePolicy'),
  directory: Symbol.for('cdktf-workos-rbac.Directory'),
} as const;

/** What a construct is, for the guards below; a class brands each instance in its constructor. */
export type Brand = keyof typeof brands;

export function brand(construct: IConstruct, ...kinds: Brand[]): void {
  for (const kind of kinds) Object.defineProperty(construct, brands[kind], { value: true });
}

const branded = (x: unknown, kind: Brand): boolean => typeof x === 'object' && x !== null && brands[kind] in x;

/** An `Organization` this app manages (not one referenced by `Organization.fromId`). */
export const isOrganization = (x: unknown): x is IOrganization & ITerraformDependable => branded(x, 'organization');
/** A `Permission` this app manages. */
export const isPermission = (x: unknown): x is IPermission & { readonly slugInput: string } => branded(x, 'permission');
/** An environment `Role` this app manages. */
export const isRole = (x: unknown): x is IRole => branded(x, 'role');
/** An `OrganizationRole` this app manages. */
export const isOrganizationRole = (x: unknown): x is IOrganizationRole & ITerraformDependable => branded(x, 'organizationRole');
/** A role of one organization: an `OrganizationRole`, or one referenced by `OrganizationRole.fromSlug`. */
export const isRoleOfOneOrganization = (x: unknown): x is IOrganizationRole => branded(x, 'roleOfOneOrganization');
/** A `RolePolicy`. */
export const isRolePolicy = (x: unknown): x is IRolePolicy => branded(x, 'rolePolicy');
/** A `Directory` this app manages. */
export const isDirectory = (x: unknown): x is IDirectory => branded(x, 'directory');
