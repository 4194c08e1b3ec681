/**
 * Guardrails: a policy's rules over the access every subject holds after a change and over
 * the change itself (README, "Guardrails: `impact --policy`"). BLOCK when a block rule fires,
 * WARN when only warn rules do, else ALLOW.
 */
import type { AccessChange, Subject } from '../impact';
import { describeSubject } from '../render';
import type { AccessState, SubjectAccess } from '../state';
import type { Policy, PolicyRule, SubjectSelector } from './schema';

export type Decision = 'ALLOW' | 'WARN' | 'BLOCK';

/** One rule firing: for a subject and permission where the rule is about one (null where it is about the whole change). */
export interface Finding {
  readonly rule: string;
  readonly severity: 'block' | 'warn';
  readonly subject: Subject | null;
  readonly permission: string | null;
  /** null: the environment, or the whole change. */
  readonly organization: string | null;
  readonly message: string;
}

export interface PolicyResult {
  readonly decision: Decision;
  readonly findings: Finding[];
}

const patterns = new Map<string, RegExp>();
/** `*` matches any run of characters; everything else literally. */
export function matchesPattern(pattern: string, text: string): boolean {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    patterns.set(pattern, re);
  }
  return re.test(text);
}

export function selects(selector: SubjectSelector, s: { readonly organization: string | null; readonly subject: Subject }): boolean {
  const field = (pattern: string | undefined, value: string | undefined | null) => pattern === undefined || (value != null && matchesPattern(pattern, value));
  return (
    (selector.kind === undefined || selector.kind === s.subject.kind) &&
    field(selector.name, s.subject.name) &&
    field(selector.value, s.subject.value) &&
    field(selector.user, s.subject.user) &&
    field(selector.resource, s.subject.resource) &&
    field(selector.organization, s.organization)
  );
}

const anyOf = (selectors: readonly SubjectSelector[] | undefined, s: SubjectAccess | AccessChange) => selectors !== undefined && selectors.some((sel) => selects(sel, s));
const matching = (perms: readonly string[], wanted: readonly string[]) => perms.filter((p) => wanted.some((w) => matchesPattern(w, p)));
const where = (organization: string | null) => (organization === null ? 'the environment' : organization);
const who = (s: SubjectAccess | AccessChange) => `${describeSubject(s.subject)} in ${where(s.organization)}`;
const some = (xs: readonly string[]) => (xs.length > 5 ? `${xs.slice(0, 5).join('; ')}; and ${xs.length - 5} more` : xs.join('; '));

/** Evaluates the rules over the access after the change and the change's access delta. */
export function evaluatePolicy(policy: Policy | readonly PolicyRule[], after: AccessState, changes: readonly AccessChange[]): PolicyResult {
  const rules = 'rules' in policy ? policy.rules : policy;
  const findings: Finding[] = [];
  for (const rule of rules) {
    const fire = (subject: Subject | null, permission: string | null, organization: string | null, message: string) =>
      findings.push({ rule: rule.name, severity: rule.severity, subject, permission, organization, message });

    // `only` is `never` for everyone outside the given subjects.
    const never = rule.never ?? (rule.only && { permissions: rule.only.permissions, subjects: undefined, except: rule.only.subjects });
    if (never) {
      for (const s of after.subjects) {
        if ((never.subjects && !anyOf(never.subjects, s)) || anyOf(never.except, s)) continue;
        for (const p of matching(s.permissions, never.permissions)) fire(s.subject, p, s.organization, `${who(s)} would hold \`${p}\``);
      }
    }
    if (rule.at_most) {
      const { permissions, count, subjects } = rule.at_most;
      const holders = new Map<string, SubjectAccess[]>();
      for (const s of after.subjects) {
        if (subjects && !anyOf(subjects, s)) continue;
        for (const p of matching(s.permissions, permissions)) {
          const key = `${s.organization ?? ''}\u0000${p}`;
          holders.set(key, [...(holders.get(key) ?? []), s]);
        }
      }
      for (const [key, list] of holders) {
        if (list.length <= count) continue;
        const p = key.slice(key.indexOf('\u0000') + 1);
        const org = list[0]!.organization;
        fire(null, p, org, `${list.length} subjects in ${where(org)} would hold \`${p}\` (at most ${count}): ${some(list.map((s) => describeSubject(s.subject)))}`);
      }
    }
    if (rule.protected) {
      for (const c of changes) {
        for (const p of matching(c.permissions.gained, rule.protected.permissions)) fire(c.subject, p, c.organization, `${who(c)} gains \`${p}\`, a protected permission: a second approval is needed`);
        for (const p of matching(c.permissions.lost, rule.protected.permissions)) fire(c.subject, p, c.organization, `${who(c)} loses \`${p}\`, a protected permission: a second approval is needed`);
      }
    }
    if (rule.max_change) {
      const limit = (max: number | undefined, side: 'lost' | 'gained', verb: string) => {
        const moved = changes.filter((c) => c.permissions[side].length > 0);
        if (max === undefined || moved.length <= max) return;
        fire(null, null, null, `this change ${verb} ${moved.length} subjects (at most ${max} without a second approval): ${some(moved.map(who))}`);
      };
      limit(rule.max_change.remove, 'lost', 'removes permissions from');
      limit(rule.max_change.add, 'gained', 'adds permissions to');
    }
  }
  const decision: Decision = findings.some((f) => f.severity === 'block') ? 'BLOCK' : findings.length > 0 ? 'WARN' : 'ALLOW';
  return { decision, findings };
}
