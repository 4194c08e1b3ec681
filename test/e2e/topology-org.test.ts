/**
 * workos_organization, workos_user, workos_organization_role, workos_organization_membership
 * and workos_role_policy through the real terraform CLI, plain HCL, against the local control
 * plane: create → empty plan → in-place updates → out-of-band changes detected (and the ones
 * Terraform does not manage ignored) → import → an org role slug without `org-` rejected →
 * deleting a role still in use fails clearly, and works with force_delete → destroy. Against a
 * target without the dashboard extras (real WorkOS), a role policy fails at plan time.
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { Workspace, PROVIDER_HCL } from '../helpers/terraform';
import { startDashboardlessProxy, flat, collect } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_org_0123456789abcdef';

interface Opts {
  orgName?: string;
  billingSlug?: string;
  billingPerms?: string;
  aliceRoles?: string;
  priority?: string;
  multipleRoles?: boolean;
  auditor?: 'absent' | 'present' | 'force';
}

const config = (o: Opts = {}) => `
${PROVIDER_HCL}
resource "workos_permission" "invoices_view" {
  slug = "invoices:view"
  name = "View invoices"
}

resource "workos_permission" "invoices_pay" {
  slug = "invoices:pay"
  name = "Pay invoices"
}

resource "workos_organization" "acme" {
  name        = "${o.orgName ?? 'Acme'}"
  external_id = "acme-1"
}

resource "workos_user" "alice" {
  email      = "alice@example.com"
  first_name = "Alice"
}

resource "workos_user" "bob" {
  email = "bob@example.com"
}

resource "workos_organization_role" "billing" {
  organization_id = workos_organization.acme.id
  slug            = "${o.billingSlug ?? 'org-billing'}"
  name            = "Billing"
  permissions     = ${o.billingPerms ?? '[workos_permission.invoices_view.slug]'}
}
${
  (o.auditor ?? 'present') === 'absent'
    ? ''
    : `
resource "workos_organization_role" "auditor" {
  organization_id = workos_organization.acme.id
  slug            = "org-auditor"
  name            = "Auditor"
  ${o.auditor === 'force' ? 'force_delete    = true' : ''}
}
`
}
resource "workos_organization_membership" "alice" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.alice.id
  roles           = ${o.aliceRoles ?? '[workos_organization_role.billing.slug]'}
  # More than one role needs multiple-roles mode first.
  depends_on = [workos_role_policy.acme]
}

# Bob's roles are left to mappings and the default role: Terraform only records them.
resource "workos_organization_membership" "bob" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.bob.id
}

resource "workos_role_policy" "acme" {
  organization_id = workos_organization.acme.id
  priority        = ${o.priority ?? '[workos_organization_role.billing.slug, "member"]'}
  multiple_roles  = ${o.multipleRoles ?? false}
}
`;

describe('organization topology through terraform', () => {
  const target = useControlPlaneWorkspace({ apiKey: API_KEY });

  const attrs = (type: string, name: string) => target.ws.state().resources.find((r) => r.type === type && r.name === name)!.instances[0]!.attributes;
  const orgId = () => attrs('workos_organization', 'acme').id as string;
  const membershipId = (name: string) => attrs('workos_organization_membership', name).id as string;
  const sorted = (xs: readonly string[]) => [...xs].sort();

  test('create, then a second plan is empty', async () => {
    target.ws.write({ 'main.tf': config() });
    await target.ws.init();
    await target.ws.apply();

    const org = await target.client.organizations.get(orgId());
    expect(org).toMatchObject({ name: 'Acme', externalId: 'acme-1' });
    expect(await target.client.users.get(attrs('workos_user', 'alice').id as string)).toMatchObject({ email: 'alice@example.com', firstName: 'Alice', lastName: null });
    expect((await target.client.organizationRoles.get(org.id, 'org-billing')).permissions).toEqual(['invoices:view']);
    expect((await target.client.memberships.get(membershipId('alice'))).roleSlugs).toEqual(['org-billing']);
    const policy = await target.client.rolePolicy.get(org.id);
    expect(policy.priority.slice(0, 2)).toEqual(['org-billing', 'member']);
    expect(policy.multipleRoles).toBe(false);

    // Unmanaged roles are recorded; unmanaged policy attributes stay null.
    const bob = await target.client.memberships.get(membershipId('bob'));
    expect(attrs('workos_organization_membership', 'bob').roles).toEqual([...bob.roleSlugs]);
    expect(attrs('workos_role_policy', 'acme')).toMatchObject({ id: org.id, priority: ['org-billing', 'member'], default_role: null, multiple_roles: false });

    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('changes are planned in place, never as replacements', async () => {
    target.ws.write({
      'main.tf': config({
        orgName: 'Acme Corp',
        billingPerms: '[workos_permission.invoices_view.slug, workos_permission.invoices_pay.slug]',
        aliceRoles: '[workos_organization_role.billing.slug, workos_organization_role.auditor.slug]',
        priority: '["member", workos_organization_role.billing.slug]',
        multipleRoles: true,
      }),
    });
    const { changes } = await target.ws.plan();
    expect(changes).toEqual({
      'workos_organization.acme': ['update'],
      'workos_organization_role.billing': ['update'],
      'workos_organization_membership.alice': ['update'],
      'workos_role_policy.acme': ['update'],
    });
    await target.ws.apply();
    expect((await target.client.organizations.get(orgId())).name).toBe('Acme Corp');
    expect(sorted((await target.client.organizationRoles.get(orgId(), 'org-billing')).permissions)).toEqual(['invoices:pay', 'invoices:view']);
    expect(sorted((await target.client.memberships.get(membershipId('alice'))).roleSlugs)).toEqual(['org-auditor', 'org-billing']);
    const policy = await target.client.rolePolicy.get(orgId());
    expect(policy.priority.slice(0, 2)).toEqual(['member', 'org-billing']);
    expect(policy.multipleRoles).toBe(true);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('out-of-band changes to managed values are detected; unmanaged ones are not', async () => {
    const org = orgId();
    await target.client.organizations.update(org, { name: 'Renamed out of band' });
    await target.client.organizationRoles.setPermissions(org, 'org-billing', ['invoices:view']);
    await target.client.memberships.setRoles(membershipId('alice'), ['org-billing']);
    await target.client.rolePolicy.update(org, { priority: ['org-billing', 'member'] });
    // Not managed: Bob's roles, and a role created elsewhere (it joins the bottom of the order).
    await target.client.memberships.setRoles(membershipId('bob'), ['org-auditor']);
    await target.client.organizationRoles.create(org, { slug: 'org-extra', name: 'Extra' });

    const { changes, json } = await target.ws.plan();
    expect(changes).toEqual({
      'workos_organization.acme': ['update'],
      'workos_organization_role.billing': ['update'],
      'workos_organization_membership.alice': ['update'],
      'workos_role_policy.acme': ['update'],
    });
    const policy = json.resource_changes!.find((c) => c.address === 'workos_role_policy.acme')!.change;
    expect(policy.before!.priority).toEqual(['org-billing', 'member']);
    expect(policy.after!.priority).toEqual(['member', 'org-billing']);
    await target.ws.apply();
    expect((await target.client.organizations.get(org)).name).toBe('Acme Corp');
    expect((await target.client.rolePolicy.get(org)).priority.slice(0, 2)).toEqual(['member', 'org-billing']);
    expect((await target.client.memberships.get(membershipId('bob'))).roleSlugs).toEqual(['org-auditor']); // left alone
    expect(attrs('workos_organization_membership', 'bob').roles).toEqual(['org-auditor']); // and recorded
    expect((await target.ws.plan()).changes).toEqual({});

    // An object deleted out of band is planned for creation again.
    await target.client.memberships.delete(membershipId('alice'));
    expect((await target.ws.plan()).changes).toEqual({ 'workos_organization_membership.alice': ['create'] });
    await target.ws.apply();
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('terraform import by id, <organization_id>/<slug> and the organization id, then the plan is empty', async () => {
    const org = orgId();
    const alice = membershipId('alice');
    const addresses = ['workos_organization.acme', 'workos_user.alice', 'workos_organization_role.billing', 'workos_organization_membership.alice', 'workos_role_policy.acme'];
    await target.ws.must(['state', 'rm', ...addresses]);
    await target.ws.must(['import', '-input=false', 'workos_organization.acme', org]);
    await target.ws.must(['import', '-input=false', 'workos_user.alice', (await target.client.memberships.get(alice)).userId]);
    await target.ws.must(['import', '-input=false', 'workos_organization_role.billing', `${org}/org-billing`]);
    await target.ws.must(['import', '-input=false', 'workos_organization_membership.alice', alice]);
    await target.ws.must(['import', '-input=false', 'workos_role_policy.acme', org]);
    expect(attrs('workos_organization_role', 'billing')).toMatchObject({ organization_id: org, slug: 'org-billing', name: 'Billing', force_delete: false });

    // The imported policy records everything the server has (full order, default role, mode);
    // the config manages the head of the order and the mode only, so the one change is
    // trimming the state to that: nothing changes on the server.
    const { changes, json } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_role_policy.acme': ['update'] });
    const policy = json.resource_changes!.find((c) => c.address === 'workos_role_policy.acme')!.change;
    expect((policy.before!.priority as string[]).length).toBeGreaterThan(2);
    expect(policy.after).toMatchObject({ priority: ['member', 'org-billing'], default_role: null, multiple_roles: true });
    const order = (await target.client.rolePolicy.get(org)).priority;
    await target.ws.apply();
    expect((await target.client.rolePolicy.get(org)).priority).toEqual(order);
    expect((await target.ws.plan()).changes).toEqual({});

    const bad = await target.ws.tf(['import', '-input=false', 'workos_organization_role.billing', 'org-billing']);
    expect(bad.code).toBe(1);
    expect(flat(bad.stderr)).toMatch(/Expected "<organization_id>\/<slug>"/);
  });

  test('an organization role slug without org- is rejected at validate, naming slug, and nothing changes', async () => {
    const before = await collect(target.client.organizationRoles.list(orgId()));
    target.ws.write({ 'main.tf': config({ orgName: 'Acme Corp', billingSlug: 'billing', aliceRoles: '["org-billing"]', priority: '["member", "org-billing"]', multipleRoles: true }) });
    const validate = await target.ws.tf(['validate']);
    expect(validate.code).toBe(1);
    const text = flat(validate.stderr);
    expect(text).toMatch(/Invalid value for "slug"/);
    expect(text).toMatch(/must start with "org-"/);
    expect(text).toMatch(/workos_organization_role\.billing/);
    const apply = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    expect(await collect(target.client.organizationRoles.list(orgId()))).toEqual(before);
  });

  const current = { orgName: 'Acme Corp', priority: '["member", workos_organization_role.billing.slug]', multipleRoles: true, aliceRoles: '[workos_organization_role.billing.slug]' };

  test('deleting a role still in use fails, saying what uses it; force_delete removes those first', async () => {
    const org = orgId();
    // Bob holds org-auditor (given out of band above; his roles are not managed).
    target.ws.write({ 'main.tf': config({ ...current, auditor: 'absent' }) });
    expect((await target.ws.plan()).changes).toMatchObject({ 'workos_organization_role.auditor': ['delete'] });
    const failed = await target.ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(failed.code).toBe(1);
    const text = flat(failed.stderr);
    expect(text).toMatch(/Organization role "org-auditor" is still in use/);
    expect(text).toContain(membershipId('bob'));
    expect(text).toMatch(/force_delete = true/);
    expect(text).toMatch(/Nothing was deleted/);
    await expect(target.client.organizationRoles.get(org, 'org-auditor')).resolves.toMatchObject({ slug: 'org-auditor' });
    expect((await target.client.memberships.get(membershipId('bob'))).roleSlugs).toEqual(['org-auditor']);

    // Opt in (applied while the role is still configured), then remove it.
    target.ws.write({ 'main.tf': config({ ...current, auditor: 'force' }) });
    // (Alice's role change may still be pending: terraform stops the apply at the first error.)
    const optIn = (await target.ws.plan()).changes;
    expect(optIn['workos_organization_role.auditor']).toEqual(['update']);
    expect(Object.values(optIn).flat()).not.toContain('delete');
    await target.ws.apply();
    target.ws.write({ 'main.tf': config({ ...current, auditor: 'absent' }) });
    await target.ws.apply();
    await expect(target.client.organizationRoles.get(org, 'org-auditor')).rejects.toMatchObject({ status: 404 });
    const defaultRole = (await target.client.rolePolicy.get(org)).defaultRole;
    expect((await target.client.memberships.get(membershipId('bob'))).roleSlugs).toEqual([defaultRole]);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('destroy removes the objects; destroying the role policy changes nothing on the server', async () => {
    const org = orgId();
    const users = [attrs('workos_user', 'alice').id as string, attrs('workos_user', 'bob').id as string];
    await target.ws.must(['destroy', '-auto-approve', '-input=false']);
    await expect(target.client.organizations.get(org)).rejects.toMatchObject({ status: 404 });
    for (const id of users) await expect(target.client.users.get(id)).rejects.toMatchObject({ status: 404 });
    expect(target.ws.state().resources).toEqual([]);
  });

  test('against a target without dashboard extras (real WorkOS) a role policy fails at plan time and nothing changes', async () => {
    const realLike = await startDashboardlessProxy(target.url);
    const real = new Workspace(realLike.url, API_KEY);
    try {
      const before = await target.client.rolePolicy.get(null);
      real.write({
        'main.tf': `
terraform {
  required_providers {
    workos = { source = "workos-rbac/workos" }
  }
}

provider "workos" {}

resource "workos_role_policy" "environment" {
  priority       = ["member"]
  multiple_roles = true
}
`,
      });
      await real.init();
      const plan = await real.tf(['plan', '-input=false']);
      expect(plan.code).toBe(1);
      const text = flat(plan.stderr);
      expect(text).toMatch(/The WorkOS API cannot manage the role policy/);
      expect(text).toMatch(/priority order, the default role or multiple-roles mode/);
      expect(text).toMatch(/Authorization → Roles/);
      expect(text).toMatch(/Authorization → Configuration/);
      expect(text).toMatch(/Nothing was changed/);
      expect(await target.client.rolePolicy.get(null)).toEqual(before);
    } finally {
      real.cleanup();
      await realLike.close();
    }
  });
});
