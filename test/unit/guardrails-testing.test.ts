/**
 * `checkGuardrails` from `cdktf-workos-rbac/testing`: the policy file's rules, or the same
 * rules in TypeScript, run in jest on a synthesized example stack, offline.
 */
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { AccessModel, checkGuardrails, type PolicyRule } from '../../constructs/testing';
import { ReviewedRbacStack } from '../../examples/github-actions/stack';
import { IdpMappingsStack } from '../../examples/idp-mappings/stack';

const POLICY = path.join(__dirname, '..', '..', 'examples', 'github-actions', 'policy.yaml');

describe('checkGuardrails', () => {
  test('the deployed stack complies with its policy file', () => {
    // GIVEN the reviewed example as on main WHEN its policy runs THEN nothing fires
    expect(checkGuardrails(new ReviewedRbacStack(Testing.app(), 'rbac'), POLICY)).toEqual({ decision: 'ALLOW', findings: [] });
    expect(checkGuardrails(new IdpMappingsStack(Testing.app(), 'idp'), path.join(__dirname, '..', '..', 'examples', 'idp-mappings', 'policy.yaml'))).toEqual({ decision: 'ALLOW', findings: [] });
  });

  test('a stack giving editors billing:manage is BLOCKed, naming each subject', () => {
    // GIVEN a pull request that adds billing:manage to editor
    const stack = new ReviewedRbacStack(Testing.app(), 'rbac', { editorPermissions: ['projects:view', 'projects:edit', 'billing:manage'] });
    // WHEN
    const result = checkGuardrails(stack, POLICY);
    // THEN
    expect(result.decision).toBe('BLOCK');
    expect(result.findings.map((f) => [f.rule, f.severity, f.organization, f.subject, f.permission])).toEqual([
      ['no-billing-outside-admins', 'block', 'Acme', { kind: 'directory_group', name: 'Engineering' }, 'billing:manage'],
      ['no-billing-outside-admins', 'block', 'Globex', { kind: 'directory_group', name: 'Engineering' }, 'billing:manage'],
      ['no-billing-outside-admins', 'block', 'Globex', { kind: 'resource_assignment', user: 'alice@globex.example', resource: 'workspace Platform' }, 'billing:manage'],
    ]);
    expect(result.findings[0]!.message).toBe('directory group "Engineering" in Acme would hold `billing:manage`');
  });

  test('rules in TypeScript, and a change between two stacks for protected and max_change', () => {
    const main = AccessModel.fromStack(new ReviewedRbacStack(Testing.app(), 'main'));
    // Admins mapped to editor: Admins lose billing, members and settings permissions in both organizations.
    const pr = AccessModel.fromStack(new ReviewedRbacStack(Testing.app(), 'pr', { adminsRole: 'editor' }));
    const rules: PolicyRule[] = [
      { name: 'settings-need-approval', severity: 'warn', protected: { permissions: ['settings:*'] } },
      { name: 'tiny-changes', severity: 'warn', max_change: { remove: 1 } },
    ];
    expect(checkGuardrails(pr, rules)).toEqual({ decision: 'ALLOW', findings: [] });
    const result = checkGuardrails(pr, rules, { before: main });
    expect(result.decision).toBe('WARN');
    expect(result.findings.map((f) => [f.rule, f.organization, f.subject?.name ?? null, f.permission])).toEqual([
      ['settings-need-approval', 'Acme', 'Admins', 'settings:manage'],
      ['settings-need-approval', 'Globex', 'Admins', 'settings:manage'],
      ['tiny-changes', null, null, null],
    ]);
    expect(result.findings[2]!.message).toBe('this change removes permissions from 2 subjects (at most 1 without a second approval): directory group "Admins" in Acme; directory group "Admins" in Globex');
  });

  test('the pull request of examples/github-actions/README.md is a WARN under its policy', () => {
    const main = new ReviewedRbacStack(Testing.app(), 'main');
    const pr = new ReviewedRbacStack(Testing.app(), 'pr', { editorPermissions: ['projects:view', 'projects:edit'], adminsRole: 'editor' });
    const result = checkGuardrails(pr, POLICY, { before: main });
    expect(result.decision).toBe('WARN');
    expect(result.findings.map((f) => [f.rule, f.organization, f.subject?.name ?? null, f.permission])).toEqual([
      ['settings-changes-need-a-second-approval', 'Acme', 'Admins', 'audit:view'],
      ['settings-changes-need-a-second-approval', 'Acme', 'Admins', 'settings:manage'],
      ['settings-changes-need-a-second-approval', 'Globex', 'Admins', 'audit:view'],
      ['settings-changes-need-a-second-approval', 'Globex', 'Admins', 'settings:manage'],
      ['small-changes', null, null, null],
    ]);
    expect(result.findings[4]!.message).toMatch(/^this change removes permissions from 5 subjects \(at most 4 without a second approval\)/);
  });

  test('a bad rule in TypeScript throws, naming the field', () => {
    const stack = AccessModel.fromStack(new IdpMappingsStack(Testing.app(), 'idp'));
    const bad = [{ name: 'x', severity: 'block', at_most: { permissions: ['deployments:create'], count: -1 } }] as PolicyRule[];
    expect(() => checkGuardrails(stack, bad)).toThrow('policy: rules[0].at_most.count: must be 0 or more');
  });
});
