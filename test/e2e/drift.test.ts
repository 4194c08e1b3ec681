/**
 * `workos-rbac drift` through the real terraform CLI against the local control plane: a role
 * with permissions, a directory group mapped to it and a member holding it are applied; with
 * no change outside Terraform the command says "no drift" and exits 0; after an API call adds
 * `billing:manage` to the role it reports the role, the permission and every subject that
 * gained it (the mapped group, the member), and exits 4; with a policy whose block rule the
 * drift breaks, exits 3 naming the rule. Bad arguments exit 2, a failing terraform 1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DriftReport } from '../../src/impact/drift';
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { CLI, PROVIDER_HCL, requireBuild, runCommand, type RunResult } from '../helpers/terraform';

const HCL = `${PROVIDER_HCL}
resource "workos_permission" "view" {
  slug = "projects:view"
  name = "View projects"
}
resource "workos_permission" "edit" {
  slug = "projects:edit"
  name = "Edit projects"
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
  permissions = [workos_permission.view.slug, workos_permission.edit.slug]
  # billing:manage exists, but no role of this code grants it.
  depends_on = [workos_permission.billing]
}
resource "workos_role_policy" "environment" {
  priority     = [workos_role.editor.slug, workos_role.viewer.slug]
  default_role = workos_role.viewer.slug
}
resource "workos_organization" "acme" {
  name = "Acme"
}
resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  group           = "Engineering"
  roles           = [workos_role.editor.slug]
}
resource "workos_user" "alice" {
  email = "alice@acme.example"
}
resource "workos_organization_membership" "alice" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.alice.id
  roles           = [workos_role.editor.slug]
}
`;

describe('workos-rbac drift', () => {
  const h = useControlPlaneWorkspace();

  /** The built CLI in the workspace, with the provider's settings (it runs terraform plan -refresh-only); `stdin` piped in. */
  const drift = (args: string[], stdin = ''): Promise<RunResult> => runCommand(process.execPath, [CLI, 'drift', ...args], { cwd: h.ws.dir, env: h.ws.env(), stdin });

  beforeAll(async () => {
    requireBuild();
    h.ws.write({ 'main.tf': HCL });
    await h.ws.init();
    await h.ws.apply();
  });

  test('no change outside Terraform: "no drift", exit 0', async () => {
    const r = await drift(['.']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('<!-- workos-rbac drift -->\n**Drift:** no drift: the target matches the Terraform state.\n');
    expect(r.code).toBe(0);
  });

  test('an API call adds billing:manage to editor: the role, the permission and everyone who gained it; exit 4', async () => {
    // GIVEN a permission added outside Terraform
    await h.client.roles.addPermission('editor', 'billing:manage');

    // WHEN drift runs terraform plan -refresh-only in the workspace
    const md = await drift([h.ws.dir]);

    // THEN the Markdown names the role, the attribute, the permission and each subject holding the role
    expect(md.stderr).toBe('');
    expect(md.code).toBe(4);
    expect(md.stdout).toContain('**Drift:** 1 object changed outside Terraform since the last apply.');
    expect(md.stdout).toContain('| `workos_role.editor` | permissions | `projects:edit`, `projects:view` | `billing:manage`, `projects:edit`, `projects:view` | +`billing:manage` |');
    expect(md.stdout).toContain('**Access impact:** 2 subjects change access in Acme.');
    expect(md.stdout).toContain('| directory group "Engineering" | `editor` | `editor` | `billing:manage` | — |');
    expect(md.stdout).toContain('| alice@acme.example (explicit roles) | `editor` | `editor` | `billing:manage` | — |');

    // AND the JSON of the same refresh-only plan (read from stdin) is the contract
    const show = await h.ws.must(['show', '-json', 'workos-rbac-drift.tfplan']);
    const json = await drift(['--plan-json', '-', '--format', 'json'], show.stdout);
    expect(json.code).toBe(4);
    const report = JSON.parse(json.stdout) as DriftReport;
    expect(report.drift).toEqual([
      {
        address: 'workos_role.editor',
        type: 'workos_role',
        action: 'update',
        changed: { permissions: { before: ['projects:edit', 'projects:view'], after: ['billing:manage', 'projects:edit', 'projects:view'] } },
      },
    ]);
    const gained = (subject: object) => ({ organization: 'Acme', subject, roles: { before: ['editor'], after: ['editor'] }, permissions: { gained: ['billing:manage'], lost: [] } });
    expect(report.changes).toEqual([gained({ kind: 'directory_group', name: 'Engineering' }), gained({ kind: 'membership', user: 'alice@acme.example' })]);
    expect(report.warnings).toEqual([]);

    // AND the refresh-only plan wrote no state: Terraform still records the code's permissions
    const editor = h.ws.state().resources.find((r) => r.type === 'workos_role' && r.name === 'editor')!;
    expect(editor.instances[0]!.attributes.permissions).toEqual(['projects:edit', 'projects:view']);
  });

  test('with --policy: the drift breaks a block rule, so BLOCK names the rule, the subjects and the permission; exit 3', async () => {
    // GIVEN (after the previous test) editor grants billing:manage outside Terraform, and a policy keeping it to Admins
    fs.writeFileSync(
      path.join(h.ws.dir, 'policy.yaml'),
      'version: 1\nrules:\n  - name: billing-only-for-admins\n    severity: block\n    only:\n      permissions: ["billing:manage"]\n      subjects: [{ kind: directory_group, name: Admins }]\n',
    );
    // WHEN drift runs with the policy
    const r = await drift([h.ws.dir, '--policy', 'policy.yaml']);
    // THEN the guardrails section blocks, naming the rule, each subject and the permission
    expect(r.stderr).toBe('');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('**Guardrails: BLOCK**');
    expect(r.stdout).toContain('rule `billing-only-for-admins`: directory group "Engineering" in Acme would hold `billing:manage`');
    expect(r.stdout).toContain('alice@acme.example');
  });

  test('bad arguments exit 2 with the usage; a terraform failure exits 1 naming the directory', async () => {
    const bad = await drift(['--format', 'html']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('workos-rbac: --format must be markdown or json, not "html"');
    expect(bad.stderr).toContain('workos-rbac drift [DIR | --cdktf STACK');

    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-drift-empty-'));
    try {
      const failed = await drift([empty]);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe('');
      expect(failed.stderr).toContain(`workos-rbac: terraform plan failed in ${empty}:`);
      expect(failed.stderr).toContain('No configuration files');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
