/**
 * "Audit over the examples gives reviewed output": each example stack, synthesized offline,
 * audited and compared with its reviewed golden (scripts/generate-audit-fixtures.mjs,
 * `npm run generate:audit`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { computeAudit, type AuditReport } from '../../src/audit/findings';
import { renderAuditMarkdown } from '../../src/audit/render';
import { synthesizedObjects } from '../../src/impact/sources';
import { ReviewedRbacStack } from '../../examples/github-actions/stack';
import { IdpMappingsStack } from '../../examples/idp-mappings/stack';
import { QuickstartStack } from '../../examples/quickstart/stack';
import { ResourceAccessStack } from '../../examples/resource-access/stack';

const DIR = path.join(__dirname, '..', 'fixtures', 'audit');
const EXAMPLES: Array<[string, new (scope: Construct, id: string) => TerraformStack, string]> = [
  ['quickstart', QuickstartStack, 'quickstart'],
  ['idp-mappings', IdpMappingsStack, 'idp-mappings'],
  ['resource-access', ResourceAccessStack, 'resource-access'],
  ['github-actions', ReviewedRbacStack, 'rbac'],
];

const read = (name: string) => fs.readFileSync(path.join(DIR, name), 'utf8');
const audit = (Stack: (typeof EXAMPLES)[number][1], id: string): AuditReport => computeAudit(synthesizedObjects(Testing.synth(new Stack(Testing.app(), id))));

describe.each(EXAMPLES)('audit of examples/%s', (folder, Stack, id) => {
  const report = audit(Stack, id);

  test('JSON report equals the golden', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(JSON.parse(read(`${folder}.json`)));
  });

  test('Markdown report equals the golden', () => {
    expect(renderAuditMarkdown(report, 10)).toBe(read(`${folder}.md`));
  });

  test('the JSON has exactly the documented fields', () => {
    expect(Object.keys(report)).toEqual(['unused_permissions', 'idle_roles', 'widest_subjects', 'redundant_grants']);
    for (const w of report.widest_subjects) expect(Object.keys(w).sort()).toEqual(['organization', 'permission_count', 'permissions', 'roles', 'subject']);
    for (const g of report.redundant_grants) expect(Object.keys(g).sort()).toEqual(['organization', 'paths', 'permissions', 'subject']);
  });
});

describe('what the goldens promise a reviewer', () => {
  const golden = (folder: string) => JSON.parse(read(`${folder}.json`)) as AuditReport;

  test('quickstart: its five permissions are all granted; its three roles are given to nobody (no organization, no mapping)', () => {
    expect(golden('quickstart').unused_permissions).toEqual([]);
    expect(golden('quickstart').idle_roles).toEqual(['admin', 'billing-admin', 'viewer'].map((role) => ({ organization: null, role })));
    // the default role is the built-in member, which grants nothing
    expect(golden('quickstart').widest_subjects).toEqual([]);
  });

  test('idp-mappings: Acme\'s org-owner is mapped, assigned and held by nobody', () => {
    expect(golden('idp-mappings').idle_roles).toEqual([{ organization: 'Acme', role: 'org-owner' }]);
    expect(golden('idp-mappings').widest_subjects[0]).toMatchObject({ organization: 'Globex', subject: { kind: 'sso_group', name: 'Platform Admins' }, roles: ['org-admin'], permission_count: 2 });
  });

  test('resource-access: project-editor on API Backend adds nothing to workspace-admin inherited from Platform', () => {
    expect(golden('resource-access').redundant_grants).toEqual([
      {
        organization: 'Acme Cloud',
        subject: { kind: 'resource_assignment', user: 'alice@acme.example', resource: 'project API Backend' },
        paths: [{ role: 'project-editor', resource: 'project API Backend' }, { role: 'workspace-admin', resource: 'workspace Platform' }],
        permissions: ['projects:edit', 'projects:view'],
      },
    ]);
  });

  test('github-actions: the Admins groups hold all eight permissions; nothing is unused, idle or redundant', () => {
    const g = golden('github-actions');
    expect(g.widest_subjects.slice(0, 2).map((w) => [w.organization, w.subject, w.permission_count])).toEqual([
      ['Acme', { kind: 'directory_group', name: 'Admins' }, 8],
      ['Globex', { kind: 'directory_group', name: 'Admins' }, 8],
    ]);
    expect([g.unused_permissions, g.idle_roles, g.redundant_grants]).toEqual([[], [], []]);
  });
});
