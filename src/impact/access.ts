/**
 * Questions about one side of a topology, answered the way the control plane answers them:
 * "which roles does a member with these groups/attributes get in organization X" (the
 * resolution engine over the organization's policy and mappings) and "may membership M do P
 * on resource R" (its organization-level roles, or a role assigned on R or an ancestor).
 */
import {
  ancestry,
  compileOrganization,
  environmentPolicy,
  organizationPolicy,
  resolveEffectiveRoles,
  rolePermissions,
  type MembershipModel,
  type OrganizationModel,
  type Resolution,
  type Topology,
  type UserFacts,
} from './topology';

/** Roles a user with these facts gets in the organization (undefined: the environment). */
export function resolveRolesIn(t: Topology, org: OrganizationModel | undefined, facts: UserFacts): Resolution {
  const policy = org ? organizationPolicy(t, org) : environmentPolicy(t);
  return resolveEffectiveRoles(org ? compileOrganization(policy, org) : { ...policy }, facts);
}

/** A membership's organization-level roles: explicit, else what its groups/attributes resolve to. */
export function membershipRoles(t: Topology, m: MembershipModel, facts: UserFacts = {}): readonly string[] {
  if (m.roles !== undefined) return m.roles;
  return resolveRolesIn(t, t.organizations.get(m.organization), facts).roles;
}

export interface AccessDecision {
  readonly allowed: boolean;
  readonly reason: string;
}

/** Whether the membership holds the permission on the resource, and through which role. */
export function checkAccess(t: Topology, m: MembershipModel, permission: string, resourceKey: string, facts: UserFacts = {}): AccessDecision {
  const org = t.organizations.get(m.organization);
  const grants = (role: string) => rolePermissions(t, org, role)?.includes(permission) ?? false;
  const orgRole = membershipRoles(t, m, facts).find(grants);
  if (orgRole) return { allowed: true, reason: `organization role ${orgRole} grants ${permission}` };
  for (const r of ancestry(t, resourceKey)) {
    const a = t.assignments.find((x) => x.membership === m.key && x.resource === r.key && grants(x.role));
    if (a) return { allowed: true, reason: `role ${a.role} on ${r.type} ${r.name} grants ${permission}` };
  }
  return { allowed: false, reason: `no role of the membership grants ${permission} on this resource or its ancestors` };
}
