/** `workos-rbac impact` arguments, input errors, and the risks no golden plan shows. */
import { computeImpact } from '../../src/impact/impact';
import { parseImpactArgs, runImpactCommand } from '../../src/impact/command';
import { PlanFormatError } from '../../src/impact/sources';

describe('parseImpactArgs', () => {
  test('a file, stdin, or a cdktf stack; Markdown unless --format json', () => {
    expect(parseImpactArgs(['plan.json'])).toEqual({ source: { kind: 'file', path: 'plan.json' }, format: 'markdown', enrich: false });
    expect(parseImpactArgs(['-', '--format', 'json'])).toEqual({ source: { kind: 'stdin' }, format: 'json', enrich: false });
    expect(parseImpactArgs(['--cdktf', 'rbac'])).toEqual({ source: { kind: 'cdktf', stack: 'rbac' }, format: 'markdown', enrich: false });
  });

  test('bad arguments say what is wrong', () => {
    expect(() => parseImpactArgs([])).toThrow('impact needs PLAN_JSON');
    expect(() => parseImpactArgs(['a.json', 'b.json'])).toThrow('impact reads one plan');
    expect(() => parseImpactArgs(['-', '--cdktf', 'rbac'])).toThrow('impact reads one plan');
    expect(() => parseImpactArgs(['-', '--format', 'html'])).toThrow('--format must be markdown or json, not "html"');
    expect(() => parseImpactArgs(['-', '--format'])).toThrow('--format needs a value');
    expect(() => parseImpactArgs(['-', '--color'])).toThrow('impact: unknown argument "--color"');
    expect(parseImpactArgs(['-', '--enrich']).enrich).toBe(true);
  });

  test('an unreadable file or a document that is not a plan is named as such', async () => {
    await expect(runImpactCommand(['/nonexistent/plan.json'], () => {})).rejects.toThrow(PlanFormatError);
    expect(() => computeImpact({ format_version: '1.0', values: {} })).toThrow('expected the output of `terraform show -json PLANFILE`');
    expect(() => computeImpact([])).toThrow('not a JSON object');
  });
});

describe('risks', () => {
  /** The smallest plan that deletes the environment's default role. */
  const role = (slug: string, permissions: string[]) => ({ id: `role_${slug}`, slug, name: slug, description: null, permissions, destroy_behavior: 'delete' });
  const plan = {
    format_version: '1.2',
    prior_state: {
      values: {
        root_module: {
          resources: [
            { address: 'workos_role.viewer', mode: 'managed', type: 'workos_role', values: role('viewer', ['projects:view']) },
            { address: 'workos_role_policy.environment', mode: 'managed', type: 'workos_role_policy', values: { id: 'environment', organization_id: null, priority: ['viewer'], default_role: 'viewer', multiple_roles: null } },
          ],
        },
      },
    },
    resource_changes: [
      { address: 'workos_role.viewer', mode: 'managed', type: 'workos_role', change: { actions: ['delete'], before: role('viewer', ['projects:view']), after: null, after_unknown: {} } },
      {
        address: 'workos_role_policy.environment',
        mode: 'managed',
        type: 'workos_role_policy',
        change: { actions: ['no-op'], before: { id: 'environment', organization_id: null, priority: ['viewer'], default_role: 'viewer', multiple_roles: null }, after: { id: 'environment', organization_id: null, priority: ['viewer'], default_role: 'viewer', multiple_roles: null }, after_unknown: {} },
      },
    ],
  };

  test('deleting the default role is a warning that says the apply fails, and the deletion is reported', () => {
    const report = computeImpact(plan);
    expect(report.warnings.map((w) => w.kind)).toEqual(['default_role_destroyed', 'role_deleted']);
    expect(report.warnings[0]!.message).toContain('cannot be deleted, so the apply fails');
    expect(report.changes).toEqual([
      { organization: null, subject: { kind: 'default_role' }, roles: { before: ['viewer'], after: ['viewer'] }, permissions: { gained: [], lost: ['projects:view'] } },
    ]);
  });
});

describe('organizations this code does not create', () => {
  test('a mapping on an organization given by id is reported under that id', () => {
    const mapping = (roles: string[]) => ({ id: 'role_mapping_1', organization_id: 'org_SIGNED_UP', group: 'Engineering', roles, mode: null, directory_id: null });
    const role = (slug: string, permissions: string[]) => ({ address: `workos_role.${slug}`, mode: 'managed', type: 'workos_role', values: { id: `role_${slug}`, slug, name: slug, permissions } });
    const roles = [role('viewer', ['projects:view']), role('admin', ['projects:view', 'projects:delete'])];
    const report = computeImpact({
      format_version: '1.2',
      prior_state: { values: { root_module: { resources: [...roles, { address: 'workos_directory_group_mapping.eng', mode: 'managed', type: 'workos_directory_group_mapping', values: mapping(['viewer']) }] } } },
      resource_changes: [
        ...roles.map((r) => ({ address: r.address, mode: 'managed', type: 'workos_role', change: { actions: ['no-op'], before: r.values, after: r.values, after_unknown: {} } })),
        { address: 'workos_directory_group_mapping.eng', mode: 'managed', type: 'workos_directory_group_mapping', change: { actions: ['update'], before: mapping(['viewer']), after: mapping(['admin']), after_unknown: {} } },
      ],
    });
    expect(report).toEqual({
      changes: [
        { organization: 'org_SIGNED_UP', subject: { kind: 'directory_group', name: 'Engineering' }, roles: { before: ['viewer'], after: ['admin'] }, permissions: { gained: ['projects:delete'], lost: [] } },
      ],
      warnings: [],
    });
  });
});
