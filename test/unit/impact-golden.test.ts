/**
 * Golden tests of `workos-rbac impact`: plan JSON produced by real terraform runs against the
 * local control plane (scripts/generate-impact-fixtures.mjs, `npm run generate:impact`), and
 * the reviewed Markdown and JSON reports they must give.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeImpact } from '../../src/impact/impact';
import { renderMarkdown } from '../../src/impact/render';

const DIR = path.join(__dirname, '..', 'fixtures', 'impact');
const SCENARIOS = ['create', 'create-unordered', 'update', 'delete', 'replace', 'priority-reorder', 'mapping-moved', 'default-role-change', 'assignment-removed', 'policy-removed', 'no-op', 'outside-change'];

const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');

describe.each(SCENARIOS)('impact of the %s plan', (scenario) => {
  const report = computeImpact(JSON.parse(read(`${scenario}.plan.json`)));

  test('JSON report equals the golden', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(JSON.parse(read(`${scenario}.json`)));
  });

  test('Markdown report equals the golden', () => {
    expect(renderMarkdown(report)).toBe(read(`${scenario}.md`));
  });

  test('every change has exactly the contract fields', () => {
    for (const c of report.changes) {
      expect(Object.keys(c).sort()).toEqual(['organization', 'permissions', 'roles', 'subject']);
      expect(['directory_group', 'sso_group', 'attribute', 'default_role', 'membership', 'resource_assignment']).toContain(c.subject.kind);
      expect(Object.keys(c.roles).sort()).toEqual(['after', 'before']);
      expect(Object.keys(c.permissions).sort()).toEqual(['gained', 'lost']);
    }
    for (const w of report.warnings) expect(Object.keys(w).sort()).toEqual(['kind', 'message']);
  });
});

describe('what the goldens promise a reviewer', () => {
  const json = (s: string) => JSON.parse(read(`${s}.json`)) as ReturnType<typeof computeImpact>;
  const find = (s: string, org: string | null, kind: string, name?: string) =>
    json(s).changes.find((c) => c.organization === org && c.subject.kind === kind && (name === undefined || c.subject.name === name || c.subject.resource === name));

  test('update: removing projects:delete from editor and mapping Admins to editor names who loses what', () => {
    expect(find('update', 'Acme', 'directory_group', 'Admins')).toMatchObject({ roles: { before: ['admin'], after: ['editor'] }, permissions: { gained: [] } });
    expect(find('update', 'Acme', 'directory_group', 'Admins')!.permissions.lost).toEqual(['billing:manage', 'members:invite', 'members:remove', 'projects:delete', 'settings:manage']);
    expect(find('update', 'Globex', 'directory_group', 'Engineering')!.permissions.lost).toEqual(['projects:delete']);
    expect(find('update', 'Globex', 'resource_assignment', 'workspace Platform')).toMatchObject({ subject: { user: 'alice@globex.example' }, permissions: { lost: ['projects:delete'] } });
  });

  test('create: an organization role that does not wait for the environment policy may copy the old one', () => {
    expect(json('create').warnings.map((w) => w.kind)).not.toContain('snapshot_order');
    expect(json('create-unordered').warnings).toContainEqual({ kind: 'snapshot_order', message: expect.stringContaining('Add depends_on = [workos_role_policy.environment]') });
  });

  test('policy removed from the code: it stays in force, so nobody\'s access changes', () => {
    expect(json('policy-removed')).toEqual({ changes: [], warnings: [] });
  });

  test('no-op: no changes, no warnings', () => {
    expect(json('no-op')).toEqual({ changes: [], warnings: [] });
  });

  test('default role change: Globex keeps its own copy of the environment policy', () => {
    expect(find('default-role-change', 'Acme', 'default_role')).toMatchObject({ roles: { before: ['viewer'], after: ['editor'] } });
    expect(find('default-role-change', 'Globex', 'default_role')).toBeUndefined();
    expect(json('default-role-change').warnings.map((w) => w.kind)).toEqual(expect.arrayContaining(['snapshot', 'default_role_changed']));
  });

  test('risks: replaced role and assignment, deleted role, reorder, outside change', () => {
    expect(json('replace').warnings.map((w) => w.kind)).toEqual(expect.arrayContaining(['role_replaced', 'assignment_replaced']));
    expect(json('delete').warnings.map((w) => w.kind)).toContain('role_deleted');
    expect(json('priority-reorder').warnings.map((w) => w.kind)).toContain('priority_winner_changed');
    expect(json('outside-change').warnings).toEqual([expect.objectContaining({ kind: 'removes_outside_change', message: expect.stringContaining('billing:manage') })]);
  });
});
