/**
 * Checked at plan, against the target (README, "Checked at plan, against the target"), through
 * the real terraform CLI with plain HCL against the local control plane (in this process):
 *  - creating what already exists on the target but not in state fails at plan, naming the
 *    attribute and the import command; that command imports it, and the next apply converges;
 *    one that already matches the configuration plans with a warning instead (the apply adopts it);
 *  - references to organizations, users, memberships, resources and resource types that do
 *    not exist fail at plan, each naming its attribute;
 *  - two roles on a membership while multiple-roles mode is off fail at plan, naming `roles`;
 *    with the mode turned on first (depends_on) the same roles apply.
 * Every failing plan changes nothing on the target.
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { PROVIDER_HCL } from '../helpers/terraform';
import { collect, flat } from '../helpers/fixtures';

describe('checked at plan, against the target (plain HCL)', () => {
  const target = useControlPlaneWorkspace({ apiKey: 'sk_test_e2e_plan_checks_0123456789' });
  let org: string;
  let taken: { user: string; membership: string; resource: string };

  /** Everything on the target a plan could have changed, as JSON. */
  const snapshot = async (): Promise<string> => {
    const c = target.client;
    const orgs = await collect(c.organizations.list());
    const perOrg = await Promise.all(
      orgs.map(async (o) => ({ roles: await collect(c.organizationRoles.list(o.id)), memberships: await collect(c.memberships.list({ organizationId: o.id })) })),
    );
    const [permissions, roles, users, resources, types] = await Promise.all([
      collect(c.permissions.list()),
      collect(c.roles.list()),
      collect(c.users.list()),
      collect(c.resources.list()),
      collect(c.resourceTypes.list()),
    ]);
    return JSON.stringify({ orgs, perOrg, permissions, roles, users, resources, types });
  };

  /** A plan that must fail: its diagnostics as one line, after checking that the target did not change. */
  const failingPlan = async (hcl: string): Promise<string> => {
    target.ws.write({ 'main.tf': `${PROVIDER_HCL}\n${hcl}` });
    const before = await snapshot();
    const plan = await target.ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    expect(await snapshot()).toBe(before);
    return flat(plan.stderr);
  };

  beforeAll(async () => {
    const c = target.client;
    org = (await c.organizations.create({ name: 'Acme Checks' })).id;
    await c.permissions.create({ slug: 'checks:taken', name: 'Taken elsewhere' });
    await c.roles.create({ slug: 'checks-viewer', name: 'Viewer' });
    await c.roles.create({ slug: 'checks-editor', name: 'Editor' });
    await c.resourceTypes.create({ slug: 'checks-workspace', name: 'Workspace', parentTypes: [] });
    await c.organizationRoles.create(org, { slug: 'org-checks-taken', name: 'Taken' });
    taken = { user: '', membership: '', resource: (await c.resources.create({ organizationId: org, resourceTypeSlug: 'checks-workspace', externalId: 'taken', name: 'Taken' })).id };
    const user = await c.users.create({ email: 'taken@checks.example', firstName: 'Tom' });
    const membership = await c.memberships.create({ organizationId: org, userId: user.id });
    taken = { ...taken, user: user.id, membership: membership.id };
    target.ws.write({ 'main.tf': PROVIDER_HCL });
    await target.ws.init();
  });

  /** Existing objects configured as new, differently: the three the next tests import. */
  const importable = () => `
resource "workos_permission" "taken" {
  slug = "checks:taken"
  name = "Taken"
}

resource "workos_user" "tom" {
  email      = "taken@checks.example"
  first_name = "Thomas"
}

resource "workos_organization_membership" "tom" {
  organization_id = "${org}"
  user_id         = "${taken.user}"
  roles           = ["checks-editor"]
}
`;

  test('creating objects the target already has fails at plan, naming the attribute and the import command; nothing changes', async () => {
    const text = await failingPlan(`${importable()}
resource "workos_organization_role" "taken" {
  organization_id = "${org}"
  slug            = "org-checks-taken"
  name            = "Taken here too"
}

resource "workos_resource" "taken" {
  organization_id    = "${org}"
  resource_type_slug = "checks-workspace"
  external_id        = "taken"
  name               = "Taken here too"
}
`);
    expect(text).toContain('Error: permission "checks:taken" already exists on the target: import it with `terraform import workos_permission.<name> checks:taken`');
    expect(text).toMatch(/with workos_permission\.taken, on main\.tf line \d+, in resource "workos_permission" "taken": \d+: slug = "checks:taken"/);
    expect(text).toContain(`Error: user "taken@checks.example" already exists on the target: import it with \`terraform import workos_user.<name> ${taken.user}\``);
    expect(text).toMatch(/with workos_user\.tom, .* email = "taken@checks\.example"/);
    expect(text).toContain(
      `Error: the membership of user ${taken.user} in organization ${org} already exists on the target: import it with \`terraform import workos_organization_membership.<name> ${taken.membership}\``,
    );
    expect(text).toMatch(/with workos_organization_membership\.tom, .* user_id = "user_\w+"/);
    expect(text).toContain(
      `Error: role "org-checks-taken" of organization ${org} already exists on the target: import it with \`terraform import workos_organization_role.<name> ${org}/org-checks-taken\``,
    );
    expect(text).toContain(
      `Error: checks-workspace "taken" of organization ${org} already exists on the target: import it with \`terraform import workos_resource.<name> ${taken.resource}\``,
    );
    expect(text).toMatch(/with workos_resource\.taken, .* external_id = "taken"/);
  });

  test('an existing object that matches the configuration plans with a warning (the apply adopts it), naming the import command', async () => {
    target.ws.write({
      'main.tf': `${PROVIDER_HCL}
resource "workos_permission" "same" {
  slug = "checks:taken"
  name = "Taken elsewhere"
}
`,
    });
    const plan = await target.ws.must(['plan', '-input=false']);
    const text = flat(plan.stdout + plan.stderr);
    expect(text).toContain('Warning: permission "checks:taken" already exists on the target and is not in state: the apply adopts it');
    expect(text).toContain('`terraform import workos_permission.<name> checks:taken`');
  });

  test('the import commands the errors name import those objects, and the next apply converges to the configuration', async () => {
    target.ws.write({ 'main.tf': `${PROVIDER_HCL}\n${importable()}` });
    // WHEN the three import commands are run as the errors say (with this configuration's names)
    for (const [address, id] of [
      ['workos_permission.taken', 'checks:taken'],
      ['workos_user.tom', taken.user],
      ['workos_organization_membership.tom', taken.membership],
    ]) {
      await target.ws.must(['import', '-input=false', address, id]);
    }
    // THEN the plan updates them in place, the apply succeeds, and a second plan is empty
    const { changes } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_permission.taken': ['update'], 'workos_user.tom': ['update'], 'workos_organization_membership.tom': ['update'] });
    await target.ws.apply();
    await target.ws.must(['plan', '-input=false', '-detailed-exitcode']);
    expect(await target.client.permissions.get('checks:taken')).toMatchObject({ name: 'Taken' });
    expect((await target.client.memberships.get(taken.membership)).roleSlugs).toEqual(['checks-editor']);
    target.ws.write({ 'main.tf': PROVIDER_HCL });
    await target.ws.must(['state', 'rm', 'workos_permission.taken', 'workos_user.tom', 'workos_organization_membership.tom']);
  });

  test('references to objects that do not exist fail at plan, each naming its attribute; nothing changes', async () => {
    const text = await failingPlan(`
resource "workos_organization_membership" "ghost" {
  organization_id = "org_01CHECKSNOWHERE"
  user_id         = "user_01CHECKSNOWHERE"
}

resource "workos_resource" "lost" {
  organization_id    = "${org}"
  resource_type_slug = "checks-galaxy"
  external_id        = "lost"
  name               = "Lost"
  parent_id          = "res_01CHECKSNOWHERE"
}

resource "workos_resource_assignment" "lost" {
  organization_membership_id = "om_01CHECKSNOWHERE"
  role_slug                  = "checks-viewer"
  resource_id                = "res_01CHECKSNOWHERE"
}

resource "workos_resource_assignment" "unnamed" {
  organization_membership_id = "${taken.membership}"
  role_slug                  = "checks-viewer"
  resource_type_slug         = "checks-workspace"
  resource_external_id       = "nowhere"
}
`);
    expect(text).toMatch(/Error: organization "org_01CHECKSNOWHERE" does not exist with workos_organization_membership\.ghost, .* organization_id = "org_01CHECKSNOWHERE"/);
    expect(text).toMatch(/Error: user "user_01CHECKSNOWHERE" does not exist with workos_organization_membership\.ghost, .* user_id = "user_01CHECKSNOWHERE"/);
    expect(text).toMatch(/Error: resource type "checks-galaxy" does not exist with workos_resource\.lost, .* resource_type_slug = "checks-galaxy"/);
    expect(text).toMatch(/Error: resource "res_01CHECKSNOWHERE" does not exist with workos_resource\.lost, .* parent_id = "res_01CHECKSNOWHERE"/);
    expect(text).toMatch(/Error: organization membership "om_01CHECKSNOWHERE" does not exist with workos_resource_assignment\.lost, .* organization_membership_id = "om_01CHECKSNOWHERE"/);
    expect(text).toMatch(/Error: resource "res_01CHECKSNOWHERE" does not exist with workos_resource_assignment\.lost, .* resource_id = "res_01CHECKSNOWHERE"/);
    expect(text).toMatch(new RegExp(`Error: checks-workspace "nowhere" in organization ${org} does not exist with workos_resource_assignment\\.unnamed, .* resource_external_id = "nowhere"`));
  });

  test('two roles while multiple-roles mode is off fail at plan naming roles; turned on first (depends_on), they apply', async () => {
    const membership = (dependsOn: string) => `
resource "workos_user" "ada" {
  email = "ada@checks.example"
}

resource "workos_organization_membership" "ada" {
  organization_id = "${org}"
  user_id         = workos_user.ada.id
  roles           = ["checks-editor", "checks-viewer"]
  ${dependsOn}
}
`;
    // GIVEN a known organization whose mode is off WHEN two roles are planned THEN an error at roles
    const text = await failingPlan(membership(''));
    expect(text).toMatch(new RegExp(`Error: roles names 2 roles, but multiple-roles mode is off for organization ${org} with workos_organization_membership\\.ada, .* roles = \\[`));
    // WHEN the organization's policy (it has a custom role) turns the mode on and the membership waits for it THEN it plans and applies
    target.ws.write({
      'main.tf': `${PROVIDER_HCL}
resource "workos_role_policy" "acme" {
  organization_id = "${org}"
  multiple_roles  = true
}
${membership('depends_on = [workos_role_policy.acme]')}`,
    });
    await target.ws.apply();
    const ada = (await collect(target.client.users.list({ email: 'ada@checks.example' })))[0];
    const [m] = await collect(target.client.memberships.list({ organizationId: org, userId: ada.id }));
    expect([...m.roleSlugs].sort()).toEqual(['checks-editor', 'checks-viewer']);
    await target.ws.must(['plan', '-input=false', '-detailed-exitcode']);
  });
});
