/**
 * workos_permission and workos_role through the real terraform CLI, plain HCL, against the
 * local control plane: create → empty plan → in-place updates → out-of-band change detected
 * → import → replacement → invalid input rejected → destroy.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { REQUIRED_PROVIDERS } from '../helpers/terraform';
import { collect } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_0123456789abcdef';

const config = (opts: { viewDescription: string; adminPerms: string; reportsSlug?: string }) => `
${REQUIRED_PROVIDERS}
variable "workos_api_key" {
  type      = string
  sensitive = true
  default   = null # falls back to WORKOS_API_KEY
}

provider "workos" {
  api_key = var.workos_api_key
}

resource "workos_permission" "users_view" {
  slug        = "users:view"
  name        = "View users"
  description = "${opts.viewDescription}"
}

resource "workos_permission" "users_manage" {
  slug = "users:manage"
  name = "Manage users"
}

resource "workos_permission" "reports" {
  slug = "${opts.reportsSlug ?? 'reports:export'}"
  name = "Export reports"
}

resource "workos_role" "admin" {
  slug        = "admin"
  name        = "Administrator"
  description = "Everything"
  permissions = ${opts.adminPerms}
}

resource "workos_role" "viewer" {
  slug        = "viewer"
  name        = "Viewer"
  permissions = [workos_permission.users_view.slug]
}
`;

describe('workos_permission and workos_role through terraform', () => {
  const target = useControlPlaneWorkspace({ apiKey: API_KEY });

  const allPerms = '[workos_permission.users_view.slug, workos_permission.users_manage.slug]';

  test('create, then a second plan is empty', async () => {
    target.ws.write({ 'main.tf': config({ viewDescription: 'Read-only', adminPerms: allPerms }) });
    await target.ws.init();
    await target.ws.apply();

    const view = await target.client.permissions.get('users:view');
    expect(view).toMatchObject({ slug: 'users:view', name: 'View users', description: 'Read-only' });
    expect([...(await target.client.roles.get('admin')).permissions].sort()).toEqual(['users:manage', 'users:view']);
    expect((await target.client.roles.get('viewer')).permissions).toEqual(['users:view']);
    expect(target.ws.state().resources.find((r) => r.name === 'users_view')?.instances[0].attributes.id).toBe(view.id);

    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('a description change is planned as an in-place update', async () => {
    target.ws.write({ 'main.tf': config({ viewDescription: 'Can list and read users', adminPerms: allPerms }) });
    const { changes } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_permission.users_view': ['update'] });
    await target.ws.apply();
    expect((await target.client.permissions.get('users:view')).description).toBe('Can list and read users');
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('adding and removing a role permission is an in-place update', async () => {
    const withReports = '[workos_permission.users_view.slug, workos_permission.reports.slug]';
    target.ws.write({ 'main.tf': config({ viewDescription: 'Can list and read users', adminPerms: withReports }) });
    const { changes, json } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_role.admin': ['update'] });
    const after = json.resource_changes!.find((c) => c.address === 'workos_role.admin')!.change.after!;
    expect([...(after.permissions as string[])].sort()).toEqual(['reports:export', 'users:view']);
    await target.ws.apply();
    expect([...(await target.client.roles.get('admin')).permissions].sort()).toEqual(['reports:export', 'users:view']);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('changes made directly through the API are detected on the next plan', async () => {
    await target.client.permissions.update('users:manage', { name: 'Renamed out of band' });
    await target.client.roles.addPermission('viewer', 'users:manage');
    const { changes, json } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_permission.users_manage': ['update'], 'workos_role.viewer': ['update'] });
    const viewer = json.resource_changes!.find((c) => c.address === 'workos_role.viewer')!.change;
    expect(viewer.before!.permissions).toEqual(expect.arrayContaining(['users:manage', 'users:view']));
    expect(viewer.after!.permissions).toEqual(['users:view']);
    await target.ws.apply();
    expect((await target.client.permissions.get('users:manage')).name).toBe('Manage users');
    expect((await target.client.roles.get('viewer')).permissions).toEqual(['users:view']);

    // An object deleted out of band is planned for creation again.
    await target.client.permissions.delete('reports:export');
    expect((await target.ws.plan()).changes).toMatchObject({ 'workos_permission.reports': ['create'] });
    await target.ws.apply();
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('terraform import by slug, then the plan is empty', async () => {
    await target.ws.must(['state', 'rm', 'workos_permission.users_view', 'workos_role.viewer']);
    await target.ws.must(['import', '-input=false', 'workos_permission.users_view', 'users:view']);
    await target.ws.must(['import', '-input=false', 'workos_role.viewer', 'viewer']);
    const imported = target.ws.state().resources.find((r) => r.name === 'users_view')!.instances[0].attributes;
    expect(imported).toMatchObject({ slug: 'users:view', name: 'View users', description: 'Can list and read users' });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('a slug change forces replacement, and the plan says so', async () => {
    target.ws.write({
      'main.tf': config({
        viewDescription: 'Can list and read users',
        adminPerms: '[workos_permission.users_view.slug, workos_permission.reports.slug]',
        reportsSlug: 'reports:download',
      }),
    });
    const { changes, text } = await target.ws.plan();
    expect(changes['workos_permission.reports']).toEqual(expect.arrayContaining(['create', 'delete']));
    expect(text).toMatch(/slug\s+= "reports:export" -> "reports:download" # forces replacement/);
    // The role follows the new slug in place.
    expect(changes['workos_role.admin']).toEqual(['update']);
  });

  test('an invalid slug is rejected before anything changes, naming slug', async () => {
    const before = await collect(target.client.permissions.list());
    target.ws.write({ 'main.tf': config({ viewDescription: 'x', adminPerms: allPerms, reportsSlug: 'Reports Export' }) });
    const validate = await target.ws.tf(['validate']);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/Invalid value for "slug"/);
    expect(validate.stderr).toMatch(/lowercase letters, digits/);
    expect(validate.stderr).toMatch(/workos_permission\.reports/);
    const apply = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/Invalid value for "slug"/);
    expect(await collect(target.client.permissions.list())).toEqual(before);
  });

  test('the API key never reaches state, plan output or logs', async () => {
    target.ws.write({ 'main.tf': config({ viewDescription: 'Can list and read users', adminPerms: allPerms }) });
    // The key comes through the provider block here (a sensitive variable), not the environment.
    const plan = await target.ws.tf(['plan', '-input=false'], { TF_LOG: 'trace', TF_VAR_workos_api_key: API_KEY, WORKOS_API_KEY: '' });
    expect(plan.code).toBe(0);
    expect(plan.stderr).toMatch(/provider\.terraform-provider-workos_v[\d.]+: rpc PlanResourceChange/); // provider logs were on
    expect(plan.stdout + plan.stderr).not.toContain(API_KEY);
    expect(fs.readFileSync(path.join(target.ws.dir, 'terraform.tfstate'), 'utf8')).not.toContain(API_KEY);
  });

  test('destroy removes the objects on the server', async () => {
    await target.ws.must(['destroy', '-auto-approve', '-input=false']);
    expect(await collect(target.client.permissions.list())).toEqual([]);
    const roles = (await collect(target.client.roles.list())).map((r) => r.slug);
    expect(roles).toEqual(['member']); // the environment's default role stays
  });
});
