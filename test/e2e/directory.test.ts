/**
 * workos_directory through the real terraform CLI, plain HCL, against the local control plane:
 * create (with a directory group mapping naming it, and the endpoint and token as outputs) →
 * empty second plan → in-place rename → out-of-band rename detected → import by id → deleted
 * out of band → destroy; the bearer token is sensitive (never in plan or show text nor in a
 * drift report; read with `terraform output -raw`), the API key never in state; and against a
 * target without the dashboard (real WorkOS), a plan that says so and changes nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { useControlPlaneWorkspace } from '../helpers/control-plane';
import { Workspace, PROVIDER_HCL } from '../helpers/terraform';
import { collect, flat, startDashboardlessProxy } from '../helpers/fixtures';
import { computeDrift, SENSITIVE_VALUE } from '../../src/impact/drift';

const API_KEY = 'sk_test_e2e_directory_0123456789';

const config = (opts: { name: string; type?: string }) => `
${PROVIDER_HCL}
resource "workos_organization" "acme" {
  name = "Acme"
}

resource "workos_role" "developer" {
  slug = "developer"
  name = "Developer"
}

resource "workos_directory" "okta" {
  organization_id = workos_organization.acme.id
  name            = "${opts.name}"${opts.type ? `\n  type            = "${opts.type}"` : ''}
}

resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  directory_id    = workos_directory.okta.id
  group           = "Engineering"
  roles           = [workos_role.developer.slug]
}

output "scim_endpoint" {
  value = workos_directory.okta.scim_endpoint
}

output "scim_token" {
  value     = workos_directory.okta.bearer_token
  sensitive = true
}
`;

describe('workos_directory through terraform', () => {
  const target = useControlPlaneWorkspace({ apiKey: API_KEY });

  const attrs = (type: string, name: string): Record<string, unknown> =>
    target.ws.state().resources.find((r) => r.type === type && r.name === name)!.instances[0].attributes;
  const directoryId = (): string => attrs('workos_directory', 'okta').id as string;
  const stateText = (): string => fs.readFileSync(path.join(target.ws.dir, 'terraform.tfstate'), 'utf8');

  test('create with a mapping naming it; the token is an output, hidden from `terraform show`; the API key is not in state; a second plan is empty', async () => {
    target.ws.write({ 'main.tf': config({ name: 'Acme Okta', type: 'okta scim v2.0' }) });
    await target.ws.init();
    await target.ws.apply();

    const id = directoryId();
    const setup = await target.client.directories.getSetup(id);
    expect(attrs('workos_directory', 'okta')).toEqual({
      id,
      organization_id: attrs('workos_organization', 'acme').id,
      name: 'Acme Okta',
      type: 'okta scim v2.0',
      scim_endpoint: `${target.url}/directories/${id}/scim/v2`,
      bearer_token: setup.bearerToken,
    });
    const [mapping] = await collect(target.client.roleMappings.list(setup.organizationId));
    expect(mapping).toMatchObject({ kind: 'directory', sourceId: id, group: 'Engineering', roles: ['developer'] });

    expect((await target.ws.must(['output', '-raw', 'scim_token'])).stdout).toBe(setup.bearerToken);
    expect((await target.ws.must(['output', '-raw', 'scim_endpoint'])).stdout).toBe(setup.scimEndpoint);
    const shown = (await target.ws.must(['show'])).stdout;
    expect(shown).toMatch(/bearer_token\s+= \(sensitive value\)/);
    expect(shown).not.toContain(setup.bearerToken);
    expect(stateText()).not.toContain(API_KEY);

    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('the SCIM endpoint is under the target: its directory answers with the API key', async () => {
    const endpoint = attrs('workos_directory', 'okta').scim_endpoint as string;
    expect(endpoint.endsWith('/scim/v2')).toBe(true);
    const res = await fetch(endpoint.slice(0, -'/scim/v2'.length), { headers: { authorization: `Bearer ${API_KEY}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ object: 'directory', id: directoryId(), name: 'Acme Okta', type: 'okta scim v2.0' });
  });

  test('a rename is an in-place update: same id, same token, and the token stays out of the plan text', async () => {
    const before = attrs('workos_directory', 'okta');
    target.ws.write({ 'main.tf': config({ name: 'Acme Okta (prod)', type: 'okta scim v2.0' }) });
    const { changes, text } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_directory.okta': ['update'] });
    expect(text).not.toContain(before.bearer_token as string);
    await target.ws.apply();
    expect(attrs('workos_directory', 'okta')).toEqual({ ...before, name: 'Acme Okta (prod)' });
    expect((await target.client.directories.get(directoryId())).name).toBe('Acme Okta (prod)');
  });

  test('another type replaces it; the plan shows the old token as sensitive', async () => {
    target.ws.write({ 'main.tf': config({ name: 'Acme Okta (prod)', type: 'azure scim v2.0' }) });
    const { changes, text } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_directory.okta': ['delete', 'create'], 'workos_directory_group_mapping.engineering': ['delete', 'create'] });
    expect(text).toMatch(/~ type\s+= "okta scim v2.0" -> "azure scim v2.0" # forces replacement/);
    expect(text).toMatch(/bearer_token\s+= \(sensitive value\)/);
    expect(text).not.toContain(attrs('workos_directory', 'okta').bearer_token as string);
    target.ws.write({ 'main.tf': config({ name: 'Acme Okta (prod)', type: 'okta scim v2.0' }) });
  });

  test('a rename made in the dashboard is detected on the next plan, and applying restores the name', async () => {
    await target.client.directories.update(directoryId(), { name: 'Renamed in the dashboard' });
    const { changes, json } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_directory.okta': ['update'] });
    const change = json.resource_changes!.find((c) => c.address === 'workos_directory.okta')!.change;
    expect([change.before!.name, change.after!.name]).toEqual(['Renamed in the dashboard', 'Acme Okta (prod)']);
    await target.ws.apply();
    expect((await target.client.directories.get(directoryId())).name).toBe('Acme Okta (prod)');
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('terraform import by id fills in endpoint and token; then the plan is empty', async () => {
    const before = attrs('workos_directory', 'okta');
    await target.ws.must(['state', 'rm', 'workos_directory.okta']);
    await target.ws.must(['import', '-input=false', 'workos_directory.okta', before.id as string]);
    expect(attrs('workos_directory', 'okta')).toEqual(before);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('a directory deleted in the dashboard: the drift report names it without its token; apply creates it again', async () => {
    const token = attrs('workos_directory', 'okta').bearer_token as string;
    await target.client.directories.delete(directoryId());
    await target.ws.must(['plan', '-refresh-only', '-input=false', '-out=drift.tfplan']);
    const plan = JSON.parse((await target.ws.must(['show', '-json', 'drift.tfplan'])).stdout) as unknown;
    const drift = computeDrift(plan).drift.find((d) => d.address === 'workos_directory.okta')!;
    expect(drift.action).toBe('delete');
    expect(drift.changed.bearer_token).toEqual({ before: SENSITIVE_VALUE, after: null });
    expect(JSON.stringify(computeDrift(plan))).not.toContain(token);

    // The directory took its mapping with it (docs/semantics.md): both are created again.
    expect(computeDrift(plan).drift.find((d) => d.address === 'workos_directory_group_mapping.engineering')?.action).toBe('delete');
    const { changes } = await target.ws.plan();
    expect(changes).toEqual({ 'workos_directory.okta': ['create'], 'workos_directory_group_mapping.engineering': ['create'] });
    await target.ws.apply();
    expect(attrs('workos_directory', 'okta').bearer_token).not.toBe(token);
    expect((await target.ws.plan()).changes).toEqual({});
  });

  test('destroy deletes the directory and its mapping', async () => {
    const id = directoryId();
    const mappingId = attrs('workos_directory_group_mapping', 'engineering').id as string;
    await target.ws.must(['destroy', '-auto-approve', '-input=false']);
    await expect(target.client.directories.get(id)).rejects.toMatchObject({ status: 404 });
    await expect(target.client.roleMappings.get(mappingId)).rejects.toMatchObject({ status: 404 });
  });

  test('against a target without the dashboard (real WorkOS) the plan says where to set it up, and nothing changes', async () => {
    const realLike = await startDashboardlessProxy(target.url);
    const real = new Workspace(realLike.url, API_KEY);
    try {
      const orgId = (await target.client.organizations.create({ name: 'Initech' })).id;
      real.write({
        'main.tf': `${PROVIDER_HCL}
resource "workos_directory" "okta" {
  organization_id = "${orgId}"
  name            = "Initech Okta"
}
`,
      });
      await real.init();
      const plan = await real.tf(['plan', '-input=false']);
      expect(plan.code).toBe(1);
      const text = flat(plan.stderr);
      expect(text).toMatch(/The WorkOS API cannot create or rename directories/);
      expect(text).toMatch(/the organization → Directory Sync → Add directory/);
      expect(text).toMatch(/Nothing was changed/);
      expect(await collect(target.client.directories.list(orgId))).toEqual([]);
    } finally {
      real.cleanup();
      await realLike.close();
    }
  });
});
