#!/usr/bin/env node
// `npm run generate:impact`: regenerates test/fixtures/impact/ from real terraform runs.
// Starts the local control plane, applies a base topology (two organizations, a
// viewer < editor < admin ladder, Okta group mappings, Alice's resource assignments), then
// plans each change against that state and saves `terraform show -json` of the plan with
// ids and timestamps normalised, plus the impact report as Markdown and JSON (the goldens
// test/unit/impact-golden.test.ts compares against), and after the outside change a
// refresh-only plan into test/fixtures/drift/. Review the goldens' diff before committing.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dist = (p) => path.join(root, 'dist', p);
if (!fs.existsSync(dist('provider/provider.js'))) {
  console.error('generate-impact-fixtures: dist/ is missing: run `npm run build` first.');
  process.exit(1);
}
const { startControlPlane } = require(dist('src/control-plane/index.js'));
const { installProvider } = require(dist('src/install/provider-install.js'));
const { computeImpact } = require(dist('src/impact/impact.js'));
const { renderMarkdown } = require(dist('src/impact/render.js'));

const outDir = path.join(root, 'test', 'fixtures', 'impact');
const API_KEY = 'sk_test_impact_fixtures_0123456789';

/** The base topology; `change` edits it for one scenario. */
function config(change = {}) {
  const c = {
    editor: ['projects:view', 'projects:edit', 'projects:delete'],
    adminsRole: 'admin',
    engineeringRole: 'editor',
    priority: ['admin', 'editor', 'viewer'],
    defaultRole: 'viewer',
    editorSlug: 'editor',
    contractors: true,
    auditor: true,
    auditorWaits: true,
    policy: true,
    platformAssignment: true,
    backendAssignment: true,
    ...change,
  };
  const ref = (slug) => (slug === c.editorSlug ? 'workos_role.editor.slug' : `workos_role.${slug}.slug`);
  const perms = ['projects:view', 'projects:edit', 'projects:delete', 'members:invite', 'members:remove', 'billing:manage', 'settings:manage', 'audit:view'];
  const pid = (p) => `workos_permission.${p.replace(':', '_')}.slug`;
  return `terraform {
  required_providers {
    workos = { source = "workos-rbac/workos" }
  }
}

provider "workos" {}
${perms.map((p) => `
resource "workos_permission" "${p.replace(':', '_')}" {
  slug = "${p}"
  name = "${p}"
}
`).join('')}
resource "workos_role" "viewer" {
  slug        = "viewer"
  name        = "Viewer"
  permissions = [${pid('projects:view')}]
}

resource "workos_role" "editor" {
  slug        = "${c.editorSlug}"
  name        = "Editor"
  permissions = [${c.editor.map(pid).join(', ')}]
}

resource "workos_role" "admin" {
  slug        = "admin"
  name        = "Admin"
  permissions = [${perms.filter((p) => p !== 'audit:view').map(pid).join(', ')}]
}

${c.policy ? `resource "workos_role_policy" "environment" {
  priority     = [${c.priority.map(ref).join(', ')}]
  default_role = ${ref(c.defaultRole)}
}
` : ''}
resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_organization" "globex" {
  name = "Globex"
}

resource "workos_directory_group_mapping" "acme_engineering" {
  organization_id = workos_organization.acme.id
  group           = "Engineering"
  roles           = [${ref(c.engineeringRole)}]
}

resource "workos_directory_group_mapping" "acme_admins" {
  organization_id = workos_organization.acme.id
  group           = "Admins"
  roles           = [${ref(c.adminsRole)}]
}

resource "workos_attribute_mapping" "acme_role_attribute" {
  organization_id = workos_organization.acme.id
  attribute       = "myRole"
  value           = "viewer"
  roles           = [workos_role.viewer.slug]
}

resource "workos_directory_group_mapping" "globex_engineering" {
  organization_id = workos_organization.globex.id
  group           = "Engineering"
  roles           = [${ref(c.engineeringRole)}]
}

${c.auditor ? `# Globex's first custom role gives it its own copy of the environment policy: it waits for
# the environment policy so that copy is the one above.
resource "workos_organization_role" "globex_auditor" {
  organization_id = workos_organization.globex.id
  slug            = "org-auditor"
  name            = "Auditor"
  permissions     = [${pid('audit:view')}, ${pid('projects:view')}]
${c.auditorWaits && c.policy ? '  depends_on      = [workos_role_policy.environment]\n' : ''}}

resource "workos_directory_group_mapping" "globex_auditors" {
  organization_id = workos_organization.globex.id
  group           = "Auditors"
  roles           = [workos_organization_role.globex_auditor.slug]
}
` : ''}${c.contractors ? `
resource "workos_sso_group_mapping" "globex_contractors" {
  organization_id = workos_organization.globex.id
  group           = "Contractors"
  roles           = [${ref('editor')}]
}
` : ''}
resource "workos_user" "alice" {
  email = "alice@globex.example"
}

resource "workos_user" "bob" {
  email = "bob@acme.example"
}

resource "workos_organization_membership" "alice_globex" {
  organization_id = workos_organization.globex.id
  user_id         = workos_user.alice.id
}

resource "workos_organization_membership" "bob_acme" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.bob.id
  roles           = [workos_role.viewer.slug]
}

resource "workos_resource_type" "workspace" {
  slug = "workspace"
  name = "Workspace"
}

resource "workos_resource_type" "project" {
  slug         = "project"
  name         = "Project"
  parent_types = [workos_resource_type.workspace.slug]
}

resource "workos_resource" "platform" {
  organization_id    = workos_organization.globex.id
  resource_type_slug = workos_resource_type.workspace.slug
  external_id        = "platform"
  name               = "Platform"
}

resource "workos_resource" "api_backend" {
  organization_id    = workos_organization.globex.id
  resource_type_slug = workos_resource_type.project.slug
  external_id        = "api-backend"
  name               = "API Backend"
  parent_id          = workos_resource.platform.id
}
${c.platformAssignment ? `
resource "workos_resource_assignment" "alice_platform" {
  organization_membership_id = workos_organization_membership.alice_globex.id
  role_slug                  = ${ref('editor')}
  resource_id                = workos_resource.platform.id
}
` : ''}${c.backendAssignment ? `
resource "workos_resource_assignment" "alice_api_backend" {
  organization_membership_id = workos_organization_membership.alice_globex.id
  role_slug                  = workos_role.admin.slug
  resource_id                = workos_resource.api_backend.id
}
` : ''}`;
}

