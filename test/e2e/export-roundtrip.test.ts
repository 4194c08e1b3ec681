/**
 * `workos-rbac export` round trip on the local control plane, with every resource kind:
 * populate the environment through the API, export it, deploy the export with its import
 * instructions (which must adopt everything and change nothing), then plan again: empty.
 * Once as plain HCL through terraform, once as the cdktf app through `cdktf deploy`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkosClient } from '../../src/client';
import { useControlPlane } from '../helpers/control-plane';
import { exportEnvironment, readEnvironment, type ExportResult } from '../../src/export';
import { installedCliConfig, ROOT, runCommand, Workspace } from '../helpers/terraform';

const API_KEY = 'sk_test_export_roundtrip_0123456789';

/** Every resource type the provider has: the export must adopt at least one of each. */
const EVERY_KIND = [
  'workos_permission',
  'workos_role',
  'workos_role_policy',
  'workos_organization',
  'workos_organization_role',
  'workos_user',
  'workos_organization_membership',
  'workos_directory_group_mapping',
  'workos_sso_group_mapping',
  'workos_attribute_mapping',
  'workos_resource_type',
  'workos_resource',
  'workos_resource_assignment',
];

/** An environment configured by hand, as a team adopting the product has one. */
async function populate(client: WorkosClient): Promise<void> {
  const usersView = await client.permissions.create({ slug: 'users:view', name: 'View users', description: 'List and read "users"' });
  await client.permissions.create({ slug: 'users:manage', name: 'Manage users' });
  // Text that needs escaping in both TypeScript and HCL.
  await client.permissions.create({ slug: 'billing:view', name: "Billing's ${view} %{x}", description: 'back\\slash\nnew line' });
  await client.roles.create({ slug: 'admin', name: 'Administrator' });
  await client.roles.setPermissions('admin', ['users:view', 'users:manage']);
  await client.roles.create({ slug: 'viewer', name: 'Viewer', description: 'Read only' });
  await client.roles.setPermissions('viewer', [usersView.slug, 'billing:view']);
  await client.rolePolicy.update(null, { priority: ['admin', 'viewer'], multipleRoles: false });

  const workspace = await client.resourceTypes.create({ slug: 'workspace', name: 'Workspace', parentTypes: [] });
  await client.resourceTypes.create({ slug: 'project', name: 'Project', parentTypes: [workspace.slug] });

  const acme = await client.organizations.create({ name: 'Acme Cloud', externalId: 'acme' });
  const globex = await client.organizations.create({ name: 'Globex' });
  await client.organizationRoles.create(acme.id, { slug: 'org-owner', name: 'Owner', description: 'Account owners' });
  await client.organizationRoles.setPermissions(acme.id, 'org-owner', ['users:manage']);
  await client.organizationRoles.create(globex.id, { slug: 'org-admin', name: 'Admin' });
  await client.organizationRoles.create(globex.id, { slug: 'org-member', name: 'Member' });
  await client.rolePolicy.update(acme.id, { multipleRoles: true });
  await client.rolePolicy.update(globex.id, { priority: ['org-admin', 'org-member'], defaultRole: 'org-member', multipleRoles: false });

  await client.roleMappings.create({ kind: 'directory', organizationId: acme.id, sourceId: null, group: 'Engineering', value: null, roles: ['admin'], mode: null });
  const okta = await client.directories.create({ organizationId: acme.id, name: 'Acme Okta' });
  await client.roleMappings.create({ kind: 'directory', organizationId: acme.id, sourceId: okta.id, group: 'Design Team', value: null, roles: ['viewer', 'org-owner'], mode: 'additive' });
  await client.roleMappings.create({ kind: 'sso', organizationId: globex.id, sourceId: null, group: 'Platform Admins', value: null, roles: ['org-admin'], mode: null });
  await client.roleMappings.create({ kind: 'attribute', organizationId: acme.id, sourceId: null, group: 'myRole', value: 'owner', roles: ['org-owner'], mode: 'exclusive' });

  const alice = await client.users.create({ email: 'alice@acme.example', firstName: 'Alice', lastName: "O'Hara" });
  const bob = await client.users.create({ email: 'bob@acme.example' });
  const aliceAtAcme = await client.memberships.create({ organizationId: acme.id, userId: alice.id, roleSlugs: ['admin', 'org-owner'] });
  await client.memberships.create({ organizationId: acme.id, userId: bob.id }); // the default role
  await client.memberships.create({ organizationId: globex.id, userId: alice.id, roleSlugs: ['org-admin'] });

  const platform = await client.resources.create({ organizationId: acme.id, resourceTypeSlug: 'workspace', externalId: 'platform', name: 'Platform' });
  const api = await client.resources.create({ organizationId: acme.id, resourceTypeSlug: 'project', externalId: 'api-backend', name: 'API Backend', description: 'The API', parentResourceId: platform.id });
  await client.roleAssignments.create(aliceAtAcme.id, { roleSlug: 'viewer', resourceId: api.id });
  await client.roleAssignments.create(aliceAtAcme.id, { roleSlug: 'org-owner', resourceId: platform.id });
}

