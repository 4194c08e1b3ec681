/**
 * Adoption: the packed package in a brand-new `cdktf init --template=typescript` app, set up
 * exactly as the README's "Start a new project" says — compile, synthesize, install the
 * provider, `cdktf deploy` (no --skip-provider-lock) against the local control plane, and a
 * second `cdktf diff` with no changes.
 *
 * Needs the npm registry or a warm npm cache: `cdktf init` installs cdktf, the newest
 * constructs 10.x, TypeScript, jest and ts-node into the scratch app, as it does for users.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startControlPlane } from '../../src/control-plane';
import { WorkosClient } from '../../src/client';
import { requireBuild, requireTerraform, ROOT, runCommand, type RunResult } from '../helpers/terraform';

const API_KEY = 'sk_test_adoption_0123456789abcdef';
const CDKTF = path.join(ROOT, 'node_modules', '.bin', 'cdktf');

const MAIN_TS = `import { Construct } from "constructs";
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { Organization, Permission, Role, WorkosProvider } from "cdktf-workos-rbac";
import { resolveEffectiveRoles, slugRules } from "cdktf-workos-rbac/core";

class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new WorkosProvider(this, "workos");
    const view = new Permission(this, "projects-view", { slug: "projects:view", name: "View projects" });
    const edit = new Permission(this, "projects-edit", { slug: "projects:edit", name: "Edit projects" });
    const viewer = new Role(this, "viewer", { slug: "viewer", name: "Viewer", permissions: [view] });
    const editor = new Role(this, "editor", { slug: "editor", name: "Editor", permissions: [view, edit] });
    const acme = new Organization(this, "acme", { name: "Acme", externalId: "acme" });
    acme.mapDirectoryGroup("Engineering", [editor]);
    acme.mapDirectoryGroup("Everyone", [viewer]);
    new TerraformOutput(this, "editor_slug", { value: editor.slug });
  }
}

// The framework-free core resolves under the app's CommonJS module resolution too.
if (!slugRules.permissionSlug.safeParse("projects:view").success) throw new Error("slug rules");
const preview = resolveEffectiveRoles(
  { defaultRole: "member", priority: ["editor", "viewer"], multipleRoles: false, directoryMappings: [{ group: "Engineering", roles: ["editor"] }] },
  { directoryGroups: ["Engineering"] },
);
if (preview.roles.join() !== "editor") throw new Error("resolution: " + preview.roles.join());

const app = new App();
new MyStack(app, "adoption");
app.synth();
`;

describe('a fresh cdktf init app adopts the packed package', () => {
  let work: string;
  let appDir: string;
  let server: Awaited<ReturnType<typeof startControlPlane>>;

  beforeAll(async () => {
    requireTerraform();
    requireBuild();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-adoption-'));
    appDir = path.join(work, 'app');
    fs.mkdirSync(appDir);
    server = await startControlPlane({ port: 0, dataDir: path.join(work, 'data'), apiKey: API_KEY, log: () => {} });
  });

  afterAll(async () => {
    await server?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...process.env,
    CI: '1',
    CHECKPOINT_DISABLE: '1',
    // A user's shell, not this repository's test setup: no CLI config of ours yet.
    TF_CLI_CONFIG_FILE: path.join(work, 'no-terraformrc'),
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_prefer_offline: 'true',
    ...extra,
  });
  const run = async (cmd: string, args: string[], extra: Record<string, string> = {}): Promise<RunResult> => {
    const r = await runCommand(cmd, args, { cwd: appDir, env: env(extra), timeoutMs: 600_000 });
    if (r.code !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
    return r;
  };

  test('init → install the tarball → compile → synth → provider install → deploy → no changes', async () => {
    // GIVEN a new app from cdktf's own TypeScript template.
    await run(CDKTF, ['init', '--template=typescript', '--local', '--project-name=adoption', '--project-description=adoption test', '--enable-crash-reporting=false']);
    const appPackage = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8'));
    expect(appPackage.dependencies.constructs).toMatch(/^\^10\./);

    // The README's setup step: the template's ts-node and ts-jest need TypeScript < 7, and
    // with the TypeScript 7 that cdktf init installs every further `npm install` fails (ERESOLVE).
    await run('npm', ['install', '--save-dev', 'typescript@~5.9']);

    // WHEN the packed package is installed into it.
    const pack = await runCommand('npm', ['pack', '--pack-destination', work, '--json'], { cwd: ROOT, env: env() });
    if (pack.code !== 0) throw new Error(`npm pack failed\n${pack.stderr}`);
    const tarball = path.join(work, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename);
    const packed = (JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(packed).toEqual(expect.arrayContaining(['docs/resources.md', 'examples/quickstart/stack.ts', 'dist/provider/provider-bundle.js', 'dist/src/index.d.ts', 'README.md', 'LICENSE']));
    await run('npm', ['install', tarball]);

    // THEN there is one copy of constructs and cdktf: the package takes the app's (peer dependencies).
    expect(fs.existsSync(path.join(appDir, 'node_modules', 'cdktf-workos-rbac', 'node_modules', 'constructs'))).toBe(false);
    expect(fs.existsSync(path.join(appDir, 'node_modules', 'cdktf-workos-rbac', 'node_modules', 'cdktf'))).toBe(false);
    const constructsVersion = JSON.parse(fs.readFileSync(path.join(appDir, 'node_modules', 'constructs', 'package.json'), 'utf8')).version as string;
    expect(constructsVersion).toMatch(/^10\./);

    // The app's code compiles with the template's tsconfig (CommonJS, node10 resolution)…
    fs.writeFileSync(path.join(appDir, 'main.ts'), MAIN_TS);
    fs.rmSync(path.join(appDir, '__tests__'), { recursive: true, force: true });
    await run('npx', ['tsc', '--noEmit']);
    // …under Node16 and Bundler module resolution…
    await run('npx', ['tsc', '--noEmit', '--module', 'node16', '--moduleResolution', 'node16']);
    await run('npx', ['tsc', '--noEmit', '--module', 'esnext', '--moduleResolution', 'bundler']);
    // …and with TypeScript 7, the compiler cdktf init picks today.
    await run('npx', ['--yes', '--package=typescript@7', '--', 'tsc', '--noEmit']);

    const synth = await run(CDKTF, ['synth']);
    // Not installed yet: synth says exactly what to do.
    expect(synth.stdout + synth.stderr).toContain('npx workos-rbac provider install');

    const install = await run('npx', ['workos-rbac', 'provider', 'install', '--dir', path.join(work, 'provider')]);
    const cliConfig = install.stdout.trim().split('\n').pop()!;
    expect(fs.existsSync(cliConfig)).toBe(true);

    const deployEnv = { TF_CLI_CONFIG_FILE: cliConfig, WORKOS_BASE_URL: server.url, WORKOS_API_KEY: API_KEY };
    const deploy = await run(CDKTF, ['deploy', 'adoption', '--auto-approve'], deployEnv);
    const deployOut = deploy.stdout + deploy.stderr;
    expect(deployOut).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
    expect(deployOut).not.toContain('Terraform will not find the workos provider');
    expect(deployOut).not.toContain(API_KEY);

    const client = new WorkosClient({ baseUrl: server.url, apiKey: API_KEY });
    const roles: string[] = [];
    for await (const r of client.roles.list()) roles.push(r.slug);
    expect(roles).toEqual(expect.arrayContaining(['member', 'viewer', 'editor']));

    const diff = await run(CDKTF, ['diff', 'adoption'], deployEnv);
    expect(diff.stdout + diff.stderr).toMatch(/No changes/);
  }, 900_000); // init, two npm installs, four compiles, deploy, diff: minutes on a loaded 2-core runner
});
