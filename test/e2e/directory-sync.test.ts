/**
 * The whole loop through real terraform and real SCIM requests (docs/semantics.md, "Directory
 * sync and sign-in"): terraform creates a directory and its group mappings; an IdP pushes a
 * user and groups to the directory's SCIM endpoint with the token terraform output; the member
 * gets the mapped role at once; a mapping change applied by terraform re-resolves that existing
 * member; the next plan is empty (roles IdPs give are not terraform's to manage); `role-changes`
 * says who got what and why; destroying the directory leaves the membership inactive.
 */
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { collect } from '../helpers/fixtures';
import { CLI, PROVIDER_HCL, ROOT, runCommand } from '../helpers/terraform';

const stack = (engineeringRole: string) => `
${PROVIDER_HCL}
resource "workos_role" "developer" {
  slug = "developer"
  name = "Developer"
}

resource "workos_role" "designer" {
  slug = "designer"
  name = "Designer"
}

resource "workos_role_policy" "environment" {
  priority = [workos_role.developer.slug, workos_role.designer.slug, "member"]
}

resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_directory" "okta" {
  organization_id = workos_organization.acme.id
  name            = "Okta"
  type            = "okta scim v2.0"
}

resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  directory_id    = workos_directory.okta.id
  group           = "Engineering"
  roles           = [${engineeringRole}]
  depends_on      = [workos_role_policy.environment]
}

output "scim_endpoint" {
  value = workos_directory.okta.scim_endpoint
}

output "scim_token" {
  value     = workos_directory.okta.bearer_token
  sensitive = true
}

output "organization_id" {
  value = workos_organization.acme.id
}
`;

describe('directory sync through terraform and SCIM', () => {
  const h = useControlPlaneWorkspace();
  let scim: { endpoint: string; token: string };
  let orgId: string;

  const push = async (method: string, resource: string, body?: unknown) => {
    const res = await fetch(`${scim.endpoint}${resource}`, {
      method,
      headers: { authorization: `Bearer ${scim.token}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`SCIM ${method} ${resource}: ${res.status} ${text}`);
    return text ? (JSON.parse(text) as { id: string }) : undefined;
  };
  const aliceRoles = async () => {
    const [m] = await collect(h.client.memberships.list({ organizationId: orgId }));
    return { roles: m.roleSlugs, status: m.status };
  };
  const output = async (name: string) => (await h.ws.must(['output', '-raw', name])).stdout;

  test('apply: the directory exposes its SCIM endpoint; the token is sensitive in the plan', async () => {
    h.ws.write({ 'main.tf': stack('workos_role.developer.slug') });
    await h.ws.init();
    const plan = await h.ws.plan();
    expect(plan.changes['workos_directory.okta']).toEqual(['create']);
    await h.ws.apply();
    scim = { endpoint: await output('scim_endpoint'), token: await output('scim_token') };
    orgId = await output('organization_id');
    expect(scim.endpoint).toMatch(new RegExp(`^${h.url}/directories/directory_[0-9A-Z]{26}/scim/v2$`));
    expect(scim.token.length).toBeGreaterThanOrEqual(32);
    expect(JSON.stringify(plan.text)).not.toContain(scim.token);
  });

  test('the IdP pushes a user and the Engineering group: the member is a developer at once', async () => {
    const alice = await push('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'alice@acme.test',
      externalId: '00u1alice',
      name: { givenName: 'Alice', familyName: 'Liddell' },
      emails: [{ primary: true, value: 'alice@acme.test', type: 'work' }],
      active: true,
    });
    expect(await aliceRoles()).toEqual({ roles: ['member'], status: 'active' });
    await push('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', members: [{ value: alice!.id }] });
    expect(await aliceRoles()).toEqual({ roles: ['developer'], status: 'active' });
  });

  test('a mapping change applied by terraform re-resolves the existing member; the next plan is empty', async () => {
    h.ws.write({ 'main.tf': stack('workos_role.designer.slug') });
    const plan = await h.ws.plan();
    expect(plan.changes).toEqual({ 'workos_directory_group_mapping.engineering': ['update'] });
    await h.ws.apply();
    expect(await aliceRoles()).toEqual({ roles: ['designer'], status: 'active' });
    expect((await h.ws.plan()).changes).toEqual({});
  });

  test('workos-rbac role-changes says who got which role, when and why', async () => {
    const r = await runCommand(process.execPath, [CLI, 'role-changes', '--organization', orgId], {
      cwd: ROOT,
      env: { ...process.env, WORKOS_BASE_URL: h.url, WORKOS_API_KEY: h.apiKey },
    });
    expect(r.stderr).toBe('');
    const out = r.stdout;
    const heads = out.split('\n').filter((l) => !l.startsWith(' ')).map((l) => l.replace(/^\S+ {2}/, ''));
    expect(heads).toEqual(['alice@acme.test in Acme: (none) → member', 'alice@acme.test in Acme: member → developer', 'alice@acme.test in Acme: developer → designer', '']);
    expect(out).toContain('    because "alice@acme.test" added to directory group "Engineering"');
    expect(out).toContain('    because directory group mapping "Engineering" changed');
  });

  test('destroying the directory leaves the membership it provisioned inactive with no role; then everything goes', async () => {
    await h.ws.must(['destroy', '-auto-approve', '-input=false', '-target=workos_directory.okta']);
    expect(await aliceRoles()).toEqual({ roles: [], status: 'inactive' });
    await h.ws.must(['destroy', '-auto-approve', '-input=false']);
    expect(await collect(h.client.organizations.list())).toEqual([]);
  });
});
