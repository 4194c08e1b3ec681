#!/usr/bin/env node
/**
 * Bundles the provider (providers/main.ts, TypeScript sources directly) for a run with no
 * node_modules. Terraform starts the provider 3-5 times per command, so start-up matters:
 *
 *   dist/provider/provider.js            tiny launcher: what terraform's executable execs
 *   dist/provider/provider-bundle.js     esbuild bundle, tfplugin6 descriptor embedded as JSON,
 *                                        GetProviderSchema's answer embedded encoded
 *   dist/provider/provider-bundle.js.map
 *   dist/provider/provider-bundle.cache  V8 code cache, made by starting the provider once
 *
 * The JSON descriptor saves loading the protobuf parser at every start; the code cache
 * saves compiling the bundle (~30 ms per start, bench/provider-startup.mjs); under another
 * node version or V8 flags the launcher makes a cache of its own (below).
 */
import { build } from 'esbuild';
import Module from 'node:module';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { protocolRoot, schemaResponseBytes } from './provider-schema-bytes.mjs';
import { terraformStandIn } from './terraform-stand-in.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist/provider');
const bundle = join(outDir, 'provider-bundle.js');
const cache = join(outDir, 'provider-bundle.cache');

const descriptor = protocolRoot();
// GetProviderSchema's answer depends only on the registry: encoded once here, answered as is by
// a process terraform only asks for the schema (providers/protocol/server.ts). From the tsc
// output of the same sources (npm run build runs tsc first).
const schemaResponse = await schemaResponseBytes(descriptor);

// protobufjs uses long.js when it can load it, and plain numbers otherwise (int64 fields are
// decoded as numbers anyway: `longs: Number` in providers/protocol/load.ts). Loading long.js
// compiles a WebAssembly module, ~4 ms per provider process: the bundle goes without it.
const withoutLongJs = {
  name: 'without-long-js',
  setup(b) {
    b.onResolve({ filter: /^long$/ }, () => ({ path: 'long', namespace: 'without-long-js' }));
    b.onLoad({ filter: /.*/, namespace: 'without-long-js' }, () => ({ contents: 'module.exports = null;', loader: 'js' }));
  },
};

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
  define: {
    __TFPLUGIN_DESCRIPTOR__: JSON.stringify(JSON.stringify(descriptor.toJSON())),
    __TFPLUGIN_SCHEMA_RESPONSE__: JSON.stringify(schemaResponse.toString('base64')),
  },
  plugins: [withoutLongJs],
  logLevel: 'warning',
});

// The launcher compiles the bundle with a V8 code cache. V8 takes a cache only from the same
// node version with the same V8 flags, so the shipped cache serves a plain `node` of the
// build's version; under another version, WORKOS_RBAC_NODE or flags (NODE_OPTIONS such as
// --max-old-space-size), the launcher keeps a cache of its own per user, in
// $XDG_CACHE_HOME/cdktf-workos-rbac (else ~/.cache/...), written by the first run that finds
// none. A cache is written as the process exits (GRPCController/Shutdown ends it), so that it
// holds every function the run compiled. At build time (makeCache) the launcher writes the
// shipped cache that way, from a run that makeCodeCache drives as terraform would.
const launcher = (makeCache) => `'use strict';
const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm'), { wrap } = require('node:module');
const file = path.join(__dirname, 'provider-bundle.js');
const shipped = path.join(__dirname, 'provider-bundle.cache');
const flags = [...process.execArgv, process.env.NODE_OPTIONS || ''].join(' ').trim();
const cacheFile = ${makeCache ? 'shipped' : `process.version === ${JSON.stringify(process.version)} && flags === '' ? shipped : ownCacheFile()`};
let cachedData;
${makeCache ? '' : 'try { cachedData = fs.readFileSync(cacheFile); } catch {}'}
const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
if (${makeCache ? 'true' : 'cacheFile !== shipped'}) {
  process.on('exit', () => {
    // A cache of its own is written by a run that had none it could use, and once more by the
    // first run that loaded the provider (set by providers/protocol/server.ts): the first
    // process of a terraform command is only asked for the schema and compiles little.
    const loaded = globalThis[Symbol.for('cdktf-workos-rbac.provider-loaded')] === true;
    const full = cacheFile + '.full';
    if (${makeCache ? 'false' : "script.cachedDataRejected === false && !(loaded && !fs.existsSync(full))"}) return;
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      fs.writeFileSync(cacheFile + '.' + process.pid, script.createCachedData(), { mode: ${makeCache ? '0o644' : '0o600'} });
      fs.renameSync(cacheFile + '.' + process.pid, cacheFile);
      ${makeCache ? '' : "if (loaded) fs.writeFileSync(full, '', { mode: 0o600 });"}
    } catch {}
  });
}
const mod = { exports: {} };
script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, __dirname);

/** Per user, per bundle, node version and flags. */
function ownCacheFile() {
  const key = require('node:crypto').createHash('sha256').update([file, process.version, process.arch, flags].join('\\0')).digest('hex').slice(0, 32);
  const base = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
  return path.join(base, 'cdktf-workos-rbac', 'provider-' + key + '.cache');
}
`;

const launcherFile = join(outDir, 'provider.js');
writeFileSync(launcherFile, launcher(true));
await makeCodeCache(launcherFile);
// The launcher compiles exactly this way; a cache V8 refuses would cost ~30 ms at every start.
if (new Script(Module.wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: readFileSync(cache) }).cachedDataRejected !== false) {
  throw new Error(`V8 rejects the code cache ${cache} it was just given`);
}
writeFileSync(launcherFile, launcher(false));
console.log(`bundled ${launcherFile}`);

/**
 * Runs the provider once as terraform would (GetProviderSchema, ConfigureProvider against a
 * local control plane, which loads the API client and sends its first request, then
 * GRPCController/Shutdown, on which the launcher writes the cache); no NODE_OPTIONS.
 */
async function makeCodeCache(entry) {
  const terraform = await terraformStandIn();
  try {
    await terraform.run(entry, { PATH: process.env.PATH });
  } finally {
    await terraform.close();
  }
}
