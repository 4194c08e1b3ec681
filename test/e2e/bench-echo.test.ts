/**
 * The benchmark's echo provider (bench/echo-provider/main.ts) stands for a provider that does no
 * work: through the real terraform CLI, its plan of the state this provider applied must be a
 * refresh with nothing to change, and it must never call the target. Otherwise the
 * benchmark's transport floor ("Against the transport floor" in bench/RESULTS.md) would
 * measure something else.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useControlPlane } from '../helpers/control-plane';
import { requireBuild, requireTerraform, ROOT, runCommand, Workspace } from '../helpers/terraform';

const API_KEY = 'sk_test_e2e_echo_0123456789';

describe('the benchmark echo provider', () => {
  let requests = 0;
  const target = useControlPlane({ apiKey: API_KEY, log: () => requests++ });
  let dir: string;
  beforeAll(() => {
    requireTerraform();
    requireBuild();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-echo-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN the mixed benchmark topology applied by this provider WHEN the echo provider plans the same state THEN nothing changes and the target hears nothing', async () => {
    // Built and installed exactly as `npm run bench` does, with the benchmark's own topology.
    const script = `
      const { installEchoProvider } = await import(${JSON.stringify(path.join(ROOT, 'bench/echo.mjs'))});
      const { TOPOLOGIES, providerHcl } = await import(${JSON.stringify(path.join(ROOT, 'bench/topology.mjs'))});
      const { cliConfigFile } = await installEchoProvider(process.argv[1]);
      console.log(JSON.stringify({ cliConfigFile, hcl: providerHcl(TOPOLOGIES.mixed(60)) }));`;
    const built = await runCommand(process.execPath, ['--input-type=module', '-e', script, path.join(dir, 'echo')], { cwd: ROOT, env: process.env });
    expect(built.stderr).toBe('');
    const { cliConfigFile, hcl } = JSON.parse(built.stdout) as { cliConfigFile: string; hcl: string };

    const ours = new Workspace(target.url, API_KEY);
    const echo = new Workspace(target.url, API_KEY, { TF_CLI_CONFIG_FILE: cliConfigFile });
    try {
      ours.write({ 'main.tf': hcl });
      echo.write({ 'main.tf': hcl });
      await ours.init();
      await echo.init();
      await ours.apply();
      const applied = ours.state().resources.length;
      expect(applied).toBeGreaterThan(40);
      fs.copyFileSync(path.join(ours.dir, 'terraform.tfstate'), path.join(echo.dir, 'terraform.tfstate'));

      const before = requests;
      expect(before).toBeGreaterThan(applied); // the counter sees the apply's requests
      const plan = await echo.tf(['plan', '-input=false', '-detailed-exitcode']);
      expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 0, stderr: '' });
      expect(plan.stdout).toContain('No changes.');
      expect(requests).toBe(before);
      // A real refresh of the same state agrees.
      expect((await ours.plan()).changes).toEqual({});
    } finally {
      ours.cleanup();
      echo.cleanup();
    }
  });
});
