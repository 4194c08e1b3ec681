/**
 * The quickstart cdktf app through `cdktf deploy` against the local control plane, then a
 * second `cdktf diff` shows no changes; and a plain JavaScript app with a mistyped prop, which
 * `cdktf synth` refuses naming the prop.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useControlPlane } from '../helpers/control-plane';
import { installedCliConfig, ROOT, runCommand } from '../helpers/terraform';

const API_KEY = 'sk_test_cdktf_0123456789abcdef';

describe('cdktf deploy of examples/quickstart', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  let stackDir: string;

  beforeAll(async () => {
    stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-cdktf-'));
    const app = path.join(ROOT, 'dist', 'examples', 'quickstart', 'main.js');
    if (!fs.existsSync(app)) throw new Error(`${app} is missing: run \`npm run build\` (npm test does it).`);
    fs.writeFileSync(path.join(stackDir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(app)}`, projectId: 'workos-rbac-e2e', sendCrashReports: 'false' }));
  });

  afterAll(async () => {
    if (stackDir) fs.rmSync(stackDir, { recursive: true, force: true });
  });

  const run = (args: string[], cwd = stackDir) =>
    runCommand(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), args, {
      cwd,
      env: {
        ...process.env,
        CI: '1',
        CHECKPOINT_DISABLE: '1',
        TF_CLI_CONFIG_FILE: installedCliConfig(),
        WORKOS_BASE_URL: target.url,
        WORKOS_API_KEY: API_KEY,
      },
    });
  const cdktf = async (args: string[]) => {
    const r = await run(args);
    const out = `${r.stdout}\n${r.stderr}`;
    if (r.code !== 0) throw new Error(`cdktf ${args.join(' ')} exited ${r.code}\n${out}`);
    return out;
  };

  test('deploy creates the roles, and a second diff shows no changes', async () => {
    const deploy = await cdktf(['deploy', 'quickstart', '--auto-approve']);
    expect(deploy).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
    expect(deploy).not.toContain(API_KEY);

    const client = target.client;
    const roles: string[] = [];
    for await (const r of client.roles.list()) roles.push(r.slug);
    expect(roles.length).toBeGreaterThan(1);
    expect(roles[0]).toBe('member');

    const diff = await cdktf(['diff', 'quickstart']);
    expect(diff).toMatch(/No changes/);
  });

  test('a plain JavaScript app that passes a string where a list belongs: cdktf synth fails naming the prop, and nothing is synthesized', async () => {
    const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-cdktf-js-'));
    try {
      const pkg = JSON.stringify(path.join(ROOT, 'dist', 'constructs'));
      fs.writeFileSync(
        path.join(appDir, 'main.js'),
        `const { App, TerraformStack } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdktf'))});\n` +
          `const { WorkosProvider, Role } = require(${pkg});\n` +
          "const app = new App();\nconst stack = new TerraformStack(app, 'js');\nnew WorkosProvider(stack, 'workos');\n" +
          "new Role(stack, 'admin', { slug: 'admin', name: 'Admin', permissions: 'users:view' });\napp.synth();\n",
      );
      fs.writeFileSync(path.join(appDir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node main.js', projectId: 'workos-rbac-e2e-js', sendCrashReports: 'false' }));
      const r = await run(['synth'], appDir);
      expect(r.code).not.toBe(0);
      expect(`${r.stdout}\n${r.stderr}`).toContain('[js/admin] Invalid value for "permissions": expected a list of strings (or references), got the string "users:view"');
      expect(fs.existsSync(path.join(appDir, 'cdktf.out', 'stacks', 'js', 'cdk.tf.json'))).toBe(false);
    } finally {
      fs.rmSync(appDir, { recursive: true, force: true });
    }
  });
});
