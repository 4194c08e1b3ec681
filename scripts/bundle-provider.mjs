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
 * saves compiling the bundle (~30 ms per start, bench/provider-startup.mjs); under another
 * node version or V8 flags the launcher makes a cache of its own (below).
 */
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import Module, { createRequire } from 'node:module';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
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
  define: { __TFPLUGIN_DESCRIPTOR__: JSON.stringify(JSON.stringify(descriptor.toJSON())) },
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
if (${makeCache ? 'true' : 'cacheFile !== shipped && script.cachedDataRejected !== false'}) {
  process.on('exit', () => {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      fs.writeFileSync(cacheFile + '.' + process.pid, script.createCachedData(), { mode: ${makeCache ? '0o644' : '0o600'} });
      fs.renameSync(cacheFile + '.' + process.pid, cacheFile);
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
 * Runs the provider once as terraform would: GetProviderSchema, then ConfigureProvider against
 * a local control plane (which loads the API client and sends its first request), then
 * GRPCController/Shutdown, on which the launcher writes the cache. Uses the tsc output in dist/.
 */
async function makeCodeCache(entry) {
  const require = createRequire(import.meta.url);
  const fromDist = (file) => require(join(root, 'dist', file));
  const grpc = require('@grpc/grpc-js');
  const { encode } = require('@msgpack/msgpack');
  const { loadServices, MessageCodecs } = fromDist('providers/protocol/load.js');
  const { generateServerCertificate } = fromDist('providers/protocol/tls.js');
  const { startControlPlane } = fromDist('src/control-plane/index.js');

  const services = loadServices(new MessageCodecs(descriptor.toJSON()));
  const terraform = generateServerCertificate(); // stands in for terraform's client certificate
  const apiKey = 'sk_test_code_cache_0123456789';
  const dataDir = mkdtempSync(join(tmpdir(), 'workos-rbac-code-cache-'));
  const plane = await startControlPlane({ port: 0, dataDir, apiKey, log: () => {} });
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2', PLUGIN_PROTOCOL_VERSIONS: '6', PLUGIN_CLIENT_CERT: terraform.certPem },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`provider exited with ${code} while making the code cache`))));
  });
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out);
      });
      exited.then(() => reject(new Error('provider exited before the handshake')), reject);
    });
    const [, , , address, , cert] = line.trim().split('|');
    const serverCertPem = new X509Certificate(Buffer.from(cert, 'base64')).toString();
    const credentials = grpc.credentials.createSsl(Buffer.from(serverCertPem), Buffer.from(terraform.keyPem), Buffer.from(terraform.certPem));
    const call = (service, method, request) =>
      new Promise((resolve, reject) => {
        const client = new (grpc.makeGenericClientConstructor(services[service], service))(address, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
        client[method](request, (err, response) => {
          client.close();
          if (err) reject(err);
          else resolve(response);
        });
      });

    const schema = await call('tfplugin6.Provider', 'GetProviderSchema', {});
    const config = Object.fromEntries(schema.provider.block.attributes.map((a) => [a.name, null]));
    Object.assign(config, { api_key: apiKey, base_url: plane.url });
    const configured = await call('tfplugin6.Provider', 'ConfigureProvider', { terraform_version: '1.11.4', config: { msgpack: encode(config) } });
    if (configured.diagnostics.length > 0) throw new Error(`ConfigureProvider answered ${JSON.stringify(configured.diagnostics)}`);
    await call('plugin.GRPCController', 'Shutdown', {});
    await exited;
  } finally {
    child.kill();
    await plane.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
