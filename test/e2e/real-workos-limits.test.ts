/**
 * Against a target with only WorkOS's public API (the control plane behind a proxy that
 * answers 404 on /_dashboard/, as api.workos.com does): supported resources plan and apply;
 * dashboard-only ones fail at plan with the documented diagnostic and nothing changes;
 * environment-role destroy follows `destroy_behavior`.
 */
import { useControlPlane } from '../helpers/control-plane';
import { collect, flat, startDashboardlessProxy } from '../helpers/fixtures';
import { Workspace, PROVIDER_HCL } from '../helpers/terraform';

const API_KEY = 'sk_test_e2e_limits_0123456789';

const header = `
${PROVIDER_HCL}`;

const supported = (roleDestroy: string) => `
resource "workos_permission" "reports" {
  slug = "reports:view"
  name = "View reports"
}

resource "workos_role" "analyst" {
  slug             = "analyst"
  name             = "Analyst"
  permissions      = [workos_permission.reports.slug]
  destroy_behavior = "${roleDestroy}"
}

resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_organization_role" "auditor" {
  organization_id = workos_organization.acme.id
  slug            = "org-auditor"
  name            = "Auditor"
  permissions     = [workos_permission.reports.slug]
}

resource "workos_resource" "platform" {
  organization_id    = workos_organization.acme.id
  resource_type_slug = "workspace"
  external_id        = "platform"
  name               = "Platform"
}
`;

describe('a target with only the public WorkOS API', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  let proxy: Awaited<ReturnType<typeof startDashboardlessProxy>>;
  let ws: Workspace;

  beforeAll(async () => {
    // On real WorkOS, resource types are defined in the dashboard: here, behind the proxy's back.
    await target.client.resourceTypes.create({ slug: 'workspace', name: 'Workspace', parentTypes: [] });
    proxy = await startDashboardlessProxy(target.url);
    ws = new Workspace(proxy.url, API_KEY);
  });

  afterAll(async () => {
    ws?.cleanup();
    await proxy?.close();
  });

  test('supported resources plan, apply, and plan empty afterwards', async () => {
    ws.write({ 'main.tf': header + supported('delete') });
    await ws.init();
    await ws.apply();
    expect((await target.client.roles.get('analyst')).permissions).toEqual(['reports:view']);
    expect((await ws.plan()).changes).toEqual({});
  });

  test('dashboard-only resources fail at plan with the documented diagnostics, and nothing changes', async () => {
    const orgs = await collect(target.client.organizations.list());
    const orgId = orgs[0]!.id;
    ws.write({
      'main.tf':
        header +
        supported('delete') +
        `
resource "workos_role_policy" "env" {
  priority = ["analyst"]
}

resource "workos_sso_group_mapping" "auditors" {
  organization_id = "${orgId}"
  group           = "Auditors"
  roles           = ["org-auditor"]
}

resource "workos_resource_type" "project" {
  slug         = "project"
  name         = "Project"
  parent_types = ["workspace"]
}
`,
    });
    const policyBefore = await target.client.rolePolicy.get(null);
    const plan = await ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    const text = flat(plan.stderr);
    expect(text).toMatch(/The WorkOS API cannot manage the role policy/);
    expect(text).toMatch(/The WorkOS API cannot manage role mappings/);
    expect(text).toMatch(/The WorkOS API cannot manage resource types/);
    expect(text).toMatch(/Nothing was changed/);
    expect(await target.client.rolePolicy.get(null)).toEqual(policyBefore);
    expect(await collect(target.client.roleMappings.list(orgId))).toEqual([]);
    expect((await collect(target.client.resourceTypes.list())).map((t) => t.slug)).toEqual(['workspace']);
  });

  test('destroying an environment role with destroy_behavior "delete" fails at plan and says where to delete it', async () => {
    ws.write({ 'main.tf': header + supported('delete') });
    const destroy = await ws.tf(['destroy', '-auto-approve', '-input=false']);
    expect(destroy.code).toBe(1);
    const text = flat(destroy.stderr);
    expect(text).toMatch(/WorkOS cannot delete environment roles through its API/);
    expect(text).toMatch(/dashboard \(Authorization → Roles\)/);
    expect(text).toMatch(/destroy_behavior = "abandon"/);
    // Nothing was destroyed: the plan stopped before any change.
    expect(await target.client.roles.get('analyst')).toMatchObject({ slug: 'analyst' });
    expect(await target.client.permissions.get('reports:view')).toMatchObject({ slug: 'reports:view' });
  });

  test('with destroy_behavior "abandon" the role leaves state with a warning and stays in WorkOS', async () => {
    ws.write({ 'main.tf': header + supported('abandon') });
    await ws.apply(); // records the new destroy_behavior in state
    const destroy = await ws.must(['destroy', '-auto-approve', '-input=false']);
    const text = flat(destroy.stdout + destroy.stderr);
    expect(text).toMatch(/Environment role "analyst" left in WorkOS/);
    expect(await target.client.roles.get('analyst')).toMatchObject({ slug: 'analyst' });
    await expect(target.client.permissions.get('reports:view')).rejects.toThrow(/not found/i);
    expect(ws.state().resources).toEqual([]);
  });
});