/** Each scenario: the change planned against the applied base (`fresh`: against nothing). */
const SCENARIOS = [
  ['create', { fresh: true }],
  ['create-unordered', { fresh: true, auditorWaits: false }],
  ['update', { editor: ['projects:view', 'projects:edit'], adminsRole: 'editor' }],
  ['delete', { contractors: false, auditor: false }],
  ['replace', { editorSlug: 'contributor' }],
  ['priority-reorder', { priority: ['editor', 'admin', 'viewer'] }],
  ['mapping-moved', { engineeringRole: 'viewer' }],
  ['default-role-change', { defaultRole: 'editor' }],
  ['assignment-removed', { platformAssignment: false }],
  ['policy-removed', { policy: false }],
  ['no-op', {}],
];

/** Asynchronous: the control plane runs in this process and must keep answering the provider. */
function tf(dir, env, args) {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, '-no-color'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`terraform ${args.join(' ')} exited ${code}\n${stdout}\n${stderr}`))));
  });
}

/** Stable placeholders for ids and timestamps, numbered by first appearance. */
function normalise(text) {
  const seen = new Map();
  return text
    .replace(/\b(perm|role_mapping|role_assignment|role|org|user|om|authz_resource)_[0-9A-HJKMNP-TV-Z]{26}\b/g, (id, prefix) => {
      if (!seen.has(id)) seen.set(id, `${prefix}_${String([...seen.keys()].filter((k) => k.startsWith(`${prefix}_`)).length + 1).padStart(26, '0')}`);
      return seen.get(id);
    })
    .replace(/"timestamp": ?"[^"]*"/g, '"timestamp":"2026-01-01T00:00:00Z"');
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-impact-data-'));
  const server = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: () => {} });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-impact-'));
  try {
    const cliConfig = installProvider(path.join(work, 'install')).cliConfigFile;
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', WORKOS_BASE_URL: server.url, WORKOS_API_KEY: API_KEY };
    const dir = path.join(work, 'stack');
    fs.mkdirSync(dir);
    fs.mkdirSync(outDir, { recursive: true });
    const write = (name, planText) => {
      const plan = JSON.parse(normalise(planText));
      // Terraform lists these in no stable order.
      plan.relevant_attributes?.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      fs.writeFileSync(path.join(outDir, `${name}.plan.json`), `${JSON.stringify(plan, null, 1)}\n`);
      const report = computeImpact(plan);
      fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
      fs.writeFileSync(path.join(outDir, `${name}.md`), renderMarkdown(report));
      console.log(`${name}: ${report.changes.length} changes, ${report.warnings.length} warnings`);
    };
    const planAs = async (name, text) => {
      fs.writeFileSync(path.join(dir, 'main.tf'), text);
      await tf(dir, env, ['plan', '-input=false', '-out=tfplan']);
      write(name, await tf(dir, env, ['show', '-json', 'tfplan']));
    };
    fs.writeFileSync(path.join(dir, 'main.tf'), config());
    await tf(dir, env, ['init', '-input=false']);
    for (const [name, change] of SCENARIOS.filter(([, c]) => c.fresh)) await planAs(name, config(change));
    fs.writeFileSync(path.join(dir, 'main.tf'), config());
    await tf(dir, env, ['apply', '-input=false', '-auto-approve']);
    for (const [name, change] of SCENARIOS.filter(([, c]) => !c.fresh)) await planAs(name, config(change));
    // Outside Terraform, someone gives editor billing:manage; the authoritative set removes it.
    const res = await fetch(`${server.url}/authorization/roles/editor/permissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'billing:manage' }),
    });
    if (!res.ok) throw new Error(`adding a permission outside Terraform failed: ${res.status} ${await res.text()}`);
    await planAs('outside-change', config());
    // The same change as `workos-rbac drift` reads it: a refresh-only plan (test/unit/drift.test.ts).
    await tf(dir, env, ['plan', '-refresh-only', '-input=false', '-out=tfplan']);
    const refreshOnly = JSON.parse(normalise(await tf(dir, env, ['show', '-json', 'tfplan'])));
    refreshOnly.relevant_attributes?.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    fs.mkdirSync(path.join(outDir, '..', 'drift'), { recursive: true });
    fs.writeFileSync(path.join(outDir, '..', 'drift', 'role-permission-added.plan.json'), `${JSON.stringify(refreshOnly, null, 1)}\n`);
  } finally {
    await server.close();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
