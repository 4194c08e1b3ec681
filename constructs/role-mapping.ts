/**
 * What the three IdP mappings share (`DirectoryGroupMapping`, `SsoGroupMapping`,
 * `AttributeMapping`): an organization, the roles its matching members get, each once, and
 * the check that those roles fit the organization. The generated attribute getters of each
 * mapping extend `RoleMapping`.
 */
import type { TerraformMetaArguments } from 'cdktf';
import type { Construct } from 'constructs';
import type { Diagnostic, ResourceSchema } from '../src/schemas/builder';
import { WorkosResource } from './base';
import type { OrganizationRef, RoleRef } from './refs';
import { configFromProps } from './schema-bridge';
import { addRoles, foreignRoleDiagnostics, organizationIdOf, roleSlugOf } from './topology';

/** Options every mapping shares. */
export interface GroupMappingOptions {
  /**
   * `exclusive`: the roles are a ladder, only the highest-priority match among exclusive roles
   * is kept. `additive`: always kept.
   *
   * @default WorkOS behaviour (exclusive when multiple-roles mode is off, additive when on)
   */
  readonly mode?: 'exclusive' | 'additive';
}

/** The organization and roles of a mapping's props. */
export interface RoleMappingTarget extends TerraformMetaArguments {
  /** The organization whose members the mapping applies to: the construct or its id. */
  readonly organization: OrganizationRef;
  /**
   * Roles the matching members get: `Role`s, this organization's `OrganizationRole`s, or
   * slugs (at least one). Add more with `addRole`; duplicates are ignored.
   */
  readonly roles: readonly RoleRef[];
}

export abstract class RoleMapping extends WorkosResource {
  /** The organization, as given. */
  readonly organization: OrganizationRef;
  private readonly mappingProps: object;
  private readonly granted: RoleRef[] = [];

  protected constructor(scope: Construct, id: string, schema: ResourceSchema, props: RoleMappingTarget) {
    super(scope, id, schema, props);
    const { roles, organization, ...rest } = props;
    this.organization = organization;
    this.mappingProps = rest;
    addRoles(this.granted, roles);
  }

  /** Adds roles the matching members get; roles already mapped (same object or slug) are ignored. */
  addRole(...roles: RoleRef[]): void {
    addRoles(this.granted, roles);
  }

  /** The mapping's own props, the organization's id and the role slugs (references where the stack defines the role). */
  protected config(): Record<string, unknown> {
    const organizationId = organizationIdOf(this.organization);
    return configFromProps(this.schema.attributes, { ...this.mappingProps, organizationId, roles: this.granted.map((r) => roleSlugOf(this, r, this.organization)) });
  }

  protected override extraDiagnostics(): Diagnostic[] {
    return foreignRoleDiagnostics('roles', this.granted, this.organization, 'a mapping');
  }
}
