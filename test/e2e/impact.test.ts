/**
 * `workos-rbac impact` on plans made by the real terraform CLI against the local control
 * plane: an HCL change and a cdktf app's change (the ladder viewer < editor < admin, two
 * organizations, Okta group mappings; "remove projects:delete from editor, map Admins to
 * editor instead of admin") each give a report that names the organizations, groups and
 * permissions; a plan that changes nothing gives `"changes": []`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startControlPlane } from '../../src/control-plane';
import type { ImpactReport } from '../../src/impact/impact';
import { CLI, installedCliConfig, PROVIDER_HCL, requireBuild, ROOT, runCommand, type RunResult, Workspace } from '../helpers/terraform';

const API_KEY = 'sk_test_impact_e2e_0123456789';
/** Runs the built CLI with `stdin` piped in; no WorkOS credentials in its environment. */
function impact(args: string[], opts: { cwd?: string; stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const env = { ...(opts.env ?? process.env) };
  if (!opts.env) {
    delete env.WORKOS_API_KEY;
    delete env.WORKOS_BASE_URL;
  }
  return runCommand(process.execPath, [CLI, 'impact', ...args], { cwd: opts.cwd ?? ROOT, env, stdin: opts.stdin ?? '' });
}

const hcl = (change: { editorDeletes: boolean; adminsRole: string }) => `${PROVIDER_HCL}
resource "workos_permission" "view" {
  slug = "projects:view"
  name = "View projects"
}
resource "workos_permission" "edit" {
  slug = "projects:edit"
  name = "Edit projects"
}
resource "workos_permission" "delete" {
  slug = "projects:delete"
  name = "Delete projects"
}
resource "workos_permission" "billing" {
  slug = "billing:manage"
  name = "Manage billing"
}
resource "workos_role" "viewer" {
  slug        = "viewer"
  name        = "Viewer"
  permissions = [workos_permission.view.slug]
}
resource "workos_role" "editor" {
  slug        = "editor"
  name        = "Editor"
  permissions = [workos_permission.view.slug, workos_permission.edit.slug${change.editorDeletes ? ', workos_permission.delete.slug' : ''}]
}
resource "workos_role" "admin" {
  slug        = "admin"
  name        = "Admin"
  permissions = [workos_permission.view.slug, workos_permission.edit.slug, workos_permission.delete.slug, workos_permission.billing.slug]
}
resource "workos_role_policy" "environment" {
  priority     = [workos_role.admin.slug, workos_role.editor.slug, workos_role.viewer.slug]
  default_role = workos_role.viewer.slug
}
resource "workos_organization" "acme" {
  name = "Acme"
}
resource "workos_organization" "globex" {
  name = "Globex"
}
resource "workos_directory_group_mapping" "acme_admins" {
  organization_id = workos_organization.acme.id
  group           = "Admins"
  roles           = [workos_role.${change.adminsRole}.slug]
}
resource "workos_directory_group_mapping" "globex_engineering" {
  organization_id = workos_organization.globex.id
  group           = "Engineering"
  roles           = [workos_role.editor.slug]
}
`;

describe('workos-rbac impact', () => {
  const servers: Array<Awaited<ReturnType<typeof startControlPlane>>> = [];
  const cleanup: string[] = [];
  /** A fresh control plane per test: each deploys its own topology. */
  const controlPlane = async () => {
    requireBuild();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-data-'));
    cleanup.push(dataDir);
    const server = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: () => {} });
    servers.push(server);
    return server;
  };

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an HCL change: the report names organizations, groups and permissions; a no-op plan gives no changes', async () => {
    const server = await controlPlane();
    const ws = new Workspace(server.url, API_KEY);
    cleanup.push(ws.dir);
    // GIVEN the ladder deployed
    ws.write({ 'main.tf': hcl({ editorDeletes: true, adminsRole: 'admin' }) });
    await ws.init();
    await ws.apply();

    // WHEN editor loses projects:delete and Admins move from admin to editor
    ws.write({ 'main.tf': hcl({ editorDeletes: false, adminsRole: 'editor' }) });
    await ws.plan();
    const planJson = (await ws.must(['show', '-json', 'tfplan'])).stdout;
    fs.writeFileSync(path.join(ws.dir, 'plan.json'), planJson);

    // THEN the Markdown report (plan from a file) names who loses what, offline
    const md = await impact([path.join(ws.dir, 'plan.json')]);
    expect(md.stderr).toBe('');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('### Acme');
    expect(md.stdout).toContain('### Globex');
    expect(md.stdout).toMatch(/\| directory group "Admins" \| `admin` \| `editor` \| — \| `billing:manage`, `projects:delete` \|/);
    expect(md.stdout).toMatch(/\| directory group "Engineering" \| `editor` \| `editor` \| — \| `projects:delete` \|/);

    // AND the JSON report (plan on stdin) is the contract
    const json = await impact(['-', '--format', 'json'], { stdin: planJson });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as ImpactReport;
    expect(report.changes).toEqual(
      expect.arrayContaining([
        {
          organization: 'Acme',
          subject: { kind: 'directory_group', name: 'Admins' },
          roles: { before: ['admin'], after: ['editor'] },
          permissions: { gained: [], lost: ['billing:manage', 'projects:delete'] },
        },
        {
          organization: 'Globex',
          subject: { kind: 'directory_group', name: 'Engineering' },
          roles: { before: ['editor'], after: ['editor'] },
          permissions: { gained: [], lost: ['projects:delete'] },
        },
      ]),
    );
    expect(report.changes).toHaveLength(2);

    // AND once applied, planning again changes nobody's access
    await ws.apply();
    await ws.plan();
    const noop = await impact(['-', '--format', 'json'], { stdin: (await ws.must(['show', '-json', 'tfplan'])).stdout });
    expect(JSON.parse(noop.stdout)).toEqual({ changes: [], warnings: [] });
    const noopMd = await impact(['-'], { stdin: (await ws.must(['show', '-json', 'tfplan'])).stdout });
    expect(noopMd.stdout).toContain("no change to anyone's access");
  });

  test('a cdktf app change: `impact --cdktf STACK` plans the synthesized stack and reports it', async () => {
    const app = path.join(ROOT, 'dist', 'examples', 'github-actions', 'stack.js');
    if (!fs.existsSync(app)) throw new Error(`${app} is missing: run \`npm run build\` (npm test does it).`);
    const server = await controlPlane();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-impact-cdktf-'));
    cleanup.push(dir);
    const writeApp = (props: string) =>
      fs.writeFileSync(
        path.join(dir, 'main.js'),
        `const { App } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});\nconst { ReviewedRbacStack } = require(${JSON.stringify(app)});\nconst app = new App();\nnew ReviewedRbacStack(app, 'rbac', ${props});\napp.synth();\n`,
      );
    fs.writeFileSync(path.join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', projectId: 'workos-rbac-e2e-impact', sendCrashReports: 'false' }));
    const env = { ...process.env, CI: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: installedCliConfig(), WORKOS_BASE_URL: server.url, WORKOS_API_KEY: API_KEY };
    const cdktf = async (args: string[]) => {
      const r = await runCommand(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), args, { cwd: dir, env });
      if (r.code !== 0) throw new Error(`cdktf ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
    };

    // GIVEN the example synthesized but never deployed: impact initialises the stack itself,
    // and organizations this plan creates (ids unknown) are named
    writeApp('{}');
    await cdktf(['synth']);
    const first = await impact(['--cdktf', 'rbac', '--format', 'json'], { cwd: dir, env });
    expect(first.stderr).toBe('');
    const created = JSON.parse(first.stdout) as ImpactReport;
    expect(created.changes.find((c) => c.organization === 'Globex' && c.subject.name === 'Admins')).toMatchObject({ roles: { before: [], after: ['admin'] } });

    // AND deployed as on main
    await cdktf(['deploy', 'rbac', '--auto-approve']);

    // WHEN a pull request removes projects:delete from editor and maps Admins to editor
    writeApp(`{ editorPermissions: ['projects:view', 'projects:edit'], adminsRole: 'editor' }`);
    await cdktf(['synth']);
    const r = await impact(['--cdktf', 'rbac', '--format', 'json'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ImpactReport;

    // THEN both organizations' Admins and Engineering groups, and Alice on Platform, are named
    const row = (org: string, kind: string, key: string) => report.changes.find((c) => c.organization === org && c.subject.kind === kind && (c.subject.name === key || c.subject.resource === key));
    for (const org of ['Acme', 'Globex']) {
      expect(row(org, 'directory_group', 'Admins')).toMatchObject({ roles: { before: ['admin'], after: ['editor'] } });
      expect(row(org, 'directory_group', 'Admins')!.permissions.lost).toHaveLength(6);
      expect(row(org, 'directory_group', 'Engineering')).toMatchObject({ permissions: { gained: [], lost: ['projects:delete'] } });
      expect(row(org, 'directory_group', 'Everyone')).toBeUndefined();
    }
    expect(row('Globex', 'resource_assignment', 'workspace Platform')).toMatchObject({ subject: { user: 'alice@globex.example' }, permissions: { lost: ['projects:delete'] } });

    // AND the Markdown comment starts as examples/github-actions/README.md shows
    const md = await impact(['--cdktf', 'rbac'], { cwd: dir, env });
    expect(md.code).toBe(0);
    const readme = fs.readFileSync(path.join(ROOT, 'examples', 'github-actions', 'README.md'), 'utf8');
    const sample = /```markdown\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(md.stdout).toContain(sample);
  });

  test('an organization per module instance: objects this plan creates are linked inside their instance', async () => {
    const server = await controlPlane();
    const ws = new Workspace(server.url, API_KEY);
    cleanup.push(ws.dir);
    fs.mkdirSync(path.join(ws.dir, 'org'));
    fs.writeFileSync(
      path.join(ws.dir, 'org', 'main.tf'),
      `terraform {
  required_providers {
    workos = { source = "workos-rbac/workos" }
  }
}
variable "name" {
  type = string
}
variable "admin_role" {
  type = string
}
resource "workos_organization" "this" {
  name = var.name
}
resource "workos_directory_group_mapping" "admins" {
  organization_id = workos_organization.this.id
  group           = "\${var.name} Admins"
  roles           = [var.admin_role]
}
`,
    );
    ws.write({
      'main.tf': `${PROVIDER_HCL}
resource "workos_permission" "delete" {
  slug = "projects:delete"
  name = "Delete projects"
}
resource "workos_role" "admin" {
  slug        = "admin"
  name        = "Admin"
  permissions = [workos_permission.delete.slug]
}
module "org" {
  source     = "./org"
  for_each   = toset(["Acme", "Globex"])
  name       = each.key
  admin_role = workos_role.admin.slug
}
`,
    });
    await ws.init();
    await ws.plan();
    const report = JSON.parse((await impact(['-', '--format', 'json'], { stdin: (await ws.must(['show', '-json', 'tfplan'])).stdout })).stdout) as ImpactReport;
    const groups = report.changes.filter((c) => c.subject.kind === 'directory_group').map((c) => [c.organization, c.subject.name, c.roles.after, c.permissions.gained]);
    expect(groups).toEqual([
      ['Acme', 'Acme Admins', ['admin'], ['projects:delete']],
      ['Globex', 'Globex Admins', ['admin'], ['projects:delete']],
    ]);
  });

  test('--enrich: the target says how many members hold the default role now', async () => {
    const server = await controlPlane();
    const ws = new Workspace(server.url, API_KEY);
    cleanup.push(ws.dir);
    const members = `
resource "workos_user" "carol" {
  email = "carol@acme.example"
}
resource "workos_organization_membership" "carol" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.carol.id
  # created after the default role is viewer, so she gets viewer
  depends_on = [workos_role_policy.environment]
}
`;
    // GIVEN Carol in Acme with no mapping: she has the default role viewer
    ws.write({ 'main.tf': hcl({ editorDeletes: true, adminsRole: 'admin' }) + members });
    await ws.init();
    await ws.apply();
    // WHEN the plan makes editor the default role
    ws.write({ 'main.tf': hcl({ editorDeletes: true, adminsRole: 'admin' }).replace('default_role = workos_role.viewer.slug', 'default_role = workos_role.editor.slug') + members });
    await ws.plan();
    const planJson = (await ws.must(['show', '-json', 'tfplan'])).stdout;
    const env = { ...process.env, WORKOS_BASE_URL: server.url, WORKOS_API_KEY: API_KEY };

    // THEN with --enrich the change of Acme's members with no mapping counts Carol
    const enriched = JSON.parse((await impact(['-', '--format', 'json', '--enrich'], { stdin: planJson, env })).stdout) as ImpactReport;
    const acme = enriched.changes.find((c) => c.organization === 'Acme' && c.subject.kind === 'default_role');
    expect(acme).toEqual({ organization: 'Acme', subject: { kind: 'default_role' }, roles: { before: ['viewer'], after: ['editor'] }, permissions: { gained: ['projects:delete', 'projects:edit'], lost: [] }, members: 1 });
    expect((await impact(['-', '--enrich'], { stdin: planJson, env })).stdout).toContain('| members with no mapping (1 member now) | `viewer` | `editor` |');
    // AND without it nothing asks the target
    const offline = JSON.parse((await impact(['-', '--format', 'json'], { stdin: planJson })).stdout) as ImpactReport;
    expect(offline.changes.find((c) => c.organization === 'Acme' && c.subject.kind === 'default_role')).not.toHaveProperty('members');
    const noKey = await impact(['-', '--enrich'], { stdin: planJson });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('--enrich asks the target: set WORKOS_API_KEY');
  });

  test('bad input: a clear message and exit code 1; bad arguments: usage and exit code 2', async () => {
    const notPlan = await impact(['-'], { stdin: '{"values": {}}' });
    expect(notPlan.code).toBe(1);
    expect(notPlan.stderr).toContain('terraform show -json PLANFILE');
    const noArgs = await impact([]);
    expect(noArgs.code).toBe(2);
    expect(noArgs.stderr).toContain('impact needs PLAN_JSON');
  });
});
