/**
 * `workos-rbac provider install` in a user's real setup: their ~/.terraformrc has a plugin
 * cache, credentials and a provider_installation block with a network mirror and `direct {}`.
 * The CLI configuration it writes keeps all of that, and the real `terraform init` installs
 * the workos provider from the mirror without asking the other methods (the network mirror
 * here does not exist, so asking it would fail).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, requireBuild, REQUIRED_PROVIDERS, requireTerraform, runCommand } from '../helpers/terraform';

const USER_RC = `plugin_cache_dir = "PLUGIN_CACHE"
credentials "app.terraform.io" {
  token = "example.atlasv1.token"
}

provider_installation {
  network_mirror {
    url = "https://127.0.0.1:9/terraform-mirror/"
  }
  direct {}
}
`;

describe('provider install keeps the user CLI configuration', () => {
  let home: string;
  beforeAll(() => {
    requireTerraform();
    requireBuild();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-home-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  test('GIVEN ~/.terraformrc with a network mirror WHEN installing THEN terraform init uses our mirror and the rest is kept', async () => {
    const cache = path.join(home, 'plugin-cache');
    fs.mkdirSync(cache);
    fs.writeFileSync(path.join(home, '.terraformrc'), USER_RC.replace('PLUGIN_CACHE', cache));
    const userEnv: NodeJS.ProcessEnv = { ...process.env, HOME: home, CHECKPOINT_DISABLE: '1', XDG_DATA_HOME: path.join(home, '.local', 'share') };
    delete userEnv.TF_CLI_CONFIG_FILE;

    const install = await runCommand('node', [CLI, 'provider', 'install'], { cwd: home, env: userEnv });
    expect(install.code).toBe(0);
    expect(install.stdout).toContain(`CLI configuration: your ${path.join(home, '.terraformrc')}, kept as it is; merged into the existing provider_installation block`);
    const cliConfig = install.stdout.trim().split('\n').pop()!;
    expect(cliConfig).toBe(path.join(home, '.local', 'share', 'workos-rbac', 'terraform.rc'));
    const written = fs.readFileSync(cliConfig, 'utf8');
    expect(written).toContain(`plugin_cache_dir = "${cache}"`);
    expect(written).toContain('token = "example.atlasv1.token"');
    expect(fs.statSync(cliConfig).mode & 0o077).toBe(0); // it may hold credentials

    const dir = path.join(home, 'config');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'main.tf'), REQUIRED_PROVIDERS);
    const init = await runCommand('terraform', ['init', '-input=false', '-no-color'], { cwd: dir, env: { ...userEnv, TF_CLI_CONFIG_FILE: cliConfig } });
    expect(init.stderr).toBe('');
    expect(init.stdout).toMatch(/Installed workos-rbac\/workos v\d+\.\d+\.\d+/);
    expect(init.code).toBe(0);

    // Reinstalling with the written file selected merges from the user's file again.
    const again = await runCommand('node', [CLI, 'provider', 'install'], { cwd: home, env: { ...userEnv, TF_CLI_CONFIG_FILE: cliConfig } });
    expect(again.code).toBe(0);
    expect(fs.readFileSync(cliConfig, 'utf8')).toBe(written);
  });
});

describe('the installed executable', () => {
  let dir: string;
  beforeAll(() => {
    requireBuild();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-launcher-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN the executable WHEN started by a path, from PATH, or by sh with its bare name THEN it runs the provider next to it', async () => {
    const install = await runCommand('node', [CLI, 'provider', 'install', '--dir', dir], { cwd: dir, env: { ...process.env, TF_CLI_CONFIG_FILE: path.join(dir, 'none.rc') } });
    expect(install.code).toBe(0);
    const packageDir = path.dirname(fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).find((f) => /terraform-provider-workos_v[^/]*$/.test(f))!);
    const executable = fs.readdirSync(packageDir).find((f) => f.startsWith('terraform-provider-workos_v'))!;
    // Without terraform's magic cookie the provider itself refuses, politely: proof it was reached.
    const env = { ...process.env, TF_PLUGIN_MAGIC_COOKIE: '' };
    for (const [cwd, command] of [
      [dir, path.join(packageDir, executable)],
      [packageDir, `./${executable}`],
      [packageDir, executable],
      [packageDir, `sh ${executable}`], // $0 without a slash
    ]) {
      const r = await runCommand('sh', ['-c', `exec ${command}`], { cwd, env: { ...env, PATH: `${packageDir}:${process.env.PATH}` } });
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code: 1, stderr: expect.stringContaining('This binary is a Terraform plugin') });
    }
  });
});
