/**
 * `workos-rbac audit` through the built CLI on a plan made by the real terraform CLI against the
 * local control plane, then `--live` on what that plan deployed: both find the unused permission,
 * the idle role and the redundant grants; the live target also shows its built-in `member` role,
 * which no code manages and nothing uses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditReport } from '../../src/audit/findings';
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { CLI, PROVIDER_HCL, requireBuild, runCommand } from '../helpers/terraform';

const HCL = `${PROVIDER_HCL}
resource "workos_permission" "view" {
  slug = "docs:view"
  name = "View docs"
}
resource "workos_permission" "edit" {
  slug = "docs:edit"
  name = "Edit docs"
}
resource "workos_permission" "purge" {
  slug = "docs:purge"
  name = "Purge docs"
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
}
resource "workos_role" "ghost" {
  slug = "ghost"
  name = "Ghost"
}
resource "workos_role_policy" "environment" {
  priority       = [workos_role.editor.slug, workos_role.viewer.slug, workos_role.ghost.slug]
  default_role   = workos_role.viewer.slug
  multiple_roles = true
}
resource "workos_organization" "acme" {
  name = "Acme"
}
resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  group           = "Engineering"
  roles           = [workos_role.editor.slug, workos_role.viewer.slug]
}
resource "workos_user" "alice" {
  email = "alice@acme.example"
}
resource "workos_organization_membership" "alice" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.alice.id
  roles           = [workos_role.editor.slug, workos_role.viewer.slug]
  depends_on      = [workos_role_policy.environment]
}
`;

describe('workos-rbac audit', () => {
  const target = useControlPlaneWorkspace();

  /** The built CLI; WorkOS credentials only where given. */
  const audit = (args: string[], env: Record<string, string> = {}) => {
    const clean = { ...process.env, ...env };
    if (!env.WORKOS_API_KEY) delete clean.WORKOS_API_KEY;
    if (!env.WORKOS_BASE_URL) delete clean.WORKOS_BASE_URL;
    return runCommand(process.execPath, [CLI, 'audit', ...args], { cwd: target.ws.dir, env: clean });
  };

  const redundant = [
    { organization: 'Acme', subject: { kind: 'membership', user: 'alice@acme.example' }, paths: [{ role: 'editor' }, { role: 'viewer' }], permissions: ['docs:view'] },
    { organization: 'Acme', subject: { kind: 'directory_group', name: 'Engineering' }, paths: [{ role: 'editor' }, { role: 'viewer' }], permissions: ['docs:view'] },
  ];

  test('a plan, then the target it deployed: the same findings', async () => {
    requireBuild();
    const { ws } = target;
    // GIVEN a plan that creates the topology (ids unknown until apply)
    ws.write({ 'main.tf': HCL });
    await ws.init();
    await ws.plan();
    fs.writeFileSync(path.join(ws.dir, 'plan.json'), (await ws.must(['show', '-json', 'tfplan'])).stdout);

    // WHEN audited offline
    const offline = await audit(['plan.json', '--format', 'json']);
    expect(offline.stderr).toBe('');
    expect(offline.code).toBe(0);
    const planned = JSON.parse(offline.stdout) as AuditReport;

    // THEN the unused permission, the idle role, the widest subjects and the redundant grants
    expect(planned.unused_permissions).toEqual([{ permission: 'docs:purge' }]);
    expect(planned.idle_roles).toEqual([{ organization: null, role: 'ghost' }]);
    expect(planned.widest_subjects).toEqual([
      { organization: 'Acme', subject: { kind: 'membership', user: 'alice@acme.example' }, roles: ['editor', 'viewer'], permission_count: 2, permissions: ['docs:edit', 'docs:view'] },
      { organization: 'Acme', subject: { kind: 'directory_group', name: 'Engineering' }, roles: ['editor', 'viewer'], permission_count: 2, permissions: ['docs:edit', 'docs:view'] },
      { organization: null, subject: { kind: 'default_role' }, roles: ['viewer'], permission_count: 1, permissions: ['docs:view'] },
    ]);
    expect(planned.redundant_grants).toEqual(redundant);

    // AND --fail-on exits 3 after printing the Markdown report
    const failing = await audit(['plan.json', '--fail-on', 'redundant_grants']);
    expect(failing.code).toBe(3);
    expect(failing.stdout).toContain('| Acme | directory group "Engineering" | `docs:view` | role `editor`, role `viewer` |');

    // WHEN applied and audited live
    await ws.apply();
    const live = await audit(['--live', '--format', 'json'], { WORKOS_API_KEY: target.apiKey, WORKOS_BASE_URL: target.url });
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    const deployed = JSON.parse(live.stdout) as AuditReport;

    // THEN the same findings, plus the target's built-in member role: no longer the default, used by nothing
    expect(deployed.unused_permissions).toEqual(planned.unused_permissions);
    expect(deployed.idle_roles).toEqual([{ organization: null, role: 'ghost' }, { organization: null, role: 'member' }]);
    expect(deployed.widest_subjects).toEqual(planned.widest_subjects);
    expect(deployed.redundant_grants).toEqual(redundant);
  });

  test('bad input: exit 1 names the file, exit 2 names the argument', async () => {
    fs.writeFileSync(path.join(target.ws.dir, 'state.json'), '{"format_version": "1.0", "values": {}}');
    const notPlan = await audit(['state.json']);
    expect(notPlan.code).toBe(1);
    expect(notPlan.stderr).toContain('workos-rbac: state.json: the input has no "format_version" and "resource_changes"');
    const badTop = await audit(['state.json', '--top', 'many']);
    expect(badTop.code).toBe(2);
    expect(badTop.stderr).toContain('workos-rbac: --top must be a positive whole number, not "many"');
  });
});
