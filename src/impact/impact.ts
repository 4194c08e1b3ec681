/**
 * Access impact of a plan: the access of every subject the topology names, before (prior
 * state) and after (planned values), computed with the provider's resolution engine; only
 * what changes is reported, with the risks a reviewer should know about.
 */
import type { RoleTopology } from '../resolution';
import { AccessRecorder, type AccessChange, type AccessState, type Subject } from './state';
import { asPlanJson, plannedObjects, priorObjects, staysInTarget, type PlanChange, type PlanJson } from './sources';
import {
  ancestry,
  buildTopology,
  compileOrganization,
  environmentPolicy,
  hasOwnPolicy,
  organizationPolicy,
  permissionsOf,
  resolveEffectiveRoles,
  type OrganizationModel,
  type Topology,
  type UserFacts,
} from './topology';

export type { AccessChange, Subject, SubjectKind } from './state';

export interface ImpactWarning {
  readonly kind: string;
  readonly message: string;
}

export interface ImpactReport {
  readonly changes: AccessChange[];
  readonly warnings: ImpactWarning[];
}

interface Side {
  readonly t: Topology;
  readonly org: OrganizationModel | undefined;
  readonly policy: RoleTopology;
  /** Roles this plan deletes: mappings forget them, as the server does. */
  readonly dropped: ReadonlySet<string>;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const list = (xs: readonly string[]) => xs.map((x) => `\`${x}\``).join(', ');

/** Computes the impact report of a plan document (`terraform show -json PLANFILE`). */
export function computeImpact(doc: unknown): ImpactReport {
  return impactWithState(doc).report;
}

/** The impact report and the access every subject holds after the plan (for guardrails). */
export function impactWithState(doc: unknown): { report: ImpactReport; after: AccessState } {
  const plan = asPlanJson(doc);
  return compareTopologies(plan, buildTopology(priorObjects(plan)), buildTopology(plannedObjects(plan)));
}

/** Compares two sides; `plan` holds the resource changes the warnings read. */
export function compareTopologies(plan: PlanJson, before: Topology, after: Topology): { report: ImpactReport; after: AccessState } {
  const recorded = new AccessRecorder();
  const warnings: ImpactWarning[] = [];

  const deletedRoles = (scopeBefore: Iterable<string>, scopeAfter: ReadonlyMap<string, unknown>) => new Set([...scopeBefore].filter((s) => !scopeAfter.has(s)));
  const envDeleted = deletedRoles(before.environment.roles.keys(), after.environment.roles);
  const envBefore = environmentPolicy(before);
  const envAfter = environmentPolicy(after);

  // Environment-wide: members of organizations without their own policy and no mapping.
  const envDefault = (t: Topology, p: RoleTopology) => ({ roles: [p.defaultRole], permissions: permissionsOf(t, undefined, [p.defaultRole]) });
  recorded.record(null, { kind: 'default_role' }, envDefault(before, envBefore), envDefault(after, envAfter));

  const orgKeys = [...new Set([...before.organizations.keys(), ...after.organizations.keys()])];
  const named = (key: string) => after.organizations.get(key)?.name ?? before.organizations.get(key)?.name ?? key;
  for (const key of orgKeys.sort((a, b) => named(a).localeCompare(named(b)))) {
    const ob = before.organizations.get(key);
    const oa = after.organizations.get(key);
    const name = named(key);
    // The snapshot rule: an organization that already has custom roles keeps its copy of
    // the environment policy; one whose first custom role comes with this plan copies the new one.
    const snapshot = hasOwnPolicy(ob) ? envBefore : undefined;
    const sb: Side | undefined = ob && { t: before, org: ob, policy: organizationPolicy(before, ob, snapshot), dropped: new Set() };
    const sa: Side | undefined = oa && {
      t: after,
      org: oa,
      policy: organizationPolicy(after, oa, snapshot),
      dropped: new Set([...envDeleted, ...deletedRoles(ob?.roles.keys() ?? [], oa.roles)]),
    };
    if (!sb && !sa) continue;
    const access = (side: Side | undefined, facts: UserFacts) => {
      if (!side) return { roles: [], permissions: [] };
      const roles = [...resolveEffectiveRoles(compileOrganization(side.policy, side.org!, side.dropped), facts).roles];
      return { roles, permissions: permissionsOf(side.t, side.org, roles) };
    };

    const mappings = [...(ob?.mappings ?? []), ...(oa?.mappings ?? [])];
    const seen = new Set<string>();
    for (const m of mappings) {
      const id = `${m.kind}\u0000${m.group}\u0000${m.value ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const facts: UserFacts = m.kind === 'directory' ? { directoryGroups: [m.group] } : m.kind === 'sso' ? { ssoGroups: [m.group] } : { attributes: { [m.group]: m.value ?? '' } };
      const subject: Subject =
        m.kind === 'attribute' ? { kind: 'attribute', name: m.group, value: m.value ?? '' } : { kind: m.kind === 'directory' ? 'directory_group' : 'sso_group', name: m.group };
      recorded.record(name, subject, access(sb, facts), access(sa, facts));
    }
    recorded.record(name, { kind: 'default_role' }, access(sb, {}), access(sa, {}));

    if (sb && sa) priorityWarnings(warnings, name, ob!, sb, sa, access);
    if (ob && oa && hasOwnPolicy(ob) && !oa.policy && policyChanged(envBefore, envAfter)) {
      warnings.push({
        kind: 'snapshot',
        message: `${name} has its own copy of the environment policy (taken when its first custom role was created) and no RolePolicy of its own: this plan's change to the environment's priority order or default role does not apply to ${name}.`,
      });
    }
  }

  const inputs: WarningInputs = { warnings, plan, before, after, envBefore, envAfter, named };
  snapshotOrderWarnings(inputs);
  membershipChanges(recorded, before, after, named);
  assignmentChanges(recorded, before, after, named);
  riskWarnings(inputs);
  return { report: { changes: recorded.changes, warnings }, after: recorded.after };
}

/** What the plan-wide warnings look at: the plan, the topology before and after it, and how objects are named. */
interface WarningInputs {
  readonly warnings: ImpactWarning[];
  readonly plan: PlanJson;
  readonly before: Topology;
  readonly after: Topology;
  readonly envBefore: RoleTopology;
  readonly envAfter: RoleTopology;
  readonly named: (key: string) => string;
}

function policyChanged(a: RoleTopology, b: RoleTopology): boolean {
  return a.defaultRole !== b.defaultRole || a.multipleRoles !== b.multipleRoles || a.priority.join() !== b.priority.join();
}

/** A member of two mapped groups whose winning role changes although neither mapping did: a reorder. */
function priorityWarnings(
  warnings: ImpactWarning[],
  name: string,
  ob: OrganizationModel,
  sb: Side,
  sa: Side,
  access: (side: Side | undefined, facts: UserFacts) => { roles: string[] },
): void {
  if (sb.policy.priority.join() === sa.policy.priority.join() || sa.policy.multipleRoles) return;
  const groups = ob.mappings.filter((m) => m.kind !== 'attribute');
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const [g, h] = [groups[i]!, groups[j]!];
      if (g.kind !== h.kind || g.group === h.group) continue;
      const facts: UserFacts = g.kind === 'directory' ? { directoryGroups: [g.group, h.group] } : { ssoGroups: [g.group, h.group] };
      const rb = access(sb, facts).roles;
      const ra = access(sa, facts).roles;
      if (!sameSet(rb, ra)) {
        const kind = g.kind === 'sso' ? 'SSO' : 'directory';
        warnings.push({
          kind: 'priority_winner_changed',
          message: `${name}: the priority order changes, so a member of both ${kind} groups "${g.group}" and "${h.group}" gets ${list(ra)} instead of ${list(rb)}.`,
        });
      }
    }
  }
}

function membershipChanges(
  recorded: AccessRecorder,
  before: Topology,
  after: Topology,
  named: (key: string) => string,
): void {
  const keys = [...new Set([...before.memberships.keys(), ...after.memberships.keys()])];
  for (const key of keys) {
    const mb = before.memberships.get(key);
    const ma = after.memberships.get(key);
    if (mb?.roles === undefined && ma?.roles === undefined) continue;
    const org = (ma ?? mb)!.organization;
    const side = (t: Topology, roles: readonly string[] | undefined) => {
      const r = [...(roles ?? [])];
      return { roles: r, permissions: permissionsOf(t, t.organizations.get(org), r) };
    };
    // Roles left to mappings (or known only after apply) on a kept membership: not changed by this plan.
    if (mb && ma && (mb.roles === undefined || ma.roles === undefined)) {
      if (ma.roles !== undefined) recorded.holds(named(org), { kind: 'membership', user: ma.user }, side(after, ma.roles));
      continue;
    }
    recorded.record(named(org), { kind: 'membership', user: (ma ?? mb)!.user }, side(before, mb?.roles), side(after, ma?.roles));
  }
}

/**
 * Per member and resource: the roles held there through assignments on it or an ancestor,
 * and the permissions an access check would find there (those roles' and the member's
 * organization-level roles', as the target records them for members left to mappings).
 */
function assignmentChanges(recorded: AccessRecorder, before: Topology, after: Topology, named: (key: string) => string): void {
  type Held = Map<string, { membership: string; org: string; user: string; resource: string; from: string | undefined; roles: Set<string> }>;
  const held = (t: Topology): Held => {
    const out: Held = new Map();
    for (const a of t.assignments) {
      const m = t.memberships.get(a.membership);
      const user = m?.user ?? a.membership;
      const org = m?.organization ?? '(unknown organization)';
      const targets = a.resource ? [...t.resources.values()].filter((r) => ancestry(t, r.key).some((x) => x.key === a.resource)) : [];
      const add = (resourceLabel: string, from: string | undefined) => {
        const id = `${a.membership}\u0000${resourceLabel}`;
        const entry = out.get(id) ?? { membership: a.membership, org, user, resource: resourceLabel, from, roles: new Set<string>() };
        if (from === undefined) entry.from = undefined;
        entry.roles.add(a.role);
        out.set(id, entry);
      };
      if (targets.length === 0) add(a.resourceLabel, undefined);
      for (const r of targets) add(`${r.type} ${r.name}`, r.key === a.resource ? undefined : a.resourceLabel);
    }
    return out;
  };
  const hb = held(before);
  const ha = held(after);
  for (const id of new Set([...hb.keys(), ...ha.keys()])) {
    const b = hb.get(id);
    const a = ha.get(id);
    const e = (a ?? b)!;
    const orgRoles = (t: Topology) => {
      const m = t.memberships.get(e.membership);
      return m ? (m.roles ?? before.memberships.get(e.membership)?.roles ?? []) : [];
    };
    const side = (t: Topology, h: typeof b) => {
      const roles = [...(h?.roles ?? [])].sort();
      return { roles, permissions: permissionsOf(t, t.organizations.get(e.org), [...roles, ...orgRoles(t)]) };
    };
    const from = a ? a.from : b!.from;
    recorded.record(named(e.org), { kind: 'resource_assignment', user: e.user, resource: e.resource, ...(from ? { inherited_from: from } : {}) }, side(before, b), side(after, a));
  }
}

function riskWarnings({ warnings, plan, before, after, envBefore, envAfter, named }: WarningInputs): void {
  const replaced = (rc: PlanChange) => rc.change.actions.includes('delete') && rc.change.actions.includes('create');
  const deleted = (rc: PlanChange) => rc.change.actions.length === 1 && rc.change.actions[0] === 'delete' && !staysInTarget(rc);
  const scopeOf = (rc: PlanChange): { name: string; defaultBefore: string; defaultAfter: string } => {
    const orgKey = typeof rc.change.before?.organization_id === 'string' ? rc.change.before.organization_id : undefined;
    if (rc.type !== 'workos_organization_role' || orgKey === undefined) return { name: 'the environment', defaultBefore: envBefore.defaultRole, defaultAfter: envAfter.defaultRole };
    const ob = before.organizations.get(orgKey);
    const oa = after.organizations.get(orgKey);
    return {
      name: named(orgKey),
      defaultBefore: ob ? organizationPolicy(before, ob, hasOwnPolicy(ob) ? envBefore : undefined).defaultRole : envBefore.defaultRole,
      defaultAfter: oa ? organizationPolicy(after, oa, hasOwnPolicy(ob) ? envBefore : undefined).defaultRole : envAfter.defaultRole,
    };
  };

  for (const rc of plan.resource_changes ?? []) {
    const slug = typeof rc.change.before?.slug === 'string' ? rc.change.before.slug : undefined;
    if ((rc.type === 'workos_role' || rc.type === 'workos_organization_role') && slug) {
      const scope = scopeOf(rc);
      if (deleted(rc) || replaced(rc)) {
        if (slug === scope.defaultAfter) {
          warnings.push({
            kind: 'default_role_destroyed',
            message: `Role \`${slug}\` is the default role of ${scope.name} and this plan ${deleted(rc) ? 'deletes' : 'replaces'} it: the default role cannot be deleted, so the apply fails. Make another role the default first.`,
          });
        }
        warnings.push(
          deleted(rc)
            ? { kind: 'role_deleted', message: `Role \`${slug}\` (${scope.name}) is deleted: members who hold it move to the default role \`${scope.defaultAfter}\`, and mappings to it stop giving it.` }
            : {
                kind: 'role_replaced',
                message: `Role \`${slug}\` (${scope.name}) is replaced (${rc.address}): while it is deleted and created again its members move to the default role \`${scope.defaultAfter}\` and its assignments go.`,
              },
        );
      }
    }
    if (rc.type === 'workos_resource_assignment' && (replaced(rc) || deleted(rc))) {
      const b = rc.change.before ?? {};
      const label = describeAssignment(before, b);
      if (replaced(rc)) warnings.push({ kind: 'assignment_replaced', message: `Resource assignment ${label} is replaced (${rc.address}): it is removed and created again, so the member briefly loses that access.` });
    }
  }

  // Policy: default role changes.
  const policyNote = (scope: string, pb: RoleTopology, pa: RoleTopology) => {
    if (pb.defaultRole !== pa.defaultRole) {
      warnings.push({ kind: 'default_role_changed', message: `The default role of ${scope} changes from \`${pb.defaultRole}\` to \`${pa.defaultRole}\`: every member without a mapped or explicit role moves.` });
    }
  };
  policyNote('the environment', envBefore, envAfter);
  for (const [key, ob] of before.organizations) {
    const oa = after.organizations.get(key);
    if (!oa || (!ob.policy && !oa.policy)) continue;
    const snapshot = hasOwnPolicy(ob) ? envBefore : undefined;
    policyNote(named(key), organizationPolicy(before, ob, snapshot), organizationPolicy(after, oa, snapshot));
  }

  // Values known only after apply: the report cannot see through them.
  const meaningful = ['permissions', 'roles', 'priority', 'default_role', 'multiple_roles', 'group', 'value', 'attribute', 'role_slug', 'slug', 'name', 'email'];
  for (const rc of plan.resource_changes ?? []) {
    const unknown = Object.entries(rc.change.after_unknown ?? {}).filter(([attr, flag]) => flag === true && meaningful.includes(attr))
      // A membership without configured roles records what the mappings give: not an input.
      .filter(([attr]) => !(rc.type === 'workos_organization_membership' && attr === 'roles')).map(([attr]) => attr);
    if (unknown.length > 0 && rc.type.startsWith('workos_')) {
      warnings.push({ kind: 'known_after_apply', message: `${rc.address}: ${list(unknown)} known only after apply, so this report treats ${unknown.length === 1 ? 'it' : 'them'} as empty.` });
    }
  }

  // Authoritative sets: what the plan removes that was added outside Terraform since the last apply.
  const drift = new Map((plan.resource_drift ?? []).map((d) => [d.address, d]));
  for (const rc of plan.resource_changes ?? []) {
    const d = drift.get(rc.address);
    if (!d || !rc.change.actions.includes('update')) continue;
    for (const attr of ['permissions', 'roles', 'priority']) {
      const recorded = arr(d.change.before?.[attr]);
      const refreshed = arr(d.change.after?.[attr]);
      const planned = arr(rc.change.after?.[attr]);
      const outside = refreshed.filter((x) => !recorded.includes(x) && !planned.includes(x));
      if (outside.length > 0) {
        warnings.push({
          kind: 'removes_outside_change',
          message: `${rc.address}: \`${attr}\` is authoritative, and this plan removes ${list(outside)}, added outside Terraform since the last apply. Add ${outside.length === 1 ? 'it' : 'them'} to the code to keep ${outside.length === 1 ? 'it' : 'them'}.`,
        });
      }
    }
  }
}

