/**
 * Builds and installs the echo provider (bench/echo-provider/main.ts: this provider's schema
 * and transport, no work behind them) for the benchmark's transport floor. It is installed
 * under the provider's own address in a mirror of its own, so the benchmark's configuration
 * runs unchanged against it; the CLI config file returned selects that mirror.
 */
import { build } from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { schemaResponseBytes } from '../scripts/provider-schema-bytes.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** `{ cliConfigFile }` of an installation under `dir` (made by `npm run build`'s dist/). */
export async function installEchoProvider(dir) {
  const { installProvider } = require(path.join(root, 'dist/src/install/provider-install.js'));
  const bundleDir = path.join(dir, 'bundle');
  await build({
    entryPoints: [path.join(root, 'bench/echo-provider/main.ts')],
    outfile: path.join(bundleDir, 'provider.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    define: { __ECHO_SCHEMA_RESPONSE__: JSON.stringify((await schemaResponseBytes()).toString('base64')) },
    logLevel: 'warning',
  });
  const { cliConfigFile } = installProvider(path.join(dir, 'install'), process.env, bundleDir);
  return { cliConfigFile };
}

/** Copies `from`'s state into `to`: the echo provider plans what the real one applied. */
export function copyState(from, to) {
  fs.copyFileSync(path.join(from, 'terraform.tfstate'), path.join(to, 'terraform.tfstate'));
}
