/**
 * workos_directory_group_mapping, workos_sso_group_mapping and workos_attribute_mapping
 * through the real terraform CLI, plain HCL, against the local control plane: create → empty
 * plan → in-place role changes → out-of-band changes detected → import by id → another
 * organization's role rejected naming `roles` → a directory_id naming no directory, or another
 * organization's, fails at plan naming `directory_id` → destroy; and against a target without the
 * dashboard extras (real WorkOS), a plan that says so and changes nothing.
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { type RoleMapping } from '../../src/client';
import { Workspace, PROVIDER_HCL } from '../helpers/terraform';
import { startDashboardlessProxy, flat, collect } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_mappings_0123456789';

const header = `
${PROVIDER_HCL}`;

const base = `
resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_organization" "globex" {
  name = "Globex"
}

resource "workos_role" "viewer" {
  slug = "viewer"
  name = "Viewer"
}

resource "workos_organization_role" "acme_engineer" {
  organization_id = workos_organization.acme.id
  slug            = "org-engineer"
  name            = "Engineer"
}

resource "workos_organization_role" "acme_admin" {
  organization_id = workos_organization.acme.id
  slug            = "org-admin"
  name            = "Admin"
}

resource "workos_organization_role" "globex_ops" {
  organization_id = workos_organization.globex.id
  slug            = "org-ops"
  name            = "Ops"
}

resource "workos_directory" "acme_okta" {
  organization_id = workos_organization.acme.id
  name            = "Acme Okta"
}

resource "workos_directory" "globex_entra" {
  organization_id = workos_organization.globex.id
  name            = "Globex Entra ID"
}
`;

const mappings = (opts: { engineeringRoles: string; ssoMode: string; attributeRoles: string }) => `
resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  directory_id    = workos_directory.acme_okta.id
  group           = "Engineering"
  roles           = ${opts.engineeringRoles}
}

resource "workos_sso_group_mapping" "engineers" {
  organization_id = workos_organization.acme.id
  group           = "engineers"
  roles           = [workos_role.viewer.slug]
  mode            = "${opts.ssoMode}"
}

resource "workos_attribute_mapping" "admins" {
  organization_id = workos_organization.acme.id
  attribute       = "myRole"
  value           = "admin"
  roles           = ${opts.attributeRoles}
}
`;

const initial = { engineeringRoles: '[workos_organization_role.acme_engineer.slug]', ssoMode: 'additive', attributeRoles: '[workos_organization_role.acme_admin.slug]' };
const updated = {
  engineeringRoles: '[workos_organization_role.acme_engineer.slug, workos_role.viewer.slug]',
  ssoMode: 'exclusive',
  attributeRoles: '[workos_organization_role.acme_admin.slug]',
};

describe('role mappings through terraform', () => {
  const target = useControlPlaneWorkspace({ apiKey: API_KEY });

  const attrs = (type: string, name: string): Record<string, unknown> =>
    target.ws.state().resources.find((r) => r.type === type && r.name === name)!.instances[0].attributes;
  const acmeId = (): string => attrs('workos_organization', 'acme').id as string;
  const acmeMappings = async (): Promise<RoleMapping[]> => collect(target.client.roleMappings.list(acmeId()));

  test('create, then a second plan is empty', async () => {
    target.ws.write({ 'main.tf': header + base + mappings(initial) });
    await target.ws.init();
    await target.ws.apply();

    const byKind = Object.fromEntries((await acmeMappings()).map((m) => [m.kind, m]));
    expect(byKind.directory).toMatchObject({ sourceId: attrs('workos_directory', 'acme_okta').id, group: 'Engineering', roles: ['org-engineer'], mode: null });
    expect(byKind.sso).toMatchObject({ sourceId: null, group: 'engineers', roles: ['viewer'], mode: 'additive' });
    expect(byKind.attribute).toMatchObject({ sourceId: null, group: 'myRole', value: 'admin', roles: ['org-admin'] });
    expect(attrs('workos_directory_group_mapping', 'engineering').id).toBe(byKind.directory.id);
    expect(attrs('workos_attribute_mapping', 'admins')).toMatchObject({ attribute: 'myRole', value: 'admin', roles: ['org-admin'] });

    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('changing the role set and the mode is an in-place update', async () => {
    const before = Object.fromEntries((await acmeMappings()).map((m) => [m.kind, m.id]));
    target.ws.write({ 'main.tf': header + base + mappings(updated) });
    const { changes } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_directory_group_mapping.engineering': ['update'], 'workos_sso_group_mapping.engineers': ['update'] });
    await target.ws.apply();

    const after = Object.fromEntries((await acmeMappings()).map((m) => [m.kind, m]));
    expect([...after.directory.roles].sort()).toEqual(['org-engineer', 'viewer']);
    expect(after.sso.mode).toBe('exclusive');
    expect(after.directory.id).toBe(before.directory); // same object: updated, not replaced
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('changes made directly through the API are detected on the next plan', async () => {
    const id = attrs('workos_directory_group_mapping', 'engineering').id as string;
    await target.client.roleMappings.update(id, { roles: ['org-admin'] });
    const { changes, json } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_directory_group_mapping.engineering': ['update'] });
    const change = json.resource_changes!.find((c) => c.address === 'workos_directory_group_mapping.engineering')!.change;
    expect(change.before!.roles).toEqual(['org-admin']);
    expect([...(change.after!.roles as string[])].sort()).toEqual(['org-engineer', 'viewer']);
    await target.ws.apply();
    expect([...(await target.client.roleMappings.get(id)).roles].sort()).toEqual(['org-engineer', 'viewer']);

    // A mapping deleted out of band is planned for creation again.
    await target.client.roleMappings.delete(attrs('workos_attribute_mapping', 'admins').id as string);
    expect((await target.ws.plan()).changes).toEqual({ 'workos_attribute_mapping.admins': ['create'] });
    await target.ws.apply();
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('terraform import by mapping id, then the plan is empty', async () => {
    const ids = {
      'workos_directory_group_mapping.engineering': attrs('workos_directory_group_mapping', 'engineering').id as string,
      'workos_sso_group_mapping.engineers': attrs('workos_sso_group_mapping', 'engineers').id as string,
      'workos_attribute_mapping.admins': attrs('workos_attribute_mapping', 'admins').id as string,
    };
    await target.ws.must(['state', 'rm', ...Object.keys(ids)]);

    // A mapping of another kind is refused, pointing at the right resource type.
    const wrongKind = await target.ws.tf(['import', '-input=false', 'workos_sso_group_mapping.engineers', ids['workos_directory_group_mapping.engineering']]);
    expect(wrongKind.code).toBe(1);
    expect(flat(wrongKind.stderr)).toMatch(/It is a directory mapping: import it as workos_directory_group_mapping/);

    for (const [address, id] of Object.entries(ids)) await target.ws.must(['import', '-input=false', address, id]);
    expect(attrs('workos_sso_group_mapping', 'engineers')).toMatchObject({ group: 'engineers', roles: ['viewer'], mode: 'exclusive', connection_id: null });
    expect(attrs('workos_attribute_mapping', 'admins')).toMatchObject({ attribute: 'myRole', value: 'admin' });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test("a mapping to another organization's role is rejected, naming roles", async () => {
    const before = await acmeMappings();
    const bad = `
resource "workos_sso_group_mapping" "borrowed" {
  organization_id = workos_organization.acme.id
  group           = "ops"
  roles           = [workos_organization_role.globex_ops.slug]
}
`;
    target.ws.write({ 'main.tf': header + base + mappings(updated) + bad });
    const apply = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    const text = flat(apply.stderr);
    expect(text).toMatch(/The mapping's roles include "org-ops", which organization org_\w+ cannot use/);
    expect(text).toMatch(/\d+: roles = \[workos_organization_role\.globex_ops\.slug\]/); // the diagnostic points at `roles`
    expect(text).toMatch(/with workos_sso_group_mapping\.borrowed/);
    expect(await acmeMappings()).toEqual(before);

    target.ws.write({ 'main.tf': header + base + mappings(updated) });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test("a directory_id that names no directory, or another organization's, fails at plan naming directory_id; nothing is created", async () => {
    const before = await acmeMappings();
    const bad = `
resource "workos_directory_group_mapping" "typo" {
  organization_id = workos_organization.acme.id
  directory_id    = "directory_01TYPO"
  group           = "Engineering"
  roles           = [workos_role.viewer.slug]
}

resource "workos_directory_group_mapping" "globex" {
  organization_id = workos_organization.acme.id
  directory_id    = workos_directory.globex_entra.id
  group           = "Engineering"
  roles           = [workos_role.viewer.slug]
}
`;
    target.ws.write({ 'main.tf': header + base + mappings(updated) + bad });
    const plan = await target.ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    const text = flat(plan.stderr);
    expect(text).toContain('Error: directory "directory_01TYPO" does not exist');
    expect(text).toMatch(/\d+: directory_id = "directory_01TYPO"/);
    expect(text).toMatch(/with workos_directory_group_mapping\.typo/);
    const globexEntra = attrs('workos_directory', 'globex_entra').id as string;
    expect(text).toContain(`Error: directory "${globexEntra}" is a directory of another organization (${attrs('workos_organization', 'globex').id as string})`);
    expect(text).toMatch(/\d+: directory_id = workos_directory\.globex_entra\.id/);
    expect(text).toMatch(/with workos_directory_group_mapping\.globex/);
    const apply = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    expect(await acmeMappings()).toEqual(before);

    target.ws.write({ 'main.tf': header + base + mappings(updated) });
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('destroy removes the mappings on the server', async () => {
    const org = acmeId();
    const ids = (await acmeMappings()).map((m) => m.id);
    expect(ids).toHaveLength(3);
    await target.ws.must(['destroy', '-auto-approve', '-input=false']);
    for (const id of ids) await expect(target.client.roleMappings.get(id)).rejects.toMatchObject({ status: 404 });
    await expect(target.client.organizations.get(org)).rejects.toMatchObject({ status: 404 });
  });

  // Resource types are dashboard-only too; they are checked here, next to the mappings, so one
  // proxy stands in for real WorkOS.
  test('against a target without dashboard extras (real WorkOS) the plan says so and nothing changes', async () => {
    const realLike = await startDashboardlessProxy(target.url);
    const real = new Workspace(realLike.url, API_KEY);
    try {
      const orgId = (await target.client.organizations.create({ name: 'Initech' })).id;
      real.write({
        'main.tf': `${header}
resource "workos_directory_group_mapping" "engineering" {
  organization_id = "${orgId}"
  group           = "Engineering"
  roles           = ["viewer"]
}

resource "workos_resource_type" "workspace" {
  slug = "workspace"
  name = "Workspace"
}
`,
      });
      await real.init();
      const plan = await real.tf(['plan', '-input=false']);
      expect(plan.code).toBe(1);
      const text = flat(plan.stderr);
      expect(text).toMatch(/The WorkOS API cannot manage role mappings/);
      expect(text).toMatch(/The WorkOS API cannot manage resource types/);
      expect(text).toMatch(/WorkOS dashboard: Authorization → Resource types/);
      expect(text).toMatch(/WorkOS dashboard, per organization/);
      expect(text).toMatch(/Nothing was changed/);
      expect(await collect(target.client.roleMappings.list(orgId))).toEqual([]);
      expect(await collect(target.client.resourceTypes.list())).toEqual([]);
    } finally {
      real.cleanup();
      await realLike.close();
    }
  });
});