const arr = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function describeAssignment(t: Topology, values: Record<string, unknown>): string {
  const m = typeof values.organization_membership_id === 'string' ? t.memberships.get(values.organization_membership_id) : undefined;
  const hit = t.assignments.find((a) => a.membership === values.organization_membership_id && a.role === values.role_slug);
  return `\`${String(values.role_slug)}\` for ${m?.user ?? String(values.organization_membership_id)} on ${hit?.resourceLabel ?? 'its resource'}`;
}

/**
 * An organization whose first custom role comes with this plan copies the environment
 * policy at that moment. If this plan also changes the environment policy and nothing
 * makes the role wait for it, the copy may be the old policy: access differs from the report.
 */
function snapshotOrderWarnings({ warnings, plan, before, after, envBefore, envAfter, named }: WarningInputs): void {
  const envPolicy = after.environment.policy?.address;
  const policyChange = (plan.resource_changes ?? []).find((rc) => rc.address === envPolicy && !rc.change.actions.every((a) => a === 'no-op' || a === 'read'));
  if (!envPolicy || !policyChange || (!policyChanged(envBefore, envAfter) && before.environment.policy)) return;
  const edges = new Map<string, string[]>();
  for (const r of plan.configuration?.root_module?.resources ?? []) {
    const refs = Object.values(r.expressions ?? {}).flatMap((e) => ((e as { references?: unknown }).references as string[] | undefined) ?? []);
    edges.set(r.address, [...(r.depends_on ?? []), ...refs].map((x) => x.split('.').slice(0, 2).join('.')));
  }
  const waitsFor = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length) {
      const a = todo.pop()!;
      if (a === target) return true;
      if (seen.has(a)) continue;
      seen.add(a);
      todo.push(...(edges.get(a) ?? []));
    }
    return false;
  };
  const target = envPolicy.replace(/\[[^\]]*\]$/, '');
  for (const [key, oa] of after.organizations) {
    if (oa.roles.size === 0 || hasOwnPolicy(before.organizations.get(key))) continue;
    const racing = [...oa.roles.values()].filter((r) => !waitsFor(r.address.replace(/\[[^\]]*\]$/, ''), target));
    if (racing.length === 0) continue;
    warnings.push({
      kind: 'snapshot_order',
      message: `${named(key)} gets its first custom role (${racing.map((r) => `\`${r.slug}\``).join(', ')}) in this plan, which copies the environment policy at that moment, but nothing makes it wait for ${envPolicy}: it may copy the old policy. Add depends_on = [${target}] to the role.`,
    });
  }
}
