/**
 * Bad input caught once, at the earliest point, through the real terraform CLI and plain HCL
 * (README, "Checked at plan, from plain HCL too"): two role policies for one scope, a role
 * listing 10,000 permissions that do not exist, a bad element of a set, and a cycle among
 * resource types this plan creates. Each fails naming the attribute, with one bounded
 * diagnostic, and leaves the target exactly as it was.
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { PROVIDER_HCL } from '../helpers/terraform';
import { collect, flat } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_bad_input_0123456789';

const BASE = `
${PROVIDER_HCL}
resource "workos_permission" "users_view" {
  slug = "users:view"
  name = "View users"
}

resource "workos_role" "admin" {
  slug        = "admin"
  name        = "Admin"
  permissions = [workos_permission.users_view.slug]
}

resource "workos_role_policy" "environment" {
  default_role = workos_role.admin.slug
}
`;

/** Terraform's error blocks in a command's output. */
const errorsIn = (stderr: string): string[] => stderr.split('\n').filter((l) => /^│ Error: /.test(l) || /^Error: /.test(l));

describe('bad input is caught once, at the earliest point, and changes nothing', () => {
  const target = useControlPlaneWorkspace({ apiKey: API_KEY });

  /** Everything this suite's configurations could change on the target. */
  const snapshot = async () => ({
    permissions: await collect(target.client.permissions.list()),
    roles: await collect(target.client.roles.list()),
    policy: await target.client.rolePolicy.get(null),
    types: await collect(target.client.resourceTypes.list()),
  });

  beforeAll(async () => {
    target.ws.write({ 'main.tf': BASE });
    await target.ws.init();
    await target.ws.apply();
  }, 120_000);

  /** `terraform plan`, then `apply`, of `extra` on top of the base: both fail; the target is unchanged. */
  async function rejected(extra: string): Promise<{ stderr: string; text: string }> {
    const before = await snapshot();
    target.ws.write({ 'main.tf': BASE + extra });
    const plan = await target.ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    const apply = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    expect(await snapshot()).toEqual(before);
    target.ws.write({ 'main.tf': BASE });
    return { stderr: plan.stderr, text: flat(plan.stderr) };
  }

  test('GIVEN a second role policy for the environment WHEN planned THEN one error naming the scope (organization_id unset), and the default role stays', async () => {
    const { stderr, text } = await rejected(`
resource "workos_role_policy" "again" {
  multiple_roles = true
}
`);
    expect(errorsIn(stderr)).toHaveLength(1);
    expect(text).toMatch(/Error: another workos_role_policy in this configuration also manages the role policy of the environment/);
    expect(text).toMatch(/with workos_role_policy\.(again|environment)/);
    expect(text).toMatch(/two resources for the environment \(organization_id unset\) would overwrite each other's priority, default role and multiple-roles mode/);
  });

  test('GIVEN a role listing 10,000 permissions that do not exist WHEN planned THEN ONE diagnostic at permissions names ten and counts the rest, in bounded output', async () => {
    const slugs = Array.from({ length: 10_000 }, (_, i) => `    "ghost:${i}",`).join('\n');
    const { stderr, text } = await rejected(`
resource "workos_role" "flood" {
  slug        = "flood"
  name        = "Flood"
  permissions = [
${slugs}
  ]
}
`);
    expect(errorsIn(stderr)).toHaveLength(1);
    expect(text).toMatch(/Error: 10,000 permissions in permissions do not exist/);
    expect(text).toMatch(/with workos_role\.flood/);
    expect(text).toMatch(/permissions = \[/);
    expect(text).toMatch(/The permissions "ghost:\d+", .* and 9,990 more exist neither in WorkOS nor earlier in this plan/);
    // Terraform quotes the attribute's source once (the configuration's own 10,000 lines); the
    // provider's words around it stay short, and nothing is repeated per element.
    const quoted = stderr.split('\n').filter((l) => /^\s*\d+: /.test(l));
    expect(quoted.filter((l) => l.includes('"ghost:9999"'))).toHaveLength(1);
    expect(stderr.length - quoted.join('\n').length).toBeLessThan(2_000);
  });

  test('GIVEN an invalid element of a set WHEN validated THEN the error names the value, not a sorted index', async () => {
    target.ws.write({
      'main.tf': `${BASE}
resource "workos_role" "bad" {
  slug        = "bad"
  name        = "Bad"
  permissions = ["users:view", "Users Manage", "ZZ top"]
}

resource "workos_role" "worse" {
  slug        = "worse"
  name        = "Worse"
  permissions = ["zzz:ok", "Users Manage"]
}
`,
    });
    const validate = await target.ws.tf(['validate']);
    expect(validate.code).toBe(1);
    const text = flat(validate.stderr);
    expect(errorsIn(validate.stderr)).toHaveLength(2);
    expect(text).toMatch(/Error: Invalid value for "permissions": 2 elements .*"Users Manage" and "ZZ top" must contain only lowercase letters/);
    expect(text).toMatch(/Error: Invalid value for "permissions" element "Users Manage" .*"Users Manage" must contain only lowercase letters/);
    expect(text).not.toMatch(/permissions\.\d/);
    target.ws.write({ 'main.tf': BASE });
  });

  test('GIVEN three NEW resource types whose parents form a cycle WHEN planned THEN one error at parent_types naming the cycle, and no type is created', async () => {
    const { stderr, text } = await rejected(`
resource "workos_resource_type" "a" {
  slug         = "cyc-a"
  name         = "A"
  parent_types = ["cyc-b"]
}

resource "workos_resource_type" "b" {
  slug         = "cyc-b"
  name         = "B"
  parent_types = ["cyc-c"]
}

resource "workos_resource_type" "c" {
  slug         = "cyc-c"
  name         = "C"
  parent_types = ["cyc-a"]
}
`);
    expect(errorsIn(stderr)).toHaveLength(1);
    expect(text).toMatch(/Error: Resource types would form a cycle: cyc-(a|b|c) → cyc-. → cyc-. → cyc-\1/);
    expect(text).toMatch(/\d+: parent_types = \["cyc-.\"]/);
    expect(await collect(target.client.resourceTypes.list())).toEqual([]);
  });

  test('GIVEN the base configuration again WHEN planned THEN nothing is to change', async () => {
    expect((await target.ws.plan()).changes).toEqual({});
  });
});