describe('workos-rbac export: adopt a populated environment, then plan again', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  const tmpDirs: string[] = [];

  beforeAll(async () => {
    installedCliConfig(); // fails loudly when terraform or the build is missing
    await populate(target.client);
  });

  afterAll(async () => {
    for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const expectEveryKind = (result: ExportResult) => {
    const types = new Set(result.model.items.map((i) => i.type));
    expect([...types].sort()).toEqual([...EVERY_KIND].sort());
    // Two role policies: the environment's and Globex's / Acme's own.
    expect(result.model.items.filter((i) => i.type === 'workos_role_policy').map((i) => i.importId)).toContain('environment');
  };

  test('HCL: terraform apply with the import blocks adopts every object and changes nothing; the next plan is empty', async () => {
    // GIVEN the environment exported as HCL
    const ws = new Workspace(target.url, API_KEY);
    tmpDirs.push(ws.dir);
    const result = await exportEnvironment(target.client, { format: 'hcl', outDir: ws.dir, stackName: 'rbac' }, target.url);
    expectEveryKind(result);
    const hcl = fs.readFileSync(path.join(ws.dir, 'main.tf'), 'utf8');
    expect(hcl).toContain('import {\n  to = workos_role.admin\n  id = "admin"\n}');
    expect(hcl).not.toContain(API_KEY);

    // WHEN it is applied
    const before = await readEnvironment(target.client);
    await ws.init();
    const apply = await ws.apply();

    // THEN every object is imported and nothing is created, changed or destroyed
    expect(apply.stdout).toContain(`Apply complete! Resources: ${result.model.items.length} imported, 0 added, 0 changed, 0 destroyed.`);
    expect(await readEnvironment(target.client)).toEqual(before);
    // AND a second plan is empty
    const plan = await ws.tf(['plan', '-detailed-exitcode', '-input=false']);
    expect({ code: plan.code, out: plan.code === 0 ? '' : `${plan.stdout}\n${plan.stderr}` }).toEqual({ code: 0, out: '' });
  });

  test('cdktf: cdktf deploy of the generated app imports every object; cdktf diff then shows no changes', async () => {
    // GIVEN the environment exported as a cdktf app, wired to this repository as 'cdktf-workos-rbac'
    const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-export-cdktf-'));
    tmpDirs.push(appDir);
    const result = await exportEnvironment(target.client, { format: 'cdktf', outDir: appDir, stackName: 'adopted' }, target.url);
    expectEveryKind(result);
    expect(fs.readFileSync(path.join(appDir, 'main.ts'), 'utf8')).not.toContain(API_KEY);
    const modules = path.join(appDir, 'node_modules');
    fs.mkdirSync(modules);
    fs.symlinkSync(ROOT, path.join(modules, 'cdktf-workos-rbac'), 'dir');
    for (const dep of ['cdktf', 'constructs']) fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(modules, dep), 'dir');
    // The compiler options `cdktf init --template=typescript` writes (strict, no unused locals).
    fs.writeFileSync(
      path.join(appDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2018', module: 'CommonJS', lib: ['es2018'], strict: true, noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true, skipLibCheck: true, types: [], declaration: false },
        include: ['main.ts'],
      }),
    );
    const tsc = await runCommand(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', appDir], { cwd: appDir, env: process.env });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    // The generated cdktf.json runs main.ts with ts-node; here the compiled main.js runs instead.
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(appDir, 'cdktf.json'), 'utf8')) as Record<string, unknown>;
    expect(cdktfJson.app).toBe('npx ts-node main.ts');
    fs.writeFileSync(path.join(appDir, 'cdktf.json'), JSON.stringify({ ...cdktfJson, app: 'node main.js' }));

    const tfEnv = () => ({ ...process.env, CI: '1', CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: installedCliConfig(), WORKOS_BASE_URL: target.url, WORKOS_API_KEY: API_KEY });
    const stackDir = () => path.join(appDir, 'cdktf.out', 'stacks', 'adopted');
    const cdktf = async (args: string[]) => {
      const r = await runCommand(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), args, { cwd: appDir, env: tfEnv() });
      const out = `${r.stdout}\n${r.stderr}`;
      if (r.code !== 0) throw new Error(`cdktf ${args.join(' ')} exited ${r.code}\n${out}`);
      return out;
    };

    // WHEN it is deployed
    const before = await readEnvironment(target.client);
    let deploy: string;
    try {
      deploy = await cdktf(['deploy', 'adopted', '--auto-approve']);
    } catch (err) {
      // cdktf's progress output can lose terraform's diagnostics: a plan of the synthesized stack shows them.
      const plan = await runCommand('terraform', ['plan', '-no-color', '-input=false'], { cwd: stackDir(), env: tfEnv() });
      throw new Error(`${(err as Error).message}\n--- terraform plan in ${stackDir()}\n${plan.stdout}\n${plan.stderr}`);
    }

    // THEN every object is imported and nothing is created, changed or destroyed. (cdktf's
    // progress output sometimes loses terraform's last lines, so the state and the control
    // plane say it rather than the summary line.)
    expect(deploy).not.toMatch(/Error:/);
    const state = await runCommand('terraform', ['state', 'list'], { cwd: stackDir(), env: tfEnv() });
    expect(state.stdout.trim().split('\n').length).toBe(result.model.items.length);
    expect(await readEnvironment(target.client)).toEqual(before);
    // AND a second diff shows no changes
    const diff = await cdktf(['diff', 'adopted']);
    expect(diff).toMatch(/No changes/);
    const plan = await runCommand('terraform', ['plan', '-detailed-exitcode', '-no-color', '-input=false'], { cwd: stackDir(), env: tfEnv() });
    expect({ code: plan.code, out: plan.code === 0 ? '' : `${plan.stdout}\n${plan.stderr}` }).toEqual({ code: 0, out: '' });
  });
});
