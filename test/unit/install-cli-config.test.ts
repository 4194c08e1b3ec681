/**
 * `workos-rbac provider install` keeps the user's own Terraform CLI configuration: it merges
 * the provider's mirror into it instead of replacing it. And the lock file entry that lets
 * `cdktf deploy` run without `--skip-provider-lock`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findUserCliConfig, mergeCliConfig, patternMatches, writeCliConfig } from '../../src/install/cli-config';
import { providerInstalledForTerraform, withLockEntry } from '../../src/install/lock-file';

const SEL = { mirrorDir: '/opt/workos-rbac/mirror', include: 'registry.terraform.io/workos-rbac/*' };
const OURS = JSON.stringify(SEL.include);

function merged(text: string, file: string | null = '/home/u/.terraformrc', implied: string[] = []): string {
  const r = mergeCliConfig({ file: file ?? undefined, text }, SEL, implied);
  if (!r.ok) throw new Error(r.reason);
  return r.text;
}

describe('merging the mirror into the user CLI configuration', () => {
  test('GIVEN no configuration THEN only our provider_installation block is written', () => {
    const text = merged('', null);
    expect(text.split('\n')[0]).toBe('# Written by `workos-rbac provider install` from (no existing CLI configuration)');
    expect(text).toContain(`path    = "${SEL.mirrorDir}"`);
    expect(text).toMatch(/direct \{\n\s+exclude = \["registry.terraform.io\/workos-rbac\/\*"\]/);
  });

  test('GIVEN credentials and a plugin cache WHEN there is no provider_installation THEN they are kept byte for byte and a block is appended', () => {
    const user = [
      'plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"',
      'credentials "app.terraform.io" {',
      '  token = "xxxxxx.atlasv1.zzzzzzzzzzzzz"',
      '}',
      '',
    ].join('\n');
    const text = merged(user);
    expect(text.split('\n')[0]).toBe('# Written by `workos-rbac provider install` from "/home/u/.terraformrc"');
    expect(text).toContain(user.trimEnd());
    expect(text.indexOf('provider_installation {')).toBeGreaterThan(text.indexOf('credentials'));
  });

  test('GIVEN implied local mirror directories THEN they stay in use once the block is explicit', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'implied-'));
    fs.mkdirSync(path.join(dir, 'example.com', 'acme', 'thing'), { recursive: true });
    const text = merged('', null, [dir]);
    expect(text).toContain(`filesystem_mirror {\n    path = ${JSON.stringify(dir)}\n  }`);
    expect(text).toContain(`exclude = [${OURS}, "example.com/acme/thing"]`);
  });

  test('GIVEN a provider_installation block THEN our mirror goes first and every method that matches our provider excludes it', () => {
    const user = [
      'provider_installation {',
      '  network_mirror {',
      '    url = "https://mirror.example.com/terraform/"',
      '  }',
      '  filesystem_mirror {',
      '    path    = "/srv/mirror"',
      '    include = ["registry.terraform.io/hashicorp/*"]',
      '  }',
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      '',
    ].join('\n');
    const text = merged(user);
    const body = text.slice(text.indexOf('provider_installation {'));
    // Ours first.
    expect(body.indexOf(SEL.mirrorDir)).toBeLessThan(body.indexOf('network_mirror'));
    // The network mirror had no include: it gets an exclude.
    expect(body).toMatch(/url = "https:\/\/mirror.example.com\/terraform\/"\n\s+exclude = \["registry.terraform.io\/workos-rbac\/\*"\]\n\s+\}/);
    // The hashicorp-only mirror does not match us: untouched.
    expect(body).toContain('path    = "/srv/mirror"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }');
    // direct's existing exclude list gains ours.
    expect(body).toContain(`exclude = [${OURS}, "registry.terraform.io/hashicorp/aws"]`);
  });

  test('GIVEN a JSON configuration THEN it refuses and gives the block to add by hand', () => {
    const r = mergeCliConfig({ file: '/home/u/.terraformrc.json', text: '{}' }, SEL);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toMatch(/JSON/);
    expect(r.blockToAdd).toContain(`include = [${OURS}]`);
  });

  test('GIVEN unbalanced braces THEN it refuses rather than guessing', () => {
    const r = mergeCliConfig({ file: '/home/u/.terraformrc', text: 'provider_installation {\n  direct {\n' }, SEL);
    expect(r.ok).toBe(false);
  });

  test('GIVEN a reinstall WHEN TF_CLI_CONFIG_FILE points at our own file THEN it merges from the original again, not into itself', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
    const original = path.join(home, '.terraformrc');
    fs.writeFileSync(original, 'plugin_cache_dir = "/cache"\n');
    const ours = path.join(home, 'terraform.rc');
    writeCliConfig(ours, SEL, { HOME: home, TF_CLI_CONFIG_FILE: original });
    const first = fs.readFileSync(ours, 'utf8');
    writeCliConfig(ours, SEL, { HOME: home, TF_CLI_CONFIG_FILE: ours });
    expect(fs.readFileSync(ours, 'utf8')).toBe(first);
    expect(first.match(/provider_installation/g)).toHaveLength(1);
    expect(findUserCliConfig({ TF_CLI_CONFIG_FILE: ours }, home).file).toBe(original);
  });

  test('provider address patterns: * matches one segment; a bare namespace/type means the public registry', () => {
    expect(patternMatches('registry.terraform.io/*/*', 'registry.terraform.io/workos-rbac/*')).toBe(true);
    expect(patternMatches('workos-rbac/workos', 'registry.terraform.io/workos-rbac/*')).toBe(true);
    expect(patternMatches('registry.terraform.io/hashicorp/*', 'registry.terraform.io/workos-rbac/*')).toBe(false);
    expect(patternMatches('example.com/*/*', 'registry.terraform.io/workos-rbac/*')).toBe(false);
  });
});

describe('the lock file entry for cdktf', () => {
  const SOURCE = 'registry.terraform.io/workos-rbac/workos';

  test('GIVEN no lock file THEN an entry with version and constraints (no hashes: terraform init adds them)', () => {
    const text = withLockEntry('', SOURCE, '1.2.3');
    expect(text).toContain(`provider "${SOURCE}" {\n  version     = "1.2.3"\n  constraints = "1.2.3"\n}`);
  });

  test('GIVEN an entry for this version with hashes THEN it is kept as it is', () => {
    const existing = `provider "${SOURCE}" {\n  version     = "1.2.3"\n  constraints = "1.2.3"\n  hashes = [\n    "h1:abc=",\n  ]\n}\n`;
    expect(withLockEntry(existing, SOURCE, '1.2.3')).toBe(existing);
  });

  test('GIVEN an entry for an older version and another provider THEN ours is replaced and the other kept', () => {
    const other = 'provider "registry.terraform.io/hashicorp/random" {\n  version = "3.6.0"\n  hashes = [\n    "h1:x=",\n  ]\n}\n';
    const existing = `${other}\nprovider "${SOURCE}" {\n  version     = "1.0.0"\n  constraints = "1.0.0"\n  hashes = [\n    "h1:old=",\n  ]\n}\n`;
    const text = withLockEntry(existing, SOURCE, '1.2.3');
    expect(text).toContain(other.trimEnd());
    expect(text).not.toContain('h1:old=');
    expect(text).toContain('version     = "1.2.3"');
  });

  test('installed-for-terraform: the CLI config in use names the namespace, or an implied mirror holds it', () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'home-'));
    expect(providerInstalledForTerraform(SOURCE, { HOME: home }, home)).toBe(false);
    const implied = path.join(home, '.terraform.d', 'plugins', 'registry.terraform.io', 'workos-rbac', 'workos');
    fs.mkdirSync(implied, { recursive: true });
    expect(providerInstalledForTerraform(SOURCE, { HOME: home }, home)).toBe(true);
    const rc = path.join(home, 'rc');
    fs.writeFileSync(rc, 'provider_installation {\n  direct {}\n}\n');
    expect(providerInstalledForTerraform(SOURCE, { HOME: home, TF_CLI_CONFIG_FILE: rc }, home)).toBe(false);
  });
});
