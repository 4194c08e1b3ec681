/**
 * The least-privilege audit of one topology (README, "Auditing access: least privilege"):
 * permissions no role grants, roles nothing uses, the subjects holding the most permissions,
 * and permissions a subject holds through more than one path. Subjects are those of the
 * impact report; roles resolve by the rules of docs/semantics.md ("Resolution").
 */
import type { Subject } from '../impact/impact';
import { describeSubject } from '../impact/render';
import { membershipRoles, resolveRolesIn } from '../impact/access';
import type { ManagedObject } from '../impact/sources';
import { ancestry, buildTopology, environmentPolicy, hasOwnPolicy, organizationPolicy, rolePermissions, type OrganizationModel, type Topology } from '../impact/topology';

/** One way a subject holds a role: at organization level (no `resource`) or on a resource. */
export interface GrantPath {
  readonly role: string;
  /** "workspace Platform": the resource the role is assigned on (an ancestor, for inherited access). */
  readonly resource?: string;
}

export interface UnusedPermission {
  readonly permission: string;
}

export interface IdleRole {
  /** null: an environment role. */
  readonly organization: string | null;
  readonly role: string;
}

export interface WidestSubject {
  readonly organization: string | null;
  readonly subject: Subject;
  readonly roles: string[];
  readonly permission_count: number;
  readonly permissions: string[];
}

export interface RedundantGrant {
  readonly organization: string | null;
  readonly subject: Subject;
  /** The paths, each granting every permission listed. */
  readonly paths: GrantPath[];
  readonly permissions: string[];
}

export interface AuditReport {
  readonly unused_permissions: UnusedPermission[];
  readonly idle_roles: IdleRole[];
  readonly widest_subjects: WidestSubject[];
  readonly redundant_grants: RedundantGrant[];
}

export type FindingKind = 'unused_permissions' | 'idle_roles' | 'redundant_grants';
export const FINDING_KINDS: readonly FindingKind[] = ['unused_permissions', 'idle_roles', 'redundant_grants'];

export const DEFAULT_TOP = 10;

