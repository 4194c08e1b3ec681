#!/usr/bin/env node
/**
 * Bundles the provider (providers/main.ts, TypeScript sources directly) into one file,
 * dist/provider/provider.js, that runs with no node_modules. The tfplugin6 and go-plugin
 * service definitions are compiled to a protobufjs JSON descriptor and embedded, which
 * saves parsing the .proto text at every start (see bench/provider-startup.mjs).
 *
 *   node scripts/bundle-provider.mjs            # embedded JSON descriptor (default)
 *   PROVIDER_DESCRIPTOR=proto node scripts/...  # parse .proto files copied next to it
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const protocolDir = join(root, 'providers/protocol');
const outDir = join(root, 'dist/provider');
const PROTO_FILES = ['tfplugin6.proto', 'go-plugin.proto'];

mkdirSync(outDir, { recursive: true });

const define = {};
if (process.env.PROVIDER_DESCRIPTOR === 'proto') {
  for (const f of PROTO_FILES) copyFileSync(join(protocolDir, f), join(outDir, f));
} else {
  // keepCase here, as at load time: field names must stay snake_case.
  const descriptor = new protobuf.Root().loadSync(PROTO_FILES.map((f) => join(protocolDir, f)), { keepCase: true });
  descriptor.resolveAll();
  define.__TFPLUGIN_DESCRIPTOR__ = JSON.stringify(JSON.stringify(descriptor.toJSON()));
}

await build({
  entryPoints: [join(root, 'providers/main.ts')],
  outfile: join(outDir, 'provider.js'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  define,
  logLevel: 'warning',
});
console.log(`bundled ${join(outDir, 'provider.js')}`);
