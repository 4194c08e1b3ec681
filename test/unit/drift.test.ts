/**
 * `workos-rbac drift` on a refresh-only plan: what changed outside Terraform, and who gained
 * or lost which permission by it. The fixture is `terraform show -json` of a real
 * `terraform plan -refresh-only` against the local control plane after an API call added
 * `billing:manage` to the `editor` role (scripts/generate-impact-fixtures.mjs, `npm run
 * generate:impact`, the same topology as the impact goldens); it has `prior_state` and
 * `resource_drift` and no `resource_changes`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeDrift, DRIFT_MARKER, renderDriftMarkdown } from '../../src/impact/drift';
import { DRIFT_FOUND, DriftUsageError, parseDriftArgs, runDriftCommand } from '../../src/impact/drift-command';
import { PlanFormatError } from '../../src/impact/sources';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'drift', 'role-permission-added.plan.json');
const recorded = () => JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { resource_drift: unknown[] };
const gained = (organization: string, subject: object) => ({ organization, subject, roles: { before: ['editor'], after: ['editor'] }, permissions: { gained: ['billing:manage'], lost: [] } });

describe('a permission added to a role outside Terraform', () => {
  const report = computeDrift(recorded());

  test('names the role and the attribute, as recorded and as the target has it now', () => {
    expect(report.drift).toEqual([
      {
        address: 'workos_role.editor',
        type: 'workos_role',
        action: 'update',
        changed: { permissions: { before: ['projects:delete', 'projects:edit', 'projects:view'], after: ['billing:manage', 'projects:delete', 'projects:edit', 'projects:view'] } },
      },
    ]);
  });

  test('every subject holding the role gained the permission: mapped groups and the resource assignment', () => {
    expect(report.changes).toEqual([
      gained('Acme', { kind: 'directory_group', name: 'Engineering' }),
      gained('Globex', { kind: 'directory_group', name: 'Engineering' }),
      gained('Globex', { kind: 'sso_group', name: 'Contractors' }),
      gained('Globex', { kind: 'resource_assignment', user: 'alice@globex.example', resource: 'workspace Platform' }),
    ]);
    expect(report.warnings).toEqual([]);
  });

  test('Markdown: the marker, the drifted attribute with its difference, then the impact tables', () => {
    const md = renderDriftMarkdown(report);
    expect(md.split('\n')[0]).toBe(DRIFT_MARKER);
    expect(md).toContain('**Drift:** 1 object changed outside Terraform since the last apply.');
    expect(md).toContain('| `workos_role.editor` | permissions | `projects:delete`, `projects:edit`, `projects:view` | `billing:manage`, `projects:delete`, `projects:edit`, `projects:view` | +`billing:manage` |');
    expect(md).toContain('**Access impact:** 4 subjects change access in Acme, Globex.');
    expect(md).toContain('| SSO group "Contractors" | `editor` | `editor` | `billing:manage` | — |');
    expect(md).toContain('| alice@globex.example on workspace Platform | `editor` | `editor` | `billing:manage` | — |');
    expect(md).not.toContain('<!-- workos-rbac impact -->');
  });
});

describe('no drift', () => {
  test('an empty resource_drift: no objects, no changes, "no drift"', () => {
    const doc = { ...recorded(), resource_drift: [] };
    const report = computeDrift(doc);
    expect(report).toEqual({ drift: [], changes: [], warnings: [] });
    expect(renderDriftMarkdown(report)).toBe(`${DRIFT_MARKER}\n**Drift:** no drift: the target matches the Terraform state.\n`);
  });
});

describe('a role deleted outside Terraform', () => {
  const role = (slug: string, permissions: string[]) => ({ id: `role_${slug}`, slug, name: slug, description: null, permissions, destroy_behavior: 'delete' });
  const res = (address: string, type: string, values: object) => ({ address, mode: 'managed', type, values });
  const policy = { id: 'environment', organization_id: null, priority: ['editor', 'viewer'], default_role: 'viewer', multiple_roles: null };
  const doc = {
    format_version: '1.2',
    prior_state: {
      values: {
        root_module: {
          resources: [
            res('workos_role.viewer', 'workos_role', role('viewer', ['projects:view'])),
            res('workos_role_policy.environment', 'workos_role_policy', { ...policy, priority: ['viewer'] }),
            res('workos_organization.acme', 'workos_organization', { id: 'org_1', name: 'Acme', external_id: null }),
            res('workos_directory_group_mapping.eng', 'workos_directory_group_mapping', { id: 'rm_1', organization_id: 'org_1', group: 'Engineering', roles: [], mode: null, directory_id: null }),
          ],
        },
      },
    },
    resource_drift: [
      { address: 'workos_role.editor', mode: 'managed', type: 'workos_role', change: { actions: ['delete'], before: role('editor', ['projects:view', 'projects:edit']), after: null } },
      { address: 'workos_role_policy.environment', mode: 'managed', type: 'workos_role_policy', change: { actions: ['update'], before: policy, after: { ...policy, priority: ['viewer'] } } },
      {
        address: 'workos_directory_group_mapping.eng',
        mode: 'managed',
        type: 'workos_directory_group_mapping',
        change: { actions: ['update'], before: { id: 'rm_1', organization_id: 'org_1', group: 'Engineering', roles: ['editor'], mode: null, directory_id: null }, after: { id: 'rm_1', organization_id: 'org_1', group: 'Engineering', roles: [], mode: null, directory_id: null } },
      },
    ],
  };
  const report = computeDrift(doc);

  test('is reported as deleted, with every attribute it had', () => {
    expect(report.drift.map((d) => [d.address, d.action])).toEqual([
      ['workos_role.editor', 'delete'],
      ['workos_role_policy.environment', 'update'],
      ['workos_directory_group_mapping.eng', 'update'],
    ]);
    expect(report.drift[0]!.changed.permissions).toEqual({ before: ['projects:view', 'projects:edit'], after: null });
    expect(renderDriftMarkdown(report)).toContain('| `workos_role.editor` | (deleted) | | — | |');
  });

  test('the group mapped to it falls back to the default role and loses its permissions; the warning says so', () => {
    expect(report.changes).toEqual([
      { organization: 'Acme', subject: { kind: 'directory_group', name: 'Engineering' }, roles: { before: ['editor'], after: ['viewer'] }, permissions: { gained: [], lost: ['projects:edit'] } },
    ]);
    expect(report.warnings.map((w) => w.kind)).toEqual(['role_deleted']);
    // Warnings about applying a plan do not describe drift.
    expect(report.warnings.map((w) => w.kind)).not.toContain('default_role_destroyed');
  });
});

describe('a directory changed or deleted outside Terraform', () => {
  const TOKEN = 'tok_SECRET_0123456789abcdef';
  const directory = (id: string, name: string, token: string | null) => ({ id, organization_id: 'org_1', name, type: 'generic scim v2.0', scim_endpoint: `http://127.0.0.1/directories/${id}/scim/v2`, bearer_token: token });
  const marks = { bearer_token: true };
  const doc = {
    format_version: '1.2',
    prior_state: { values: { root_module: { resources: [{ address: 'workos_directory.okta', mode: 'managed', type: 'workos_directory', values: directory('directory_1', 'Renamed', TOKEN) }] } } },
    resource_drift: [
      // State written without the token (a target without the dashboard); the refresh now has it.
      { address: 'workos_directory.okta', mode: 'managed', type: 'workos_directory', change: { actions: ['update'], before: directory('directory_1', 'Okta', null), after: directory('directory_1', 'Renamed', TOKEN), before_sensitive: marks, after_sensitive: marks } },
      { address: 'workos_directory.old', mode: 'managed', type: 'workos_directory', change: { actions: ['delete'], before: directory('directory_2', 'Old', TOKEN), after: null, before_sensitive: marks, after_sensitive: false } },
    ],
  };
  const report = computeDrift(doc);

  test('the attributes terraform marks sensitive are named, their values never shown', () => {
    expect(report.drift).toEqual([
      { address: 'workos_directory.okta', type: 'workos_directory', action: 'update', changed: { bearer_token: { before: null, after: '(sensitive value)' }, name: { before: 'Okta', after: 'Renamed' } } },
      {
        address: 'workos_directory.old',
        type: 'workos_directory',
        action: 'delete',
        changed: { ...Object.fromEntries(Object.entries(directory('directory_2', 'Old', null)).filter(([k]) => k !== 'bearer_token').map(([k, v]) => [k, { before: v, after: null }])), bearer_token: { before: '(sensitive value)', after: null } },
      },
    ]);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
    expect(renderDriftMarkdown(report)).toContain('| `workos_directory.okta` | bearer_token | — | `(sensitive value)` |  |');
    expect(renderDriftMarkdown(report)).not.toContain(TOKEN);
  });
});

describe('parseDriftArgs', () => {
  test('the current directory by default; a directory, a cdktf stack, a plan JSON file or stdin', () => {
    expect(parseDriftArgs([])).toEqual({ source: { kind: 'dir', path: '.' }, format: 'markdown' });
    expect(parseDriftArgs(['infra', '--format', 'json'])).toEqual({ source: { kind: 'dir', path: 'infra' }, format: 'json' });
    expect(parseDriftArgs(['--cdktf', 'rbac'])).toEqual({ source: { kind: 'cdktf', stack: 'rbac' }, format: 'markdown' });
    expect(parseDriftArgs(['--plan-json', 'p.json'])).toEqual({ source: { kind: 'file', path: 'p.json' }, format: 'markdown' });
    expect(parseDriftArgs(['--plan-json', '-'])).toEqual({ source: { kind: 'stdin' }, format: 'markdown' });
    expect(parseDriftArgs(['--plan-json', '-', '--policy', 'policy.yml'])).toEqual({ source: { kind: 'stdin' }, format: 'markdown', policy: 'policy.yml' });
  });

  test('bad arguments say what is wrong', () => {
    expect(() => parseDriftArgs(['a', '--cdktf', 'rbac'])).toThrow('drift reads one target: give DIR, --cdktf STACK or --plan-json FILE|-');
    expect(() => parseDriftArgs(['--format', 'html'])).toThrow('--format must be markdown or json, not "html"');
    expect(() => parseDriftArgs(['--plan-json'])).toThrow('--plan-json needs a value');
    expect(() => parseDriftArgs(['--refresh'])).toThrow('drift: unknown argument "--refresh"');
    expect(() => parseDriftArgs(['--format'])).toThrow(DriftUsageError);
  });
});

describe('runDriftCommand', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-unit-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const run = (argv: string[]) => {
    let out = '';
    const code = runDriftCommand(argv, (s) => (out += s));
    return { code, out };
  };

  test(`exit ${DRIFT_FOUND} when drift was found, 0 when none; JSON is {drift, changes, warnings}`, () => {
    const found = run(['--plan-json', FIXTURE, '--format', 'json']);
    expect(found.code).toBe(4);
    const json = JSON.parse(found.out) as Record<string, unknown[]>;
    expect(Object.keys(json)).toEqual(['drift', 'changes', 'warnings']);
    expect(json.changes).toHaveLength(4);

    const clean = path.join(dir, 'clean.json');
    fs.writeFileSync(clean, JSON.stringify({ ...recorded(), resource_drift: [] }));
    expect(run(['--plan-json', clean])).toEqual({ code: 0, out: `${DRIFT_MARKER}\n**Drift:** no drift: the target matches the Terraform state.\n` });
  });

  test('input errors name the file, the stack directory or what the document lacks; a missing directory is a bad argument', () => {
    expect(() => run(['--plan-json', path.join(dir, 'missing.json')])).toThrow(new PlanFormatError(`cannot read ${path.join(dir, 'missing.json')}: ENOENT: no such file or directory, open '${path.join(dir, 'missing.json')}'`));
    const state = path.join(dir, 'state.json');
    fs.writeFileSync(state, JSON.stringify({ format_version: '1.0', values: {} }));
    expect(() => run(['--plan-json', state])).toThrow('the input has no "format_version" and "prior_state"');
    const notJson = path.join(dir, 'not.json');
    fs.writeFileSync(notJson, 'Plan: 0 to add');
    expect(() => run(['--plan-json', notJson])).toThrow(/^the plan is not JSON/);
    expect(() => run([path.join(dir, 'nowhere')])).toThrow(new DriftUsageError(`drift: ${path.join(dir, 'nowhere')} is not a directory`));
    const stack = path.join(process.cwd(), 'cdktf.out', 'stacks', 'no-such-stack');
    expect(() => run(['--cdktf', 'no-such-stack'])).toThrow(new PlanFormatError(`${stack}/cdk.tf.json is missing: run \`npx cdktf synth\` first`));
  });

  test('GIVEN a policy whose block rule the drift breaks WHEN drift runs with --policy THEN BLOCK (exit 3) names the rule, the subject and the permission', () => {
    const policy = path.join(__dirname, '..', '..', 'examples', 'github-actions', 'policy.yaml');
    const json = run(['--plan-json', FIXTURE, '--policy', policy, '--format', 'json']);
    expect(json.code).toBe(3);
    const result = JSON.parse(json.out).policy as { decision: string; findings: Array<{ rule: string; severity: string; subject: unknown; permission: string; organization: string }> };
    expect(result.decision).toBe('BLOCK');
    expect(result.findings).toContainEqual(
      expect.objectContaining({ rule: 'no-billing-outside-admins', severity: 'block', subject: { kind: 'directory_group', name: 'Engineering' }, permission: 'billing:manage', organization: 'Acme' }),
    );
    const markdown = run(['--plan-json', FIXTURE, '--policy', policy]);
    expect(markdown.code).toBe(3);
    expect(markdown.out).toContain('**Guardrails: BLOCK**');
    expect(markdown.out).toContain('`no-billing-outside-admins`');
  });

  test('GIVEN a policy with only a warn rule that fires WHEN drift runs with --policy THEN WARN is shown and the exit code stays the drift one (4)', () => {
    const policy = path.join(dir, 'warn.yaml');
    fs.writeFileSync(policy, 'version: 1\nrules:\n  - name: billing-is-watched\n    severity: warn\n    protected:\n      permissions: ["billing:*"]\n');
    const out = run(['--plan-json', FIXTURE, '--policy', policy, '--format', 'json']);
    expect(out.code).toBe(DRIFT_FOUND);
    expect(JSON.parse(out.out).policy.decision).toBe('WARN');
  });

  test('GIVEN a malformed policy file WHEN drift runs with --policy THEN a bad argument naming the field, before any plan is read', () => {
    const policy = path.join(dir, 'bad.yaml');
    fs.writeFileSync(policy, 'version: 1\nrules:\n  - name: x\n    severity: maybe\n    protected:\n      permissions: ["billing:*"]\n');
    expect(() => run(['--plan-json', path.join(dir, 'missing.json'), '--policy', policy])).toThrow(DriftUsageError);
    expect(() => run(['--plan-json', path.join(dir, 'missing.json'), '--policy', policy])).toThrow(/rules\[0\]\.severity/);
  });
});
