#!/usr/bin/env node
/**
 * Provider start-up, which terraform pays 3-5 times per command, measured from spawn:
 *   handshake     the handshake line on stdout (what the README's "≤ 100 ms" is about);
 *   first answer  GetProviderSchema answered over mutual TLS, as terraform's first RPC
 *                 (what loads after the handshake line must be ready by then).
 * Compared with a bare `node -e 0` in the same session, since absolute figures depend on the
 * machine; runs interleave so that load from other processes spreads over all of them.
 * Reports only; asserts nothing.
 *
 *   node bench/provider-startup.mjs [path/to/provider.js] [runs] [path/to/other/provider.js]
 *
 * With a second provider (e.g. a build of another commit), both are measured in the same run.
 */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const providers = [process.argv[2] ?? join(root, 'dist/provider/provider.js'), ...(process.argv[4] ? [process.argv[4]] : [])];
const runs = Number(process.argv[3] ?? 15);
const protocol = join(root, 'dist/providers/protocol');
for (const file of [...providers, protocol]) {
  if (!existsSync(file)) {
    console.error(`${file} not found: run npm run build first`);
    process.exit(1);
  }
}
const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');
const { loadServices, MessageCodecs, PROTO_FILES } = require(join(protocol, 'load.js'));
const { generateServerCertificate } = require(join(protocol, 'tls.js'));
const descriptor = new protobuf.Root().loadSync(PROTO_FILES.map((f) => join(root, 'providers/protocol', f)), { keepCase: true }).toJSON();
const ProviderClient = grpc.makeGenericClientConstructor(loadServices(new MessageCodecs(descriptor))['tfplugin6.Provider'], 'Provider');

const terraform = generateServerCertificate(); // stands in for terraform's client certificate
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

/** ms from spawn to the handshake line, and to GetProviderSchema answered; the child is then killed. */
function providerStart(provider) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, [provider], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let handshake;
    const fail = (e) => {
      child.kill();
      reject(e);
    };
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (handshake !== undefined || !out.includes('\n')) return;
      handshake = elapsed();
      const [, , , address, , cert] = out.trim().split('|');
      const serverCertPem = new X509Certificate(Buffer.from(cert, 'base64')).toString();
      const credentials = grpc.credentials.createSsl(Buffer.from(serverCertPem), Buffer.from(terraform.keyPem), Buffer.from(terraform.certPem));
      const client = new ProviderClient(address, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
      client.GetProviderSchema({}, (e, res) => {
        const firstAnswer = elapsed();
        client.close();
        if (e) return fail(e);
        if (!res.resource_schemas?.workos_role) return fail(new Error('GetProviderSchema answered without workos_role'));
        child.kill();
        resolve({ handshake, firstAnswer });
      });
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      if (handshake === undefined) reject(new Error(`exited with ${code} before the handshake: ${err}`));
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.9 * xs.length) - 1)];

for (const provider of providers) await providerStart(provider); // warm the file cache
const baseline = [];
const measured = providers.map(() => ({ handshake: [], firstAnswer: [] }));
for (let i = 0; i < runs; i++) {
  baseline.push(await bareNode());
  for (const [j, provider] of providers.entries()) {
    const r = await providerStart(provider);
    measured[j].handshake.push(r.handshake);
    measured[j].firstAnswer.push(r.firstAnswer);
  }
}

const fmt = (n) => n.toFixed(1).padStart(7);
const b = median(baseline);
const row = (label, xs) => console.log(`  ${label.padEnd(28)} median ${fmt(median(xs))} ms   p90 ${fmt(p90(xs))} ms   ${(median(xs) / b).toFixed(2)}x bare node`);
console.log(`provider start-up, ${runs} runs each, node ${process.version}`);
row('node -e 0', baseline);
for (const [j, provider] of providers.entries()) {
  console.log(`${provider}`);
  row('handshake line', measured[j].handshake);
  row('first answer (schema)', measured[j].firstAnswer);
}
if (providers.length === 2) {
  const ratio = (k) => (median(measured[0][k]) / median(measured[1][k])).toFixed(2);
  console.log(`first / second provider: handshake ${ratio('handshake')}x, first answer ${ratio('firstAnswer')}x`);
}
