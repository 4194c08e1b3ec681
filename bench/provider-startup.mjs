#!/usr/bin/env node
/**
 * Provider start-up: milliseconds from spawn to the handshake line, which terraform pays
 * 3-5 times per command. Compared with a bare `node -e 0` in the same session, since
 * absolute figures depend on the machine. Reports only; asserts nothing.
 *
 *   node bench/provider-startup.mjs [path/to/provider.js] [runs]
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const provider = process.argv[2] ?? join(root, 'dist/provider/provider.js');
const runs = Number(process.argv[3] ?? 15);
if (!existsSync(provider)) {
  console.error(`${provider} not found: run npm run build first`);
  process.exit(1);
}

const env = {
  ...process.env,
  TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
  PLUGIN_PROTOCOL_VERSIONS: '6,5',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
  PLUGIN_CLIENT_CERT: throwawayClientCertPem(),
  TF_LOG: '',
  TF_LOG_PROVIDER: '',
};

/** ms from spawn until `ready(stdout)`, or until exit when `ready` is null; the child is then killed. */
function time(args, childEnv, ready) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (ready?.(out)) {
        resolve(elapsed());
        child.kill();
      }
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('exit', (code) => {
      if (!ready && code === 0) resolve(elapsed());
      else if (!ready?.(out)) reject(new Error(`exited with ${code} before the handshake: ${err}`));
    });
  });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p90: at(0.9) };
};

const baseline = [];
const startup = [];
await time([provider], env, (o) => o.includes('\n')); // warm the file cache
for (let i = 0; i < runs; i++) {
  baseline.push(await time(['-e', '0'], process.env, null));
  startup.push(await time([provider], env, (o) => o.includes('\n')));
}
const b = stats(baseline);
const p = stats(startup);
const fmt = (n) => n.toFixed(1).padStart(7);
console.log(`provider start-up, ${runs} runs each (${provider})`);
console.log(`  node -e 0           median ${fmt(b.median)} ms   p90 ${fmt(b.p90)} ms`);
console.log(`  provider handshake  median ${fmt(p.median)} ms   p90 ${fmt(p.p90)} ms`);
console.log(`  ratio (median)      ${(p.median / b.median).toFixed(2)}x bare node`);

/** A self-signed ECDSA certificate standing in for terraform's client certificate. */
function throwawayClientCertPem() {
  const der = (tag, ...parts) => {
    const body = Buffer.concat(parts);
    const len = body.length < 0x80 ? Buffer.from([body.length]) : body.length < 0x100 ? Buffer.from([0x81, body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
    return Buffer.concat([Buffer.from([tag]), len, body]);
  };
  const oid = (hex) => der(0x06, Buffer.from(hex, 'hex'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const alg = der(0x30, oid('2a8648ce3d040302')); // ecdsa-with-SHA256
  const name = der(0x30, der(0x31, der(0x30, oid('550403'), der(0x0c, Buffer.from('localhost')))));
  const serial = randomBytes(8);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const utc = (d) => der(0x17, Buffer.from(d.toISOString().slice(2, 19).replace(/[-T:]/g, '') + 'Z'));
  const now = Date.now();
  const tbs = der(0x30, der(0xa0, der(0x02, Buffer.from([2]))), der(0x02, serial), alg, name,
    der(0x30, utc(new Date(now - 60_000)), utc(new Date(now + 3600_000))), name, publicKey.export({ type: 'spki', format: 'der' }));
  const cert = der(0x30, tbs, alg, der(0x03, Buffer.from([0]), sign('sha256', tbs, privateKey)));
  return `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').match(/.{1,64}/g).join('\n')}\n-----END CERTIFICATE-----\n`;
}