/** A subject and the paths through which it holds roles. */
interface Holding {
  readonly organization: string | null;
  readonly org: OrganizationModel | undefined;
  readonly subject: Subject;
  readonly paths: GrantPath[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const orgOrder = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : byText(a, b));
export const describePath = (p: GrantPath): string => (p.resource ? `\`${p.role}\` on ${p.resource}` : `role \`${p.role}\``);

/** Audits the topology the managed objects describe (a plan's planned values, a synthesized stack, a live target). */
export function computeAudit(objects: readonly ManagedObject[], options: { top?: number } = {}): AuditReport {
  const t = buildTopology(objects);
  const holdings = subjectHoldings(t);
  return {
    unused_permissions: unusedPermissions(t, objects),
    idle_roles: idleRoles(t),
    widest_subjects: widestSubjects(t, holdings, options.top ?? DEFAULT_TOP),
    redundant_grants: redundantGrants(t, holdings),
  };
}

function unusedPermissions(t: Topology, objects: readonly ManagedObject[]): UnusedPermission[] {
  const granted = new Set<string>();
  const scopes = [t.environment.roles, ...[...t.organizations.values()].map((o) => o.roles)];
  for (const roles of scopes) for (const r of roles.values()) for (const p of r.permissions ?? []) granted.add(p);
  const declared = objects.filter((o) => o.type === 'workos_permission').map((o) => o.values.slug).filter((s): s is string => typeof s === 'string');
  return [...new Set(declared)].filter((p) => !granted.has(p)).sort(byText).map((permission) => ({ permission }));
}

/** Roles with no mapping, no resource assignment, no membership holding them, and not a default role. */
function idleRoles(t: Topology): IdleRole[] {
  // Organization roles are used only inside their organization; environment roles anywhere.
  const used = new Set<string>();
  const use = (orgKey: string | undefined, role: string) => used.add(`${orgKey ?? ''}\u0000${role}`).add(`\u0000${role}`);
  use(undefined, environmentPolicy(t).defaultRole);
  for (const org of t.organizations.values()) {
    use(org.key, organizationPolicy(t, org).defaultRole);
    for (const m of org.mappings) for (const r of m.roles) use(org.key, r);
  }
  for (const m of t.memberships.values()) for (const r of m.roles ?? []) use(m.organization, r);
  for (const a of t.assignments) use(t.memberships.get(a.membership)?.organization, a.role);

  const out: IdleRole[] = [];
  for (const slug of t.environment.roles.keys()) if (!used.has(`\u0000${slug}`)) out.push({ organization: null, role: slug });
  for (const org of t.organizations.values()) {
    for (const slug of org.roles.keys()) if (!used.has(`${org.key}\u0000${slug}`)) out.push({ organization: org.name, role: slug });
  }
  return out.sort((a, b) => orgOrder(a.organization, b.organization) || byText(a.role, b.role));
}

/** Every subject of the impact report's kinds, with the paths through which it holds its roles. */
function subjectHoldings(t: Topology): Holding[] {
  const out: Holding[] = [{ organization: null, org: undefined, subject: { kind: 'default_role' }, paths: [{ role: environmentPolicy(t).defaultRole }] }];
  const orgRole = (roles: readonly string[]): GrantPath[] => [...new Set(roles)].map((role) => ({ role }));
  for (const org of t.organizations.values()) {
    const seen = new Set<string>();
    for (const m of org.mappings) {
      const id = `${m.kind}\u0000${m.group}\u0000${m.value ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const facts = m.kind === 'directory' ? { directoryGroups: [m.group] } : m.kind === 'sso' ? { ssoGroups: [m.group] } : { attributes: { [m.group]: m.value ?? '' } };
      const subject: Subject = m.kind === 'attribute' ? { kind: 'attribute', name: m.group, value: m.value ?? '' } : { kind: m.kind === 'directory' ? 'directory_group' : 'sso_group', name: m.group };
      out.push({ organization: org.name, org, subject, paths: orgRole(resolveRolesIn(t, org, facts).roles) });
    }
    // Members with no mapping: the environment's row covers organizations without their own policy.
    if (hasOwnPolicy(org)) out.push({ organization: org.name, org, subject: { kind: 'default_role' }, paths: orgRole(resolveRolesIn(t, org, {}).roles) });
  }
  for (const m of t.memberships.values()) {
    const org = t.organizations.get(m.organization);
    const name = org?.name ?? m.organization;
    if (m.roles !== undefined) out.push({ organization: name, org, subject: { kind: 'membership', user: m.user }, paths: orgRole(membershipRoles(t, m)) });
    out.push(...assignmentHoldings(t, m.key, name, org));
  }
  return out;
}

/**
 * A member's access per resource: the roles assigned on it or an ancestor (docs/semantics.md,
 * "Access check"), beside the member's explicit organization-level roles, as the impact report
 * counts them.
 */
function assignmentHoldings(t: Topology, membership: string, organization: string, org: OrganizationModel | undefined): Holding[] {
  const m = t.memberships.get(membership)!;
  const own = t.assignments.filter((a) => a.membership === membership);
  if (own.length === 0) return [];
  const orgPaths: GrantPath[] = [...new Set(m.roles ?? [])].map((role) => ({ role }));
  const out: Holding[] = [];
  for (const a of own.filter((x) => x.resource === undefined)) {
    out.push({ organization, org, subject: { kind: 'resource_assignment', user: m.user, resource: a.resourceLabel }, paths: [{ role: a.role, resource: a.resourceLabel }, ...orgPaths] });
  }
  for (const r of t.resources.values()) {
    const chain = ancestry(t, r.key);
    const paths: GrantPath[] = [];
    for (const ancestor of chain) {
      for (const a of own.filter((x) => x.resource === ancestor.key)) paths.push({ role: a.role, resource: a.resourceLabel });
    }
    if (paths.length === 0) continue;
    const label = `${r.type} ${r.name}`;
    const direct = paths.some((p) => p.resource === label);
    const subject: Subject = { kind: 'resource_assignment', user: m.user, resource: label, ...(direct ? {} : { inherited_from: paths[0]!.resource }) };
    out.push({ organization, org, subject, paths: [...paths, ...orgPaths] });
  }
  return out;
}

const pathPermissions = (t: Topology, h: Holding, p: GrantPath): readonly string[] => rolePermissions(t, h.org, p.role) ?? [];

function widestSubjects(t: Topology, holdings: readonly Holding[], top: number): WidestSubject[] {
  return holdings
    .map((h) => {
      const permissions = [...new Set(h.paths.flatMap((p) => pathPermissions(t, h, p)))].sort(byText);
      const roles = [...new Set(h.paths.map((p) => p.role))].sort(byText);
      return { organization: h.organization, subject: h.subject, roles, permission_count: permissions.length, permissions };
    })
    .filter((w) => w.permission_count > 0)
    .sort((a, b) => b.permission_count - a.permission_count || orgOrder(a.organization, b.organization) || byText(describeSubject(a.subject), describeSubject(b.subject)))
    .slice(0, top);
}

function redundantGrants(t: Topology, holdings: readonly Holding[]): RedundantGrant[] {
  const out: RedundantGrant[] = [];
  for (const h of holdings) {
    // Permission → the paths granting it; permissions sharing the same paths make one finding.
    const byPermission = new Map<string, GrantPath[]>();
    for (const p of h.paths) for (const perm of pathPermissions(t, h, p)) byPermission.set(perm, [...(byPermission.get(perm) ?? []), p]);
    const groups = new Map<string, RedundantGrant>();
    for (const [perm, paths] of [...byPermission].sort((a, b) => byText(a[0], b[0]))) {
      if (paths.length < 2) continue;
      const key = paths.map(describePath).join('\u0000');
      const g = groups.get(key) ?? { organization: h.organization, subject: h.subject, paths, permissions: [] };
      g.permissions.push(perm);
      groups.set(key, g);
    }
    out.push(...groups.values());
  }
  return out.sort((a, b) => orgOrder(a.organization, b.organization) || byText(describeSubject(a.subject), describeSubject(b.subject)) || byText(a.paths.map(describePath).join(), b.paths.map(describePath).join()));
}
