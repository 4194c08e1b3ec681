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
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { terraformStandIn } from '../scripts/terraform-stand-in.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const providers = [process.argv[2] ?? join(root, 'dist/provider/provider.js'), ...(process.argv[4] ? [process.argv[4]] : [])];
const runs = Number(process.argv[3] ?? 15);
for (const file of [...providers, join(root, 'dist/providers/protocol/load.js')]) {
  if (!existsSync(file)) {
    console.error(`${file} not found: run npm run build first`);
    process.exit(1);
  }
}
const env = { ...process.env, TF_LOG: '', TF_LOG_PROVIDER: '' };

/** ms from spawn until the child exits (bare node). */
function bareNode() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`node -e 0 exited with ${code}`))));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(0.9 * xs.length) - 1)];

const PHASES = { handshake: 'handshake line', firstAnswer: 'first answer (schema)', configured: 'configured' };
const terraform = await terraformStandIn();
try {
  for (const provider of providers) await terraform.run(provider, env); // warm the file cache
  const baseline = [];
  const measured = providers.map(() => ({ handshake: [], firstAnswer: [], configured: [] }));
  for (let i = 0; i < runs; i++) {
    baseline.push(await bareNode());
    for (const [j, provider] of providers.entries()) {
      const r = await terraform.run(provider, env);
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
  await terraform.close();
}
