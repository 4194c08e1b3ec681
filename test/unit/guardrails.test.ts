/**
 * Guardrails: each rule kind evaluated over the access after a real plan (the impact goldens,
 * made by real terraform runs) and its delta; the decision; `impact --policy` output and exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ImpactUsageError, parseImpactArgs, runImpactCommand, EXIT_BLOCKED } from '../../src/impact/command';
import { impactWithState } from '../../src/impact/impact';
import { evaluatePolicy, matchesPattern, type PolicyRule } from '../../src/impact/policy';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'impact');
const planOf = (scenario: string) => path.join(FIXTURES, `${scenario}.plan.json`);
const evaluate = (scenario: string, rules: PolicyRule[]) => {
  const { report, after } = impactWithState(JSON.parse(fs.readFileSync(planOf(scenario), 'utf8')));
  return evaluatePolicy({ version: 1, rules }, after, report.changes);
};

describe('patterns', () => {
  test('* matches any run of characters, the rest literally', () => {
    expect(matchesPattern('*:delete', 'projects:delete')).toBe(true);
    expect(matchesPattern('*:delete', 'projects:deleted')).toBe(false);
    expect(matchesPattern('billing:*', 'billing:manage')).toBe(true);
    expect(matchesPattern('billing.manage', 'billingxmanage')).toBe(false);
  });
});

describe('never', () => {
  // The create plan: Admins (Acme) get admin with billing:manage; alice gets admin on API Backend (Globex).
  test('names every subject outside the exception holding the permission after the plan', () => {
    const result = evaluate('create', [
      { name: 'no-billing-outside-admins', severity: 'block', never: { permissions: ['billing:manage'], except: [{ kind: 'directory_group', name: 'Admins' }] } },
    ]);
    expect(result).toEqual({
      decision: 'BLOCK',
      findings: [
        {
          rule: 'no-billing-outside-admins',
          severity: 'block',
          subject: { kind: 'resource_assignment', user: 'alice@globex.example', resource: 'project API Backend' },
          permission: 'billing:manage',
          organization: 'Globex',
          message: 'alice@globex.example on project API Backend in Globex would hold `billing:manage`',
        },
      ],
    });
  });

  test('subjects narrows the rule; a pattern matches several permissions', () => {
    const result = evaluate('create', [{ name: 'default-role-never-deletes', severity: 'warn', never: { permissions: ['*:delete', '*:edit'], subjects: [{ kind: 'default_role' }] } }]);
    expect(result).toEqual({ decision: 'ALLOW', findings: [] });
    const groups = evaluate('create', [{ name: 'engineering-never-deletes', severity: 'warn', never: { permissions: ['*:delete'], subjects: [{ name: 'Engineering', organization: 'Globex' }] } }]);
    expect(groups.decision).toBe('WARN');
    expect(groups.findings.map((f) => [f.subject, f.permission, f.organization])).toEqual([[{ kind: 'directory_group', name: 'Engineering' }, 'projects:delete', 'Globex']]);
  });

  test('the after state counts, not only what changed: the update plan leaves Engineering its projects:edit', () => {
    const result = evaluate('update', [{ name: 'no-edit', severity: 'block', never: { permissions: ['projects:edit'], subjects: [{ kind: 'directory_group', organization: 'Acme' }] } }]);
    expect(result.findings.map((f) => f.message)).toEqual(['directory group "Admins" in Acme would hold `projects:edit`', 'directory group "Engineering" in Acme would hold `projects:edit`']);
  });
});

describe('only', () => {
  test('every holder outside the listed subjects is a finding', () => {
    const result = evaluate('create', [
      { name: 'billing-only-admins', severity: 'block', only: { permissions: ['billing:manage'], subjects: [{ kind: 'directory_group', name: 'Admins' }, { kind: 'resource_assignment', user: '*@globex.example' }] } },
    ]);
    expect(result).toEqual({ decision: 'ALLOW', findings: [] });
    const strict = evaluate('create', [{ name: 'billing-only-admins', severity: 'block', only: { permissions: ['billing:manage'], subjects: [{ name: 'Admins' }] } }]);
    expect(strict.findings.map((f) => [f.rule, f.subject?.kind, f.subject?.user, f.permission])).toEqual([['billing-only-admins', 'resource_assignment', 'alice@globex.example', 'billing:manage']]);
  });
});

describe('at_most', () => {
  test('counts holders per organization and permission', () => {
    // projects:delete in Globex after create: Engineering, Contractors, alice on API Backend, alice on Platform.
    const result = evaluate('create', [{ name: 'few-deleters', severity: 'warn', at_most: { permissions: ['projects:delete'], count: 3 } }]);
    expect(result.decision).toBe('WARN');
    expect(result.findings).toEqual([
      {
        rule: 'few-deleters',
        severity: 'warn',
        subject: null,
        permission: 'projects:delete',
        organization: 'Globex',
        message:
          '4 subjects in Globex would hold `projects:delete` (at most 3): directory group "Engineering"; SSO group "Contractors"; alice@globex.example on project API Backend; alice@globex.example on workspace Platform',
      },
    ]);
    expect(evaluate('create', [{ name: 'few-deleters', severity: 'warn', at_most: { permissions: ['projects:delete'], count: 4 } }]).decision).toBe('ALLOW');
    // Directory groups only: Admins and Engineering in Acme, Engineering in Globex.
    const groups = evaluate('create', [{ name: 'few-group-deleters', severity: 'warn', at_most: { permissions: ['projects:delete'], count: 1, subjects: [{ kind: 'directory_group' }] } }]);
    expect(groups.findings.map((f) => [f.organization, f.permission, f.message])).toEqual([
      ['Acme', 'projects:delete', '2 subjects in Acme would hold `projects:delete` (at most 1): directory group "Admins"; directory group "Engineering"'],
    ]);
  });
});

describe('protected', () => {
  test('a gain or loss of a protected permission is a finding per subject', () => {
    const result = evaluate('update', [{ name: 'billing-needs-approval', severity: 'block', protected: { permissions: ['billing:*'] } }]);
    expect(result.findings).toEqual([
      {
        rule: 'billing-needs-approval',
        severity: 'block',
        subject: { kind: 'directory_group', name: 'Admins' },
        permission: 'billing:manage',
        organization: 'Acme',
        message: 'directory group "Admins" in Acme loses `billing:manage`, a protected permission: a second approval is needed',
      },
    ]);
    // The no-op plan changes nothing: holding a protected permission is not a finding.
    expect(evaluate('no-op', [{ name: 'billing-needs-approval', severity: 'block', protected: { permissions: ['billing:*'] } }])).toEqual({ decision: 'ALLOW', findings: [] });
  });
});

describe('max_change', () => {
  test('more subjects losing access than the limit is one finding for the change', () => {
    // The update plan removes permissions from 5 subjects and adds to none.
    const result = evaluate('update', [{ name: 'small-changes', severity: 'block', max_change: { remove: 4, add: 0 } }]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ rule: 'small-changes', severity: 'block', subject: null, permission: null, organization: null });
    expect(result.findings[0]!.message).toBe(
      'this change removes permissions from 5 subjects (at most 4 without a second approval): directory group "Admins" in Acme; directory group "Engineering" in Acme; directory group "Engineering" in Globex; SSO group "Contractors" in Globex; alice@globex.example on workspace Platform in Globex',
    );
    expect(evaluate('update', [{ name: 'small-changes', severity: 'block', max_change: { remove: 5 } }]).decision).toBe('ALLOW');
    const adds = evaluate('create', [{ name: 'small-adds', severity: 'warn', max_change: { add: 11 } }]).findings;
    expect(adds).toHaveLength(1);
    expect(adds[0]!.message).toMatch(/^this change adds permissions to 12 subjects \(at most 11 without a second approval\): members with no mapping in the environment; .*; and 7 more$/);
  });
});

describe('the decision', () => {
  test('BLOCK beats WARN; findings keep the rule order', () => {
    const result = evaluate('update', [
      { name: 'warn-first', severity: 'warn', protected: { permissions: ['projects:delete'] } },
      { name: 'then-block', severity: 'block', max_change: { remove: 0 } },
    ]);
    expect(result.decision).toBe('BLOCK');
    expect([...new Set(result.findings.map((f) => f.rule))]).toEqual(['warn-first', 'then-block']);
  });
});

describe('impact --policy', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrails-'));
  const policyFile = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const run = async (args: string[]) => {
    let out = '';
    const code = await runImpactCommand(args, (s) => (out += s), {});
    return { code, out };
  };
  const blocking = policyFile(
    'block.yaml',
    'version: 1\nrules:\n  - name: no-billing-outside-admins\n    severity: block\n    never:\n      permissions: [billing:manage]\n      except: [{ kind: directory_group, name: Admins }]\n',
  );

  test('parses --policy; without it the arguments are as before', () => {
    expect(parseImpactArgs(['p.json', '--policy', 'policy.yaml'])).toEqual({ source: { kind: 'file', path: 'p.json' }, format: 'markdown', enrich: false, policy: 'policy.yaml' });
    expect(() => parseImpactArgs(['p.json', '--policy'])).toThrow('--policy needs a value');
    expect(() => parseImpactArgs(['p.json', '--policy', 'a', '--policy', 'b'])).toThrow('--policy is given twice');
  });

  test('a BLOCK: the Markdown names rule, subject and permission after the report; exit 3', async () => {
    const { code, out } = await run([planOf('create'), '--policy', blocking]);
    expect(code).toBe(EXIT_BLOCKED);
    expect(EXIT_BLOCKED).toBe(3);
    expect(out.startsWith(fs.readFileSync(path.join(FIXTURES, 'create.md'), 'utf8'))).toBe(true);
    expect(out.endsWith('\n### Guardrails\n\n**Guardrails: BLOCK** — rule `no-billing-outside-admins`: alice@globex.example on project API Backend in Globex would hold `billing:manage`\n')).toBe(true);
  });

  test('JSON: the report unchanged plus "policy"', async () => {
    const { code, out } = await run([planOf('create'), '--policy', blocking, '--format', 'json']);
    expect(code).toBe(3);
    const doc = JSON.parse(out);
    const { policy, ...report } = doc;
    expect(report).toEqual(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'create.json'), 'utf8')));
    expect(policy.decision).toBe('BLOCK');
    expect(policy.findings.map((f: { rule: string; permission: string; subject: unknown }) => [f.rule, f.permission, f.subject])).toEqual([
      ['no-billing-outside-admins', 'billing:manage', { kind: 'resource_assignment', user: 'alice@globex.example', resource: 'project API Backend' }],
    ]);
  });

  test('a WARN exits 0; a compliant plan is ALLOWed', async () => {
    const warn = policyFile('warn.json', JSON.stringify({ version: 1, rules: [{ name: 'billing-needs-approval', severity: 'warn', protected: { permissions: ['billing:manage'] } }] }));
    const warned = await run([planOf('update'), '--policy', warn]);
    expect(warned.code).toBe(0);
    expect(warned.out).toContain('**Guardrails: WARN** — rule `billing-needs-approval`: directory group "Admins" in Acme loses `billing:manage`');
    const compliant = policyFile('allow.yaml', 'version: 1\nrules:\n  - name: billing-only-admins\n    severity: block\n    only:\n      permissions: [billing:manage]\n      subjects: [{ name: Admins }, { kind: resource_assignment }]\n');
    const allowed = await run([planOf('create'), '--policy', compliant]);
    expect(allowed.code).toBe(0);
    expect(allowed.out.endsWith('**Guardrails: ALLOW** — 1 rule, none fired.\n')).toBe(true);
  });

  test('a malformed policy is a usage error naming file and field, before the plan is read', async () => {
    const bad = policyFile('bad.yaml', 'version: 1\nrules:\n  - name: x\n    severity: fatal\n    never: { permissions: [Billing] }\n');
    await expect(run(['/nonexistent/plan.json', '--policy', bad])).rejects.toThrow(ImpactUsageError);
    await expect(run(['/nonexistent/plan.json', '--policy', bad])).rejects.toThrow(`${bad}: rules[0].severity: must be block or warn\n${bad}: rules[0].never.permissions[0]: must be a permission slug`);
    await expect(run([planOf('create'), '--policy', path.join(dir, 'missing.yaml')])).rejects.toThrow(`cannot read the policy file ${path.join(dir, 'missing.yaml')}`);
  });
});
