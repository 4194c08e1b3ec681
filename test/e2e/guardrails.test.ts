/**
 * Guardrails on plans made by the real terraform CLI against the local control plane
 * (README, "Guardrails: `impact --policy`"): a ladder viewer < editor < admin with Acme's
 * directory groups mapped to it is deployed; a change that gives editor `billing:manage` is
 * BLOCKed (exit 3) naming rule, subject and permission; a change that only removes
 * `projects:delete` from editor is ALLOWed (exit 0), and a warn rule on it gives WARN, exit 0;
 * a malformed policy exits 2 naming the field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { CLI, PROVIDER_HCL, requireBuild, runCommand } from '../helpers/terraform';

const hcl = (editor: string[]) => `${PROVIDER_HCL}
locals {
  slugs = ["projects:view", "projects:edit", "projects:delete", "billing:manage"]
}
resource "workos_permission" "p" {
  for_each = toset(local.slugs)
  slug     = each.value
  name     = each.value
}
resource "workos_role" "viewer" {
  slug        = "viewer"
  name        = "Viewer"
  permissions = [workos_permission.p["projects:view"].slug]
}
resource "workos_role" "editor" {
  slug        = "editor"
  name        = "Editor"
  permissions = [${editor.map((s) => `workos_permission.p["${s}"].slug`).join(', ')}]
}
resource "workos_role" "admin" {
  slug        = "admin"
  name        = "Admin"
  permissions = [for p in workos_permission.p : p.slug]
}
resource "workos_role_policy" "environment" {
  priority     = [workos_role.admin.slug, workos_role.editor.slug, workos_role.viewer.slug]
  default_role = workos_role.viewer.slug
}
resource "workos_organization" "acme" {
  name = "Acme"
}
resource "workos_directory_group_mapping" "admins" {
  organization_id = workos_organization.acme.id
  group           = "Admins"
  roles           = [workos_role.admin.slug]
}
resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  group           = "Engineering"
  roles           = [workos_role.editor.slug]
}
`;

const BLOCKING = `version: 1
rules:
  - name: no-billing-outside-admins
    severity: block
    only:
      permissions: ["billing:manage"]
      subjects: [{ kind: directory_group, name: Admins }]
  - name: default-role-never-deletes
    severity: block
    never:
      permissions: ["*:delete"]
      subjects: [{ kind: default_role }]
`;
const WARNING = `version: 1
rules:
  - name: deletes-need-a-second-approval
    severity: warn
    protected:
      permissions: ["*:delete"]
`;

describe('workos-rbac impact --policy on real plans', () => {
  const cp = useControlPlaneWorkspace();
  const run = (args: string[]) => {
    const env = { ...process.env };
    delete env.WORKOS_API_KEY;
    delete env.WORKOS_BASE_URL;
    return runCommand(process.execPath, [CLI, 'impact', ...args], { cwd: cp.ws.dir, env });
  };
  /** Plans `main.tf` for the given editor permissions; returns the plan JSON's path. */
  const planFor = async (editor: string[], name: string) => {
    cp.ws.write({ 'main.tf': hcl(editor) });
    await cp.ws.plan();
    fs.writeFileSync(path.join(cp.ws.dir, name), (await cp.ws.must(['show', '-json', 'tfplan'])).stdout);
    return path.join(cp.ws.dir, name);
  };

  beforeAll(async () => {
    requireBuild();
    // GIVEN the ladder deployed: editor views, edits and deletes projects
    cp.ws.write({ 'main.tf': hcl(['projects:view', 'projects:edit', 'projects:delete']), 'block.yaml': BLOCKING, 'warn.yaml': WARNING });
    await cp.ws.init();
    await cp.ws.apply();
  });

  test('a change giving editor billing:manage is BLOCKed, naming rule, subject and permission; exit 3', async () => {
    // WHEN a change adds billing:manage to editor
    const plan = await planFor(['projects:view', 'projects:edit', 'projects:delete', 'billing:manage'], 'violating.json');

    // THEN the Markdown report ends with the decision, and the job fails
    const md = await run([plan, '--policy', 'block.yaml']);
    expect(md.stderr).toBe('');
    expect(md.code).toBe(3);
    expect(md.stdout).toMatch(/\| directory group "Engineering" \| `editor` \| `editor` \| `billing:manage` \| — \|/);
    expect(md.stdout.endsWith('### Guardrails\n\n**Guardrails: BLOCK** — rule `no-billing-outside-admins`: directory group "Engineering" in Acme would hold `billing:manage`\n')).toBe(true);

    // AND the JSON report carries the same decision and finding
    const json = await run([plan, '--policy', 'block.yaml', '--format', 'json']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).policy).toEqual({
      decision: 'BLOCK',
      findings: [
        {
          rule: 'no-billing-outside-admins',
          severity: 'block',
          subject: { kind: 'directory_group', name: 'Engineering' },
          permission: 'billing:manage',
          organization: 'Acme',
          message: 'directory group "Engineering" in Acme would hold `billing:manage`',
        },
      ],
    });

    // AND without --policy the same plan prints the plain report, exit 0
    const plain = await run([plan, '--format', 'json']);
    expect(plain.code).toBe(0);
    expect(Object.keys(JSON.parse(plain.stdout))).toEqual(['changes', 'warnings']);
  });

  test('a compliant change is ALLOWed (exit 0); a warn rule on it gives WARN and exit 0', async () => {
    // WHEN a change removes projects:delete from editor
    const plan = await planFor(['projects:view', 'projects:edit'], 'compliant.json');

    // THEN the block rules allow it
    const allowed = await run([plan, '--policy', 'block.yaml', '--format', 'json']);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).policy).toEqual({ decision: 'ALLOW', findings: [] });

    // AND the warn rule names the loss without failing the job
    const warned = await run([plan, '--policy', 'warn.yaml']);
    expect(warned.stderr).toBe('');
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain(
      '**Guardrails: WARN** — rule `deletes-need-a-second-approval`: directory group "Engineering" in Acme loses `projects:delete`, a protected permission: a second approval is needed\n',
    );
  });

  test('a malformed policy file exits 2 naming file and field, without reading the plan', async () => {
    cp.ws.write({ 'bad.yaml': 'version: 1\nrules:\n  - name: x\n    severity: block\n    never: { permissions: ["Billing Manage"] }\n' });
    const r = await run(['no-such-plan.json', '--policy', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^workos-rbac: bad\.yaml: rules\[0\]\.never\.permissions\[0\]: must be a permission slug or pattern/);
  });
});
