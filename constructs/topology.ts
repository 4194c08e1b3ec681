/**
 * How constructs refer to each other (objects or plain slugs/ids), and the checks that need
 * the whole stack: duplicate slugs, roles of another organization, parent cycles. Each
 * check runs in the validation of the construct at fault, so its message carries that
 * construct's path and names the attribute.
 */
import { TerraformResource, TerraformStack, Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { Diagnostic } from '../src/schemas/builder';
import { attributeError } from './base';
import { isOrganization, isOrganizationRole, isRole, isRoleOfOneOrganization, type OrganizationRef, type RoleRef } from './refs';

export const organizationIdOf = (organization: OrganizationRef): string => (typeof organization === 'string' ? organization : organization.id);

/** The plain value when it is known at synth time. */
export const known = (value: string | undefined): string | undefined => (value === undefined || Token.isUnresolved(value) ? undefined : value);

/** Same organization, when synth can tell: the same construct, or the same literal id. Unknown: undefined. */
function sameOrganization(a: OrganizationRef, b: OrganizationRef): boolean | undefined {
  if (a === b) return true;
  if (isOrganization(a) && isOrganization(b)) return false;
  const ia = plainOrganizationId(a);
  const ib = plainOrganizationId(b);
  return ia !== undefined && ib !== undefined ? ia === ib : undefined;
}

/** The organization's id when synth knows it: a literal id, or an imported organization's. */
const plainOrganizationId = (o: OrganizationRef): string | undefined => (isOrganization(o) ? undefined : known(organizationIdOf(o)));

const inStack = (scope: IConstruct): IConstruct[] => TerraformStack.of(scope).node.findAll();

/**
 * A role's slug as synthesized: a reference for a role object, and for a plain slug that a
 * role in this stack defines (an `OrganizationRole` of `organization`, else a `Role`), so
 * terraform creates the role first. Other slugs stay plain.
 */
export function roleSlugOf(scope: IConstruct, role: RoleRef, organization?: OrganizationRef): string {
  if (typeof role !== 'string') return role.slug;
  if (Token.isUnresolved(role)) return role;
  const all = inStack(scope);
  const orgRole = all.filter(isOrganizationRole).find((c) => c.slugInput === role && organization !== undefined && sameOrganization(c.organization, organization) === true);
  const envRole = all.filter(isRole).find((c) => c.slugInput === role);
  return (orgRole ?? envRole)?.slug ?? role;
}

/** Key under which a role is counted once: its plain slug, else the construct. */
export function roleKey(role: RoleRef): unknown {
  return (typeof role === 'string' ? known(role) : known(role.slugInput)) ?? role;
}

/** Adds roles to a list, each once (same object or same slug); an object replaces its plain slug. */
export function addRoles(into: RoleRef[], roles: readonly RoleRef[]): void {
  for (const role of roles) {
    const i = into.findIndex((r) => roleKey(r) === roleKey(role));
    if (i < 0) into.push(role);
    else if (typeof into[i] === 'string' && typeof role !== 'string') into[i] = role;
  }
}

/**
 * Roles of another organization: `OrganizationRole`s whose organization is not `organization`
 * (or any organization role where only environment roles fit, `organization` undefined).
 */
export function foreignRoleDiagnostics(attribute: string, roles: readonly RoleRef[], organization: OrganizationRef | undefined, where: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  roles.forEach((role, i) => {
    if (!isRoleOfOneOrganization(role)) return;
    // `roles` is a set (terraform keeps no positions: the message names the role); `priority` a list.
    const path = attribute === 'priority' ? [attribute, i] : [attribute];
    if (organization === undefined) {
      out.push(attributeError(path, `${role.node.path} is a role of organization ${describeOrganization(role.organization)}; ${where} can only use environment roles`));
    } else if (sameOrganization(role.organization, organization) === false) {
      out.push(attributeError(path, `${role.node.path} belongs to organization ${describeOrganization(role.organization)}, not to ${describeOrganization(organization)}`));
    }
  });
  return out;
}

/** An organization as a message names it: its construct path, or its id. */
export const describeOrganization = (o: OrganizationRef): string => (typeof o === 'string' ? JSON.stringify(o) : isOrganization(o) ? o.node.path : `${o.node.path} (${JSON.stringify(o.id)})`);

/** A construct with a slug that must be unique in its scope. */
interface Slugged extends IConstruct {
  readonly slugInput: string;
}

/**
 * "slug" used by an earlier construct of the same kind in the same scope (provider
 * configuration, and `sameScope`). Reported on the later one only.
 */
export function duplicateSlugDiagnostics<T extends Slugged>(self: T, kind: string, scopeName: string, sameScope: (other: T) => boolean = () => true): Diagnostic[] {
  const slug = known(self.slugInput);
  if (slug === undefined) return [];
  const providerOf = (c: IConstruct) => (c instanceof TerraformResource ? (c.provider?.fqn ?? 'default') : 'default');
  for (const c of inStack(self)) {
    if (c === self) return [];
    if (c.constructor === self.constructor && (c as T).slugInput === slug && providerOf(c) === providerOf(self) && sameScope(c as T)) {
      return [attributeError(['slug'], `"${slug}" is already the slug of ${kind} ${c.node.path}: ${kind} slugs are unique in ${scopeName}`)];
    }
  }
  return [];
}

/** Whether `a` and `b` are known at synth to be different organizations. */
export const differentOrganizationsAtSynth = (a: OrganizationRef, b: OrganizationRef): boolean => sameOrganization(a, b) === false;

/** Whether `a` and `b` refer to the same organization as far as synth can tell. */
export const sameOrganizationAtSynth = (a: OrganizationRef, b: OrganizationRef): boolean => sameOrganization(a, b) === true;

/**
 * A cycle through `self` following `parentsOf`, e.g. [a, b, a], reported once: by the cycle's
 * member that comes first in the stack.
 */
export function cycleDiagnostics<T extends IConstruct>(self: T, parentsOf: (t: T) => readonly T[], attribute: string, label: (t: T) => string): Diagnostic[] {
  const path: T[] = [self];
  const seen = new Set<T>();
  const visit = (node: T): T[] | undefined => {
    for (const parent of parentsOf(node)) {
      if (parent === self) return [...path, self];
      if (seen.has(parent)) continue;
      seen.add(parent);
      path.push(parent);
      const found = visit(parent);
      if (found) return found;
      path.pop();
    }
    return undefined;
  };
  const cycle = visit(self);
  if (!cycle) return [];
  const order = inStack(self);
  const first = cycle.reduce((a, b) => (order.indexOf(b) < order.indexOf(a) ? b : a));
  if (first !== self) return [];
  return [attributeError([attribute], `forms a cycle: ${cycle.map(label).join(' → ')}`)];
}
