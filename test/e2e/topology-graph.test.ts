/**
 * Graph validation at plan time through the real terraform CLI, plain HCL,
 * against the local control plane (in this process: terraform runs asynchronously):
 * references to roles/permissions created in the same configuration plan and apply cleanly;
 * a misspelt role or permission slug, two resources creating the same slug, and another
 * organization's `org-` role each fail at plan, naming the attribute, before anything changes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlane } from '../helpers/control-plane';
import { NotFoundError } from '../../src/client/errors';
import { Workspace, PROVIDER_HCL } from '../helpers/terraform';
import { flat } from '../helpers/fixtures';

const API_KEY = 'sk_test_e2e_graph_0123456789';

const header = `
${PROVIDER_HCL}`;

const valid = (reportsSlug: string) => `
resource "workos_organization" "acme" {
  name = "Acme Graph"
}

resource "workos_user" "alice" {
  email = "alice.graph@example.com"
}

resource "workos_permission" "reports" {
  slug = "${reportsSlug}"
  name = "View reports"
}

resource "workos_role" "developer" {
  slug        = "graph-developer"
  name        = "Developer"
  permissions = [workos_permission.reports.slug]
}

resource "workos_organization_role" "engineer" {
  organization_id = workos_organization.acme.id
  slug            = "org-graph-engineer"
  name            = "Engineer"
  permissions     = [workos_permission.reports.slug]
}

resource "workos_directory" "okta" {
  organization_id = workos_organization.acme.id
  name            = "Acme Graph Okta"
}

resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  directory_id    = workos_directory.okta.id
  group           = "Engineering"
  roles           = [workos_role.developer.slug, workos_organization_role.engineer.slug]
}

resource "workos_organization_membership" "alice" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.alice.id
  roles           = [workos_role.developer.slug]
}
`;

describe('graph validation at plan time', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  const workspaces: Workspace[] = [];
  const workspace = (): Workspace => {
    const ws = new Workspace(target.url, API_KEY);
    workspaces.push(ws);
    return ws;
  };
  const stateFile = (ws: Workspace) => path.join(ws.dir, 'terraform.tfstate');
  const managed = (ws: Workspace): number => (fs.existsSync(stateFile(ws)) ? ws.state().resources.length : 0);
  const missing = async (get: () => Promise<unknown>): Promise<boolean> =>
    get().then(
      () => false,
      (err: unknown) => err instanceof NotFoundError,
    );

  afterAll(async () => {
    for (const ws of workspaces) ws.cleanup();
  });

  describe('a valid configuration', () => {
    let ws: Workspace;
    beforeAll(() => {
      ws = workspace();
    });

    test('references to roles and permissions created in the same configuration plan and apply; the second plan is empty', async () => {
      ws.write({ 'main.tf': header + valid('graph-reports:view') });
      await ws.init();
      await ws.apply();
      expect((await target.client.roles.get('graph-developer')).permissions).toEqual(['graph-reports:view']);
      expect((await ws.plan()).changes).toEqual({});
    });

    test('apply re-plans every resource (a replacement twice) without tripping the duplicate check', async () => {
      ws.write({ 'main.tf': header + valid('graph-reports:read') });
      expect((await ws.plan()).changes).toMatchObject({ 'workos_permission.reports': ['delete', 'create'] });
      await ws.apply();
      expect((await target.client.roles.get('graph-developer')).permissions).toEqual(['graph-reports:read']);
      expect((await ws.plan()).changes).toEqual({});
    });
  });

  test('a misspelt role slug in a mapping fails at plan, naming roles; nothing is created', async () => {
    const ws = workspace();
    ws.write({
      'main.tf':
        header +
        `
resource "workos_organization" "typo" {
  name = "Typo Org"
}

resource "workos_role" "developer" {
  slug = "typo-developer"
  name = "Developer"
}

resource "workos_directory" "okta" {
  organization_id = workos_organization.typo.id
  name            = "Typo Okta"
}

resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.typo.id
  directory_id    = workos_directory.okta.id
  group           = "Engineering"
  roles           = ["typo-develper"]
}
`,
    });
    await ws.init();
    const plan = await ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    const text = flat(plan.stderr);
    expect(text).toContain('role "typo-develper" does not exist in WorkOS and is not created earlier in this plan');
    expect(text).toMatch(/roles\s+= \["typo-develper"\]/);
    const apply = await ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    expect(managed(ws)).toBe(0);
    expect(await missing(() => target.client.roles.get('typo-developer'))).toBe(true);
  });

  test('a role listing a permission that does not exist fails at plan, naming permissions', async () => {
    const ws = workspace();
    ws.write({
      'main.tf':
        header +
        `
resource "workos_role" "auditor" {
  slug        = "graph-auditor"
  name        = "Auditor"
  permissions = ["graph-audit:nope"]
}
`,
    });
    await ws.init();
    const plan = await ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    const text = flat(plan.stderr);
    expect(text).toContain('permission "graph-audit:nope" does not exist in WorkOS and is not created earlier in this plan');
    expect(text).toMatch(/permissions\s+= \["graph-audit:nope"\]/);
    expect(await missing(() => target.client.roles.get('graph-auditor'))).toBe(true);
  });

  test('two permissions with the same slug fail at plan, naming slug', async () => {
    const ws = workspace();
    ws.write({
      'main.tf':
        header +
        `
resource "workos_permission" "one" {
  slug = "graph-dup:view"
  name = "View (one)"
}

resource "workos_permission" "two" {
  slug = "graph-dup:view"
  name = "View (two)"
}
`,
    });
    await ws.init();
    const plan = await ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    const text = flat(plan.stderr);
    expect(text).toContain('another resource in this configuration also creates permission "graph-dup:view"');
    expect(text).toMatch(/slug\s+= "graph-dup:view"/);
    expect(await missing(() => target.client.permissions.get('graph-dup:view'))).toBe(true);
  });

  test("a mapping naming another organization's org- role fails at plan, naming roles and that organization", async () => {
    const ws = workspace();
    const orgs = `
resource "workos_organization" "alpha" {
  name = "Alpha Graph"
}

resource "workos_organization" "beta" {
  name = "Beta Graph"
}

resource "workos_organization_role" "alpha_ops" {
  organization_id = workos_organization.alpha.id
  slug            = "org-graph-ops"
  name            = "Ops"
}

resource "workos_directory" "beta" {
  organization_id = workos_organization.beta.id
  name            = "Beta Okta"
}
`;
    ws.write({ 'main.tf': header + orgs });
    await ws.init();
    await ws.apply();
    const alphaId = ws.state().resources.find((r) => r.type === 'workos_organization' && r.name === 'alpha')!.instances[0].attributes.id as string;

    ws.write({
      'main.tf':
        header +
        orgs +
        `
resource "workos_directory_group_mapping" "beta_ops" {
  organization_id = workos_organization.beta.id
  directory_id    = workos_directory.beta.id
  group           = "Ops"
  roles           = ["org-graph-ops"]
}
`,
    });
    const plan = await ws.tf(['plan', '-input=false']);
    expect(plan.code).toBe(1);
    const text = flat(plan.stderr);
    expect(text).toMatch(/The mapping's roles include "org-graph-ops", which organization org_\w+ cannot use/);
    expect(text).toContain('role "org-graph-ops" belongs to organization "Alpha Graph"');
    expect(text).toContain(`"Alpha Graph" (${alphaId})`);
    expect(text).toMatch(/roles\s+= \["org-graph-ops"\]/);
    expect(text).not.toContain('directory_id'); // its directory is Beta's own
  });
});
