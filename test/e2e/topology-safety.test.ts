/**
 * No silent wrong access, through the real terraform CLI, plain HCL, against the local control
 * plane (in this process):
 *  - a preview read before this plan's changes says so, at plan, naming the data source; with
 *    depends_on it is read after them and shows the result;
 *  - an organization-level policy on an organization without a custom role fails at plan,
 *    naming organization_id; an organization's first custom role warns about the snapshot of the
 *    environment policy;
 *  - destroying the default role (environment or organization) fails at plan with the fix, and
 *    works once another role is the default.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlane } from '../helpers/control-plane';
import { Workspace, PROVIDER_HCL } from '../helpers/terraform';
import { flat } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_safety_0123456789';

const STALE_PREVIEW = /This preview shows the access before this plan, not after it|A preview read earlier does not include this change/;

describe('no silent wrong access (plain HCL)', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  const workspaces: Workspace[] = [];
  const workspace = (): Workspace => {
    const ws = new Workspace(target.url, API_KEY);
    workspaces.push(ws);
    return ws;
  };
  const output = async (ws: Workspace, name: string): Promise<unknown> => JSON.parse((await ws.must(['output', '-json', name])).stdout);

  afterAll(async () => {
    for (const ws of workspaces) ws.cleanup();
  });

  describe('previews never show the access before the plan as the answer', () => {
    let ws: Workspace;
    const config = (o: { adminsRole: 'admin' | 'editor'; dependsOn: boolean }) => `
${PROVIDER_HCL}
resource "workos_role" "admin" {
  slug = "safety-admin"
  name = "Admin"
}

resource "workos_role" "editor" {
  slug = "safety-editor"
  name = "Editor"
}

resource "workos_organization" "acme" {
  name = "Acme Preview"
}

resource "workos_directory_group_mapping" "admins" {
  organization_id = workos_organization.acme.id
  group           = "Admins"
  roles           = [workos_role.${o.adminsRole}.slug]
}

data "workos_effective_roles" "admins" {
  organization_id  = workos_organization.acme.id
  directory_groups = ["Admins"]
  ${o.dependsOn ? 'depends_on       = [workos_directory_group_mapping.admins]' : ''}
}

output "admins" {
  value = data.workos_effective_roles.admins.roles
}
`;

    beforeAll(async () => {
      ws = workspace();
    });

    test('first apply without depends_on: the preview is the mapped role, or the apply says it is not', async () => {
      // GIVEN a new organization whose preview does not wait for its mapping
      ws.write({ 'main.tf': config({ adminsRole: 'admin', dependsOn: false }) });
      await ws.init();
      // WHEN applied (terraform reads the preview as soon as the organization exists)
      const apply = await ws.apply();
      const roles = await output(ws, 'admins');
      // THEN either the read came after the mapping, or the change applied after it says the preview misses it
      if (JSON.stringify(roles) !== JSON.stringify(['safety-admin'])) expect(flat(apply.stdout + apply.stderr)).toMatch(STALE_PREVIEW);
      await ws.apply(); // the next run reads the settled state
      expect(await output(ws, 'admins')).toEqual(['safety-admin']);
    });

    test('a plan that changes the mapping while the preview is read at plan warns, naming the data source and the fix', async () => {
      // GIVEN the mapping moves Admins to editor, and the preview still does not wait for it
      ws.write({ 'main.tf': config({ adminsRole: 'editor', dependsOn: false }) });
      // WHEN planned
      const plan = await ws.must(['plan', '-input=false']);
      const text = flat(plan.stdout + plan.stderr);
      // THEN the plan says that the preview shows the access before the change, which one, and what to do
      expect(text).toMatch(STALE_PREVIEW);
      expect(text).toMatch(/data\.workos_effective_roles\.admins|data "workos_effective_roles" for organization org_\w+ \(directory_groups \["Admins"\]\)/);
      expect(text).toMatch(/update of workos_directory_group_mapping \(group "Admins"\)/);
      expect(text).toMatch(/depends_on/);
      expect(text).toMatch(/workos-rbac impact/);
    });

    test('with depends_on the preview is read after the change: no warning, and the output is the new role', async () => {
      ws.write({ 'main.tf': config({ adminsRole: 'editor', dependsOn: true }) });
      const plan = await ws.must(['plan', '-input=false']);
      expect(flat(plan.stdout + plan.stderr)).not.toMatch(STALE_PREVIEW);
      const apply = await ws.apply();
      expect(flat(apply.stdout + apply.stderr)).not.toMatch(STALE_PREVIEW);
      expect(await output(ws, 'admins')).toEqual(['safety-editor']);
      // AND a plan without changes reads it at plan time without a warning
      const again = await ws.must(['plan', '-input=false', '-detailed-exitcode']);
      expect(flat(again.stdout + again.stderr)).not.toMatch(STALE_PREVIEW);
    });
  });

  describe('organization policies and the snapshot of the environment policy', () => {
    let ws: Workspace;
    const base = `
${PROVIDER_HCL}
resource "workos_organization" "globex" {
  name = "Globex Safety"
}
`;
    const policy = (dependsOn: string) => `
resource "workos_role_policy" "globex" {
  organization_id = workos_organization.globex.id
  multiple_roles  = true
  ${dependsOn}
}
`;
    const auditor = `
resource "workos_organization_role" "auditor" {
  organization_id = workos_organization.globex.id
  slug            = "org-auditor"
  name            = "Auditor"
}
`;

    beforeAll(async () => {
      ws = workspace();
    });

    test('a policy for a new organization without a custom role fails at plan, naming organization_id; nothing is created', async () => {
      ws.write({ 'main.tf': base + policy('') });
      await ws.init();
      const plan = await ws.tf(['plan', '-input=false']);
      expect(plan.code).toBe(1);
      const text = flat(plan.stderr);
      expect(text).toMatch(/Error: The new organization has no custom role, so it has no role policy of its own/);
      expect(text).toMatch(/organization_id/);
      expect(text).toMatch(/depends_on/);
      expect(fs.existsSync(path.join(ws.dir, 'terraform.tfstate'))).toBe(false);
    });

    test('a policy for an existing organization without a custom role fails at plan, naming the organization', async () => {
      ws.write({ 'main.tf': base });
      await ws.apply();
      const orgId = ws.state().resources.find((r) => r.type === 'workos_organization')!.instances[0].attributes.id as string;
      ws.write({ 'main.tf': base + policy('') });
      const plan = await ws.tf(['plan', '-input=false']);
      expect(plan.code).toBe(1);
      expect(flat(plan.stderr)).toMatch(new RegExp(`Error: Organization "Globex Safety" \\(${orgId}\\) has no custom role, so it has no role policy of its own.*with workos_role_policy\\.globex.*organization_id`));
      expect((await target.client.rolePolicy.get(orgId)).inherited).toBe(true);
    });

    test('its first custom role warns that the environment policy is copied now, naming the organization; with the role, the policy plans and applies', async () => {
      ws.write({ 'main.tf': base + auditor + policy('depends_on = [workos_organization_role.auditor]') });
      const apply = await ws.apply();
      const text = flat(apply.stdout + apply.stderr);
      expect(text).toMatch(/Warning: This is the first custom role of organization "Globex Safety" \(org_\w+\): it gets its own default role and priority order/);
      expect(text).toMatch(/copy of the environment's default role, priority order and multiple-roles mode as they are when this role is created \(now: default role "member"/);
      const orgId = ws.state().resources.find((r) => r.type === 'workos_organization')!.instances[0].attributes.id as string;
      expect((await target.client.rolePolicy.get(orgId)).multipleRoles).toBe(true);
      // AND a second custom role is no first role: no warning
      ws.write({ 'main.tf': base + auditor + policy('depends_on = [workos_organization_role.auditor]') + auditor.replace(/auditor/g, 'billing') });
      const plan = await ws.must(['plan', '-input=false']);
      expect(flat(plan.stdout + plan.stderr)).not.toMatch(/first custom role/);
    });
  });

  test('a new organization whose first custom role does not wait for the environment policy change of the same plan: the plan says so', async () => {
    const ws = workspace();
    ws.write({
      'main.tf': `
${PROVIDER_HCL}
resource "workos_role" "guest" {
  slug = "safety-guest"
  name = "Guest"
}

resource "workos_role_policy" "environment" {
  default_role = workos_role.guest.slug
}

resource "workos_organization" "umbrella" {
  name = "Umbrella Safety"
}

resource "workos_organization_role" "auditor" {
  organization_id = workos_organization.umbrella.id
  slug            = "org-auditor"
  name            = "Auditor"
}
`,
    });
    await ws.init();
    const plan = await ws.must(['plan', '-input=false']);
    const text = flat(plan.stdout + plan.stderr);
    // Whichever terraform plans first, one of the two warnings names the missing dependency.
    expect(text).toMatch(/This is the first custom role of the new organization "Umbrella Safety"/);
    expect(text).toMatch(/This plan also changes the environment's workos_role_policy: make this role depend on it|Organizations may copy the environment's role policy from before this change.*with workos_role_policy\.environment/);
  });

  describe('the default role is never destroyed by surprise', () => {
    let ws: Workspace;
    const config = (o: { viewer: boolean; environmentDefault: string; orgDefault: string; orgMember: boolean }) => `
${PROVIDER_HCL}
${
  o.viewer
    ? `resource "workos_role" "viewer" {
  slug = "safety-viewer"
  name = "Viewer"
}`
    : ''
}

resource "workos_role" "reader" {
  slug = "safety-reader"
  name = "Reader"
}

resource "workos_role_policy" "environment" {
  default_role = "${o.environmentDefault}"
  ${o.viewer ? 'depends_on = [workos_role.viewer, workos_role.reader]' : 'depends_on = [workos_role.reader]'}
}

resource "workos_organization" "initech" {
  name = "Initech Safety"
}

resource "workos_organization_role" "owner" {
  organization_id = workos_organization.initech.id
  slug            = "org-owner"
  name            = "Owner"
  depends_on      = [workos_role_policy.environment]
}
${
  o.orgMember
    ? `
resource "workos_organization_role" "member" {
  organization_id = workos_organization.initech.id
  slug            = "org-member"
  name            = "Member"
}`
    : ''
}

resource "workos_role_policy" "initech" {
  organization_id = workos_organization.initech.id
  default_role    = "${o.orgDefault}"
  depends_on      = [workos_organization_role.owner${o.orgMember ? ', workos_organization_role.member' : ''}]
}
`;

    beforeAll(async () => {
      ws = workspace();
    });

    test('GIVEN safety-viewer is the environment default and org-member the organization default', async () => {
      ws.write({ 'main.tf': config({ viewer: true, environmentDefault: 'safety-viewer', orgDefault: 'org-member', orgMember: true }) });
      await ws.init();
      await ws.apply();
      expect((await target.client.rolePolicy.get(null)).defaultRole).toBe('safety-viewer');
    });

    test('removing the environment default role fails at plan with the fix; nothing changes', async () => {
      ws.write({ 'main.tf': config({ viewer: false, environmentDefault: 'safety-reader', orgDefault: 'org-member', orgMember: true }) });
      const plan = await ws.tf(['plan', '-input=false']);
      expect(plan.code).toBe(1);
      const text = flat(plan.stderr);
      expect(text).toMatch(/Error: Role "safety-viewer" is the default role of the environment: it cannot be destroyed/);
      expect(text).toMatch(/Make another role the default first — set default_role in the workos_role_policy of the environment and apply that/);
      expect(text).toMatch(/destroy_behavior = "abandon"/);
      expect((await target.client.roles.get('safety-viewer')).slug).toBe('safety-viewer');
    });

    test('removing the organization default role fails at plan, naming the organization', async () => {
      ws.write({ 'main.tf': config({ viewer: true, environmentDefault: 'safety-viewer', orgDefault: 'org-owner', orgMember: false }) });
      const plan = await ws.tf(['plan', '-input=false']);
      expect(plan.code).toBe(1);
      expect(flat(plan.stderr)).toMatch(/Error: Role "org-member" is the default role of organization "Initech Safety" \(org_\w+\): it cannot be destroyed/);
    });

    test('once another role is the default (applied first), the old default role is removed cleanly', async () => {
      ws.write({ 'main.tf': config({ viewer: true, environmentDefault: 'safety-reader', orgDefault: 'org-owner', orgMember: true }) });
      await ws.apply();
      ws.write({ 'main.tf': config({ viewer: false, environmentDefault: 'safety-reader', orgDefault: 'org-owner', orgMember: false }) });
      await ws.apply();
      await expect(target.client.roles.get('safety-viewer')).rejects.toThrow();
      expect((await target.client.rolePolicy.get(null)).defaultRole).toBe('safety-reader');
    });
  });
});
