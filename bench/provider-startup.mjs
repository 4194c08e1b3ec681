#!/usr/bin/env node
/**
 * Provider start-up, which terraform pays 3-5 times per command, measured from spawn:
 *   handshake     the handshake line on stdout (what the README's "≤ 100 ms" is about);
 *   first answer  GetProviderSchema answered over mutual TLS, terraform's first RPC (what
 *                 loads after the handshake line must be ready by then);
 *   configured    then ConfigureProvider answered, against a local control plane: the API
 *                 client loaded and its first request made (the processes that plan, read
 *                 or apply get that far).
 * Compared with a bare `node -e 0` in the same session, since absolute figures depend on the
 * machine; runs interleave so that load from other processes spreads over all of them. The
 * client side (grpc-js here, Go in terraform) is part of the figures. Reports only; asserts
 * nothing.
 *
 *   node bench/provider-startup.mjs [path/to/provider.js] [runs] [path/to/other/provider.js]
 *
 * With a second provider (e.g. a build of another commit), both are measured in the same run.
 */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const providers = [process.argv[2] ?? join(root, 'dist/provider/provider.js'), ...(process.argv[4] ? [process.argv[4]] : [])];
const runs = Number(process.argv[3] ?? 15);
const dist = join(root, 'dist');
for (const file of [...providers, join(dist, 'providers/protocol/load.js')]) {
  if (!existsSync(file)) {
    console.error(`${file} not found: run npm run build first`);
    process.exit(1);
  }
}
const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');
const { encode } = require('@msgpack/msgpack');
const { loadServices, MessageCodecs, PROTO_FILES } = require(join(dist, 'providers/protocol/load.js'));
const { generateServerCertificate } = require(join(dist, 'providers/protocol/tls.js'));
const { startControlPlane } = require(join(dist, 'src/control-plane/index.js'));

const descriptor = new protobuf.Root().loadSync(PROTO_FILES.map((f) => join(root, 'providers/protocol', f)), { keepCase: true }).toJSON();
const services = loadServices(new MessageCodecs(descriptor));
const terraform = generateServerCertificate(); // stands in for terraform's client certificate
const apiKey = 'sk_test_0123456789abcdefghij';
const dataDir = mkdtempSync(join(tmpdir(), 'workos-rbac-bench-'));
const plane = await startControlPlane({ port: 0, dataDir, apiKey, log: () => {} });
const env = {
  ...process.env,
  TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
  PLUGIN_PROTOCOL_VERSIONS: '6,5',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
  PLUGIN_CLIENT_CERT: terraform.certPem,
  TF_LOG: '',
  TF_LOG_PROVIDER: '',
};

/** ms from spawn until the child exits (bare node). */
function bareNode() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`node -e 0 exited with ${code}`))));
  });
}

/** ms from spawn to the handshake line, to GetProviderSchema answered and to ConfigureProvider answered; then Shutdown. */
async function providerStart(provider) {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const child = spawn(process.execPath, [provider], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const line = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out);
      });
      exited.then((code) => reject(new Error(`exited with ${code} before the handshake: ${err}`)));
    });
    const handshake = elapsed();
    const [, , , address, , cert] = line.trim().split('|');
    const serverCertPem = new X509Certificate(Buffer.from(cert, 'base64')).toString();
    const credentials = grpc.credentials.createSsl(Buffer.from(serverCertPem), Buffer.from(terraform.keyPem), Buffer.from(terraform.certPem));
    const client = (service) => new (grpc.makeGenericClientConstructor(services[service], service))(address, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
    const call = (c, method, request) => new Promise((resolve, reject) => c[method](request, (e, res) => (e ? reject(e) : resolve(res))));

    const rpc = client('tfplugin6.Provider');
    const schema = await call(rpc, 'GetProviderSchema', {});
    const firstAnswer = elapsed();
    if (!schema.resource_schemas?.workos_role) throw new Error('GetProviderSchema answered without workos_role');
    const config = Object.fromEntries(schema.provider.block.attributes.map((a) => [a.name, null]));
    Object.assign(config, { api_key: apiKey, base_url: plane.url });
    const configuredAnswer = await call(rpc, 'ConfigureProvider', { terraform_version: '1.11.4', config: { msgpack: encode(config) } });
    const configured = elapsed();
    if (configuredAnswer.diagnostics.length > 0) throw new Error(`ConfigureProvider answered ${JSON.stringify(configuredAnswer.diagnostics)}`);
    rpc.close();
    const controller = client('plugin.GRPCController');
    await call(controller, 'Shutdown', {});
    controller.close();
    await exited;
    return { handshake, firstAnswer, configured };
  } finally {
    child.kill();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.9 * xs.length) - 1)];

const PHASES = { handshake: 'handshake line', firstAnswer: 'first answer (schema)', configured: 'configured' };
try {
  for (const provider of providers) await providerStart(provider); // warm the file cache
  const baseline = [];
  const measured = providers.map(() => ({ handshake: [], firstAnswer: [], configured: [] }));
  for (let i = 0; i < runs; i++) {
    baseline.push(await bareNode());
    for (const [j, provider] of providers.entries()) {
      const r = await providerStart(provider);
      for (const phase of Object.keys(PHASES)) measured[j][phase].push(r[phase]);
    }
  }

  const fmt = (n) => n.toFixed(1).padStart(7);
  const b = median(baseline);
  const row = (label, xs) => console.log(`  ${label.padEnd(28)} median ${fmt(median(xs))} ms   p90 ${fmt(p90(xs))} ms   ${(median(xs) / b).toFixed(2)}x bare node`);
  console.log(`provider start-up, ${runs} runs each, node ${process.version}`);
  row('node -e 0', baseline);
  for (const [j, provider] of providers.entries()) {
    console.log(provider);
    for (const [phase, label] of Object.entries(PHASES)) row(label, measured[j][phase]);
  }
  if (providers.length === 2) {
    const ratios = Object.entries(PHASES).map(([phase, label]) => `${label} ${(median(measured[0][phase]) / median(measured[1][phase])).toFixed(2)}x`);
    console.log(`first / second provider: ${ratios.join(', ')}`);
  }
} finally {
  await plane.close();
  rmSync(dataDir, { recursive: true, force: true });
}
