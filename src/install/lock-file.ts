/**
 * The dependency lock file entry that lets `cdktf deploy`/`diff`/`plan` run without
 * `--skip-provider-lock`.
 *
 * cdktf runs `terraform providers lock` (which always asks the public registry, ignoring the
 * CLI configuration's mirrors) whenever the stack's `.terraform.lock.hcl` lacks an entry for a
 * required provider whose `constraints` match. This provider is not on the registry, so that
 * step can only fail. An entry with our version and constraints but no hashes satisfies cdktf,
 * and `terraform init` accepts it and records the installed package's hash itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliConfigFileInUse, impliedMirrorDirs } from './cli-config';

export const LOCK_FILE_NAME = '.terraform.lock.hcl';

/** The lock file text with an entry for `source` at `version` (kept if already there). */
export function withLockEntry(existing: string, source: string, version: string): string {
  const blockRe = new RegExp(`(^|\\n)provider\\s+"${source.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"\\s*\\{[^}]*\\}\\n?`);
  const current = blockRe.exec(existing);
  if (current && new RegExp(`\\n\\s*version\\s*=\\s*"${version.replace(/\./g, '\\.')}"`).test(current[0])) return existing;
  const rest = current ? existing.replace(blockRe, '$1') : existing;
  const entry = [
    `provider "${source}" {`,
    `  version     = "${version}"`,
    `  constraints = "${version}"`,
    '}',
    '',
  ].join('\n');
  if (rest.trim() === '') {
    return ['# This file is maintained automatically by "terraform init".', '# Manual edits may be lost in future updates.', '', entry].join('\n');
  }
  return `${rest.replace(/\s*$/, '')}\n\n${entry}`;
}

/** Adds our entry to `dir`/.terraform.lock.hcl when it is missing or names another version. */
export function ensureLockEntry(dir: string, source: string, version: string): boolean {
  const file = path.join(dir, LOCK_FILE_NAME);
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const next = withLockEntry(existing, source, version);
  if (next === existing) return false;
  fs.writeFileSync(file, next);
  return true;
}

/**
 * Whether Terraform, in this environment, would install `source` from somewhere local: the
 * CLI configuration names its namespace, or an implied local mirror directory holds it.
 */
export function providerInstalledForTerraform(source: string, env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): boolean {
  const [host, namespace, type] = source.split('/') as [string, string, string];
  const file = cliConfigFileInUse(env, home);
  const text = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (text.includes(`${host}/${namespace}/`)) return true;
  if (/\bprovider_installation\b/.test(text)) return false;
  return impliedMirrorDirs(env, home).some((dir) => fs.existsSync(path.join(dir, host, namespace, type)));
}
