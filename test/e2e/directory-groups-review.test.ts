/**
 * Real group membership in previews and reviews, through the real terraform CLI against the
 * local control plane once its directory holds people (seeded as the SCIM endpoints commit
 * them: test/helpers/directory-seed.ts): `data "workos_effective_roles"` with
 * `directory_user_id` previews Alice from her real groups, and `workos-rbac impact --enrich`
 * on a plan that moves "Engineering" from developer to admin says how many active members
 * that group has now.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startControlPlane, type ControlPlane } from '../../src/control-plane';
import type { ImpactReport } from '../../src/impact/impact';
import { createDirectory, reopenWithDirectory } from '../helpers/directory-seed';
import { flat } from '../helpers/fixtures';
import { CLI, PROVIDER_HCL, requireBuild, ROOT, runCommand, type RunResult, Workspace } from '../helpers/terraform';

const API_KEY = 'sk_test_directory_review_0123456789';
function cli(args: string[], stdin: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return runCommand(process.execPath, [CLI, ...args], { cwd: ROOT, env, stdin });
}

const hcl = (o: { engineeringRole: string; alice?: string }) => `${PROVIDER_HCL}
resource "workos_permission" "push" {
  slug = "code:push"
  name = "Push code"
}
resource "workos_permission" "billing" {
  slug = "billing:manage"
  name = "Manage billing"
}
resource "workos_role" "developer" {
  slug        = "developer"
  name        = "Developer"
  permissions = [workos_permission.push.slug]
}
resource "workos_role" "admin" {
  slug        = "admin"
  name        = "Admin"
  permissions = [workos_permission.push.slug, workos_permission.billing.slug]
}
resource "workos_organization" "acme" {
  name = "Acme"
}
resource "workos_directory_group_mapping" "engineering" {
  organization_id = workos_organization.acme.id
  group           = "Engineering"
  roles           = [workos_role.${o.engineeringRole}.slug]
}
${
  o.alice
    ? `data "workos_effective_roles" "alice" {
  organization_id   = workos_organization.acme.id
  directory_user_id = "${o.alice}"
}
output "alice" { value = data.workos_effective_roles.alice }`
    : ''
}
`;

describe('directory groups in previews and reviews', () => {
  let plane: ControlPlane | undefined;
  let ws: Workspace | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await plane?.close();
    ws?.cleanup();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the preview uses Alice\'s real groups; impact --enrich counts the active members of the changed group', async () => {
    requireBuild();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-data-'));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: () => {} });
    ws = new Workspace(plane.url, API_KEY);

    // GIVEN Acme where "Engineering" gives developer, deployed by terraform
    ws.write({ 'main.tf': hcl({ engineeringRole: 'developer' }) });
    await ws.init();
    await ws.apply();
    const acme = ws.state().resources.find((r) => r.type === 'workos_organization')!.instances[0]!.attributes.id as string;
    // AND an Okta directory where Engineering holds Alice and Bob, and deactivated Carol
    const okta = await createDirectory(plane.url, API_KEY, acme, 'Okta');
    let seeded;
    ({ plane, seeded } = await reopenWithDirectory(plane, { dataDir, apiKey: API_KEY }, okta, {
      users: [{ email: 'alice@acme.example' }, { email: 'bob@acme.example' }, { email: 'carol@acme.example', active: false }, { email: 'dana@acme.example' }],
      groups: [
        { name: 'Engineering', members: ['alice@acme.example', 'bob@acme.example', 'carol@acme.example'] },
        { name: 'Everyone', members: ['alice@acme.example', 'bob@acme.example', 'carol@acme.example', 'dana@acme.example'] },
      ],
    }));

    // WHEN Alice's directory user is previewed
    const alice = seeded.users.get('alice@acme.example')!;
    ws.write({ 'main.tf': hcl({ engineeringRole: 'developer', alice }) });
    await ws.apply();
    const outputs = JSON.parse((await ws.must(['output', '-json'])).stdout) as { alice: { value: { roles: string[]; reasons: string[]; directory_user_id: string } } };
    // THEN her real group Engineering gives developer, and the reason names it
    expect(outputs.alice.value).toMatchObject({
      directory_user_id: alice,
      roles: ['developer'],
      reasons: ['developer: directory group "Engineering" → developer (highest priority among exclusive matches (directory mappings take precedence))'],
    });

    // WHEN a plan moves Engineering from developer to admin
    ws.write({ 'main.tf': hcl({ engineeringRole: 'admin', alice }) });
    const { changes } = await ws.plan();
    expect(changes).toEqual({ 'workos_directory_group_mapping.engineering': ['update'] });
    const planJson = (await ws.must(['show', '-json', 'tfplan'])).stdout;
    const env = { ...process.env, WORKOS_BASE_URL: plane.url, WORKOS_API_KEY: API_KEY };

    // THEN impact --enrich counts Engineering's active members now: Alice and Bob
    const json = await cli(['impact', '-', '--format', 'json', '--enrich'], planJson, env);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as ImpactReport).changes).toEqual([
      { organization: 'Acme', subject: { kind: 'directory_group', name: 'Engineering' }, roles: { before: ['developer'], after: ['admin'] }, permissions: { gained: ['billing:manage'], lost: [] }, members: 2 },
    ]);
    const md = await cli(['impact', '-', '--enrich'], planJson, env);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| directory group "Engineering" (2 active members now) | `developer` | `admin` | `billing:manage` | — |');

    // AND a preview of a directory user the target does not have fails the plan, naming the field
    ws.write({ 'main.tf': hcl({ engineeringRole: 'developer', alice: 'directory_user_01NOSUCHUSER' }) });
    const bad = await ws.tf(['plan', '-input=false']);
    expect(bad.code).toBe(1);
    expect(flat(bad.stderr)).toContain("directory_user_id: no directory user 'directory_user_01NOSUCHUSER'");
  });
});
