/**
 * The previews through the real terraform CLI, plain HCL, against the local control plane:
 * data "workos_effective_roles" (the "test mapped attributes" feature) with multiple-roles
 * mode off and on, data "workos_access_check" allowed and denied, and `workos-rbac resolve`
 * against the same control plane. The worked example of docs/semantics.md: Alice gets her
 * organization role from IdP group "Engineering" and project access from assignments.
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { CLI, PROVIDER_HCL, ROOT, runCommand } from '../helpers/terraform';
import { flat } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_preview_0123456789';

// Everything the preview reads: a data source waits for these (depends_on takes whole objects only).
const TOPOLOGY = [
  'workos_role_policy.acme',
  'workos_directory_group_mapping.engineering',
  'workos_directory_group_mapping.everyone',
  'workos_directory_group_mapping.oncall',
  'workos_sso_group_mapping.admins',
].join(', ');

const config = (o: { multipleRoles: boolean; checkBadRef?: boolean }) => `
${PROVIDER_HCL}
resource "workos_permission" "projects_view" {
  slug = "projects:view"
  name = "View projects"
}

resource "workos_permission" "projects_edit" {
  slug = "projects:edit"
  name = "Edit projects"
}

resource "workos_role" "admin" {
  slug = "admin"
  name = "Admin"
}

resource "workos_role" "developer" {
  slug = "developer"
  name = "Developer"
}

resource "workos_role" "viewer" {
  slug        = "viewer"
  name        = "Viewer"
  permissions = [workos_permission.projects_view.slug]
}

resource "workos_role" "project_editor" {
  slug        = "project-editor"
  name        = "Project editor"
  permissions = [workos_permission.projects_edit.slug, workos_permission.projects_view.slug]
}

resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_organization_role" "oncall" {
  organization_id = workos_organization.acme.id
  slug            = "org-oncall"
  name            = "On-call"
}

resource "workos_role_policy" "acme" {
  organization_id = workos_organization.acme.id
  priority        = [workos_role.admin.slug, workos_role.developer.slug, workos_role.viewer.slug]
  multiple_roles  = ${o.multipleRoles}
  # An organization has its own policy once it has a custom role.
  depends_on = [workos_organization_role.oncall]
}

resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  group           = "Engineering"
  roles           = [workos_role.developer.slug]
}

resource "workos_directory_group_mapping" "everyone" {
  organization_id = workos_organization.acme.id
  group           = "Everyone"
  roles           = [workos_role.viewer.slug]
}

resource "workos_directory_group_mapping" "oncall" {
  organization_id = workos_organization.acme.id
  group           = "On-call"
  roles           = [workos_organization_role.oncall.slug]
  mode            = "additive"
}

resource "workos_sso_group_mapping" "admins" {
  organization_id = workos_organization.acme.id
  group           = "Admins"
  roles           = [workos_role.admin.slug]
}

data "workos_effective_roles" "alice" {
  organization_id  = workos_organization.acme.id
  directory_groups = ["Engineering", "Everyone", "On-call"]
  sso_groups       = ["Admins"]
  depends_on       = [${TOPOLOGY}]
}

data "workos_effective_roles" "sso_only" {
  organization_id = workos_organization.acme.id
  sso_groups      = ["Admins"]
  depends_on      = [${TOPOLOGY}]
}

data "workos_effective_roles" "nobody" {
  organization_id = workos_organization.acme.id
  depends_on      = [${TOPOLOGY}]
}

# Access: Alice (viewer in the organization) edits project "api" through an assignment on
# its parent workspace "platform"; Bob (viewer only) may view but not edit.
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
  organization_id    = workos_organization.acme.id
  resource_type_slug = workos_resource_type.workspace.slug
  external_id        = "platform"
  name               = "Platform"
}

resource "workos_resource" "api" {
  organization_id    = workos_organization.acme.id
  resource_type_slug = workos_resource_type.project.slug
  external_id        = "api"
  name               = "API Backend"
  parent_id          = workos_resource.platform.id
}

resource "workos_user" "alice" {
  email = "alice@example.com"
}

resource "workos_user" "bob" {
  email = "bob@example.com"
}

resource "workos_organization_membership" "alice" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.alice.id
  roles           = [workos_role.viewer.slug]
}

resource "workos_organization_membership" "bob" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.bob.id
  roles           = [workos_role.viewer.slug]
}

resource "workos_resource_assignment" "alice_platform" {
  organization_membership_id = workos_organization_membership.alice.id
  role_slug                  = workos_role.project_editor.slug
  resource_id                = workos_resource.platform.id
}

data "workos_access_check" "alice_edits_api" {
  organization_membership_id = workos_organization_membership.alice.id
  permission_slug            = workos_permission.projects_edit.slug
  resource_type_slug         = "project"
  resource_external_id       = workos_resource.api.external_id
  depends_on                 = [workos_resource_assignment.alice_platform]
}

data "workos_access_check" "bob_edits_api" {
  organization_membership_id = workos_organization_membership.bob.id
  permission_slug            = workos_permission.projects_edit.slug
  resource_id                = workos_resource.api.id
  depends_on                 = [workos_resource_assignment.alice_platform]
}

data "workos_access_check" "bob_views_api" {
  organization_membership_id = workos_organization_membership.bob.id
  permission_slug            = workos_permission.projects_view.slug
  resource_id                = workos_resource.api.id
}
${
  o.checkBadRef
    ? `
data "workos_access_check" "bad" {
  organization_membership_id = workos_organization_membership.bob.id
  permission_slug            = "projects:view"
  resource_id                = workos_resource.api.id
  resource_type_slug         = "project"
}

data "workos_access_check" "half" {
  organization_membership_id = workos_organization_membership.bob.id
  permission_slug            = "projects:view"
  resource_type_slug         = "project"
}
`
    : ''
}
output "alice" { value = data.workos_effective_roles.alice }
output "sso_only" { value = data.workos_effective_roles.sso_only }
output "nobody" { value = data.workos_effective_roles.nobody }
output "alice_edits_api" { value = data.workos_access_check.alice_edits_api }
output "bob_edits_api" { value = data.workos_access_check.bob_edits_api }
output "bob_views_api" { value = data.workos_access_check.bob_views_api }
`;

interface EffectiveRoles {
  roles: string[];
  reasons: string[];
}
interface AccessCheck {
  allowed: boolean;
  reason: string;
}

describe('effective roles and access checks through terraform', () => {
  const target = useControlPlaneWorkspace({ apiKey: API_KEY });

  const outputs = async () => {
    const out = JSON.parse((await target.ws.must(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.value])) as {
      alice: EffectiveRoles;
      sso_only: EffectiveRoles;
      nobody: EffectiveRoles;
      alice_edits_api: AccessCheck;
      bob_edits_api: AccessCheck;
      bob_views_api: AccessCheck;
    };
  };
  const orgId = () => target.ws.state().resources.find((r) => r.type === 'workos_organization')!.instances[0]!.attributes.id as string;

  test('multiple-roles mode off: directory mappings win, the highest-priority exclusive role is kept, additive roles too', async () => {
    target.ws.write({ 'main.tf': config({ multipleRoles: false }) });
    await target.ws.init();
    await target.ws.apply();
    const { alice, sso_only, nobody } = await outputs();
    expect(alice.roles).toEqual(['developer', 'org-oncall']);
    // One line per role: `role: <the mapping, by group and role> (<rule>)`.
    expect(alice.reasons).toEqual([
      'developer: directory group "Engineering" → developer (highest priority among exclusive matches (directory mappings take precedence))',
      expect.stringMatching(/^org-oncall: directory group "On-call" → org-oncall \(additive role: always kept/),
    ]);
    expect(sso_only.roles).toEqual(['admin']);
    expect(sso_only.reasons).toEqual(['admin: SSO group "Admins" → admin (highest priority among exclusive matches (no directory mapping matched))']);
    const defaultRole = (await target.client.rolePolicy.get(orgId())).defaultRole;
    expect(nobody).toMatchObject({ roles: [defaultRole], reasons: [`${defaultRole}: no mapping matched (default role)`] });

    // Nothing pending: the plan reads the data sources itself and is empty.
    const { changes, text } = await target.ws.plan();
    expect(changes).toEqual({});
    expect(text).toMatch(/No changes/);
  });

  test('multiple-roles mode on: the plan defers the preview to the policy change; then every mapped role is kept', async () => {
    target.ws.write({ 'main.tf': config({ multipleRoles: true }) });
    const { changes, text } = await target.ws.plan();
    expect(changes).toEqual({
      'workos_role_policy.acme': ['update'],
      'data.workos_effective_roles.alice': ['read'],
      'data.workos_effective_roles.sso_only': ['read'],
      'data.workos_effective_roles.nobody': ['read'],
    });
    expect(text).toMatch(/data\.workos_effective_roles\.alice will be read during apply/);
    await target.ws.apply();
    const { alice, sso_only } = await outputs();
    expect(alice.roles).toEqual(['developer', 'viewer', 'org-oncall']);
    expect(alice.reasons).toEqual([
      expect.stringMatching(/^developer: .*directory group "Engineering".* \(additive role: always kept/),
      expect.stringMatching(/^viewer: .*directory group "Everyone".* \(additive role: always kept/),
      expect.stringMatching(/^org-oncall: .*directory group "On-call".* \(additive role: always kept/),
    ]);
    expect(sso_only.roles).toEqual(['admin']);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('access checks: allowed through an assignment on the parent, denied without one', async () => {
    const { alice_edits_api, bob_edits_api, bob_views_api } = await outputs();
    expect(alice_edits_api.allowed).toBe(true);
    expect(alice_edits_api.reason).toBe('allowed: role "project-editor" on workspace "platform", an ancestor of project "api" grants "projects:edit"');
    expect(bob_edits_api.allowed).toBe(false);
    expect(bob_edits_api.reason).toMatch(/^denied: no role of om_\S+ grants "projects:edit" on project "api" or its ancestors \(roles held: "viewer" \(organization\)\)$/);
    expect(bob_views_api).toEqual({ ...bob_views_api, allowed: true, reason: 'allowed: organization role "viewer" grants "projects:view" everywhere in the organization' });
  });

  test('an access check naming the resource twice, or half, is rejected at validate, naming the attribute', async () => {
    target.ws.write({ 'main.tf': config({ multipleRoles: true, checkBadRef: true }) });
    const validate = await target.ws.tf(['validate']);
    expect(validate.code).toBe(1);
    const text = flat(validate.stderr);
    expect(text).toMatch(/Conflicting resource references.*data\.workos_access_check\.bad/);
    expect(text).toMatch(/with data\.workos_access_check\.bad, on main\.tf line \d+, in data "workos_access_check" "bad": \d+: resource_id/);
    expect(text).toMatch(/Missing "resource_external_id".*data\.workos_access_check\.half/);
    target.ws.write({ 'main.tf': config({ multipleRoles: true }) });
  });

  test('workos-rbac resolve prints the same answer as a table, or as JSON', async () => {
    const env = { ...process.env, WORKOS_BASE_URL: target.url, WORKOS_API_KEY: API_KEY };
    const args = [CLI, 'resolve', '--organization', orgId(), '--directory-group', 'Engineering', '--directory-group', 'Everyone', '--sso-group', 'Admins'];

    const table = await runCommand(process.execPath, args, { cwd: ROOT, env });
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe('roles: developer, viewer');
    expect(lines[2]).toMatch(/^role\s+\| source\s+\| mapping\s+\| rule$/);
    expect(table.stdout).toMatch(/developer \| directory \| .*directory group "Engineering".* \| additive role: always kept/);

    // Multiple-roles mode off again (through the API): one role is kept, the other dropped.
    await target.client.rolePolicy.update(orgId(), { multipleRoles: false });
    const json = await runCommand(process.execPath, [...args, '--json'], { cwd: ROOT, env });
    expect(json.code).toBe(0);
    const resolution = JSON.parse(json.stdout);
    expect(resolution.roles).toEqual(['developer']);
    expect(resolution.dropped).toEqual([expect.objectContaining({ role: 'viewer', source: 'directory', rule: 'lower priority than developer' })]);
    const text = await runCommand(process.execPath, args, { cwd: ROOT, env });
    expect(text.stdout).toMatch(/dropped candidates:\n.*\n.*\nviewer\s+\| directory \| .*directory group "Everyone".* \| lower priority than developer/);
    await target.client.rolePolicy.update(orgId(), { multipleRoles: true });

    const usage = await runCommand(process.execPath, [CLI, 'resolve', '--directory-group', 'x'], { cwd: ROOT, env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/resolve needs --organization ORG_ID/);
  });

  test('destroy', async () => {
    await target.ws.must(['destroy', '-auto-approve', '-input=false']);
    expect(target.ws.state().resources).toEqual([]);
  });
});
