/**
 * Installs the bundled provider for Terraform without a registry: an unpacked filesystem
 * mirror for registry.terraform.io/workos-rbac/workos plus a CLI config file selecting it
 * (`TF_CLI_CONFIG_FILE=<that file>`), which keeps the user's own CLI configuration
 * (cli-config.ts). See README "Installing the provider".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VERSION } from '../version';
import { writeCliConfig } from './cli-config';

export const PROVIDER_HOST = 'registry.terraform.io';
export const PROVIDER_NAMESPACE = 'workos-rbac';
export const PROVIDER_TYPE = 'workos';
export const PROVIDER_SOURCE = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;

/** Root of the installed npm package (works from src/ under ts-jest and from dist/src/). */
export function packageRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}


/** Terraform's platform name for this machine, e.g. `linux_amd64`. */
export function terraformPlatform(): string {
  const osName = ({ linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd' } as Record<string, string>)[process.platform];
  const arch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' } as Record<string, string>)[process.arch];
  if (!osName || !arch) throw new Error(`unsupported platform ${process.platform}/${process.arch}`);
  return `${osName}_${arch}`;
}

export function defaultInstallDir(): string {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'workos-rbac');
}

export interface InstallResult {
  /** Absolute path of the CLI config file to put in TF_CLI_CONFIG_FILE. */
  readonly cliConfigFile: string;
  readonly mirrorDir: string;
  readonly packageDir: string;
  readonly version: string;
  /** The user's CLI configuration that was merged in (undefined: there was none). */
  readonly cliConfigSource: string | undefined;
  /** What the merge did, in words. */
  readonly cliConfigMerge: string;
}

/**
 * The executable terraform starts. It `exec`s node, so that terraform's signals reach node
 * rather than a shell, and finds provider.js next to itself with the shell's own `${0%/*}`
 * rather than `dirname`: one process fewer per start. The kernel hands sh the path the script
 * was executed by (a PATH lookup yields a full path), so a path without a slash names a file
 * in the working directory.
 */
const LAUNCHER = `#!/bin/sh
dir=\${0%/*}
[ "$dir" = "$0" ] && dir=.
exec "\${WORKOS_RBAC_NODE:-node}" "$dir/provider.js" "$@"
`;

/**
 * `bundleDir`: where the launcher's `provider.js` and what it loads are (default: this package's
 * dist/provider); the benchmark installs its echo provider (bench/echo.mjs) under the same name.
 */
export function installProvider(dir: string = defaultInstallDir(), env: NodeJS.ProcessEnv = process.env, bundleDir = path.join(packageRoot(), 'dist', 'provider')): InstallResult {
  const root = dir === '' ? defaultInstallDir() : path.resolve(dir);
  if (!fs.existsSync(path.join(bundleDir, 'provider.js'))) {
    throw new Error(`the provider bundle ${bundleDir}/provider.js is missing: run \`npm run build\` first`);
  }
  const version = VERSION;
  const mirrorDir = path.join(root, 'mirror');
  const packageDir = path.join(mirrorDir, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, terraformPlatform());
  // Start from an empty package directory: terraform hashes every file in it.
  fs.rmSync(packageDir, { recursive: true, force: true });
  fs.mkdirSync(packageDir, { recursive: true });
  for (const name of fs.readdirSync(bundleDir)) {
    if (name.endsWith('.map')) continue;
    fs.cpSync(path.join(bundleDir, name), path.join(packageDir, name), { recursive: true });
  }
  const launcher = path.join(packageDir, `terraform-provider-${PROVIDER_TYPE}_v${version}`);
  fs.writeFileSync(launcher, LAUNCHER, { mode: 0o755 });

  const cliConfigFile = path.join(root, 'terraform.rc');
  const { how, source } = writeCliConfig(cliConfigFile, { mirrorDir, include: `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/*` }, env);
  return { cliConfigFile, mirrorDir, packageDir, version, cliConfigSource: source, cliConfigMerge: how };
}
