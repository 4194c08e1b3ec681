#!/usr/bin/env node
/**
 * Bundles the provider (providers/main.ts, TypeScript sources directly) for a run with no
 * node_modules. Terraform starts the provider 3-5 times per command, so start-up matters:
 *
 *   dist/provider/provider.js            tiny launcher: what terraform's executable execs
 *   dist/provider/provider-bundle.js     esbuild bundle, tfplugin6 descriptor embedded as JSON
 *   dist/provider/provider-bundle.js.map
 *   dist/provider/provider-bundle.cache  V8 code cache, made by starting the provider once
 *
 * The JSON descriptor saves loading the protobuf parser at every start; the code cache
 * saves compiling the bundle (~40 ms per start, bench/provider-startup.mjs). V8 ignores a
 * cache made by another node version, so a mismatch only costs that time back.
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/provider');
const bundle = join(outDir, 'provider-bundle.js');
const cache = join(outDir, 'provider-bundle.cache');

// keepCase as at load time: field names stay snake_case.
const descriptor = new protobuf.Root().loadSync(
  ['tfplugin6-types.proto', 'tfplugin6.proto', 'go-plugin.proto'].map((f) => join(root, 'providers/protocol', f)),
  { keepCase: true },
);
descriptor.resolveAll();

rmSync(outDir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'providers/main.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  define: { __TFPLUGIN_DESCRIPTOR__: JSON.stringify(JSON.stringify(descriptor.toJSON())) },
  logLevel: 'warning',
});

// Compiles the bundle with its code cache when there is a usable one. At build time
// (makeCache) the cache is written once the handshake line is out and what loads right after
// it (the provider, in microtasks) has loaded, so that it holds every function compiled so far.
const launcher = (makeCache) => `'use strict';
const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm'), { wrap } = require('node:module');
const file = path.join(__dirname, 'provider-bundle.js');
const cacheFile = path.join(__dirname, 'provider-bundle.cache');
let cachedData;
${makeCache ? '' : "try { cachedData = fs.readFileSync(cacheFile); } catch {}"}
const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
${
  makeCache
    ? `const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  write(...args);
  setImmediate(() => { fs.writeFileSync(cacheFile, script.createCachedData()); process.exit(0); });
};`
    : ''
}
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, __dirname);
`;

const launcherFile = join(outDir, 'provider.js');
writeFileSync(launcherFile, launcher(true));
await makeCodeCache(launcherFile);
writeFileSync(launcherFile, launcher(false));
console.log(`bundled ${launcherFile}`);

/** Starts the provider once, as terraform would, until it has written the cache. */
async function makeCodeCache(entry) {
  const env = {
    PATH: process.env.PATH,
    TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
    PLUGIN_PROTOCOL_VERSIONS: '6',
    PLUGIN_CLIENT_CERT: await selfSignedCertPem(),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`provider exited with ${code} while making the code cache`))));
  });
}

/** Any valid certificate will do (nobody connects): one from providers/protocol/tls.ts. */
async function selfSignedCertPem() {
  const { outputFiles } = await build({
    entryPoints: [join(root, 'providers/protocol/tls.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
  return mod.exports.generateServerCertificate().certPem;
}
