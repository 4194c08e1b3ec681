#!/usr/bin/env node
// `npm run demo`: start the local control plane (data kept in .demo/ under the repo), install
// the provider, `cdktf deploy` examples/quickstart, print what is deployed, stop the control
// plane. Running it again reports no changes.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = path.join(root, '.demo');
const dataDir = path.join(demoDir, 'control-plane');
const stackDir = path.join(demoDir, 'quickstart');
const cli = path.join(root, 'dist', 'src', 'cli.js');

function fail(message) {
  console.error(`demo: ${message}`);
  process.exit(1);
}

if (spawnSync('terraform', ['version'], { stdio: 'ignore' }).status !== 0) {
  fail('terraform is not on PATH: install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install).');
}
if (!fs.existsSync(cli)) fail('dist/ is missing: run `npm run build` first (npm run demo does it).');

fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 }); // the control plane keeps it private (README, "The local control plane")
fs.mkdirSync(stackDir, { recursive: true });
// A stable key per demo directory, so the second run talks to the same data.
const keyFile = path.join(demoDir, 'api-key');
if (!fs.existsSync(keyFile)) fs.writeFileSync(keyFile, `sk_demo_${randomBytes(16).toString('hex')}\n`, { mode: 0o600 });
const apiKey = fs.readFileSync(keyFile, 'utf8').trim();

const port = await freePort();
const baseUrl = `http://127.0.0.1:${port}`;
console.log(`• starting the local control plane on ${baseUrl} (data in ${path.relative(root, dataDir)}/)`);
const server = spawn(process.execPath, [cli, 'server', '--port', String(port), '--data-dir', dataDir], {
  env: { ...process.env, WORKOS_API_KEY: apiKey },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let serverLog = '';
server.stderr.on('data', (d) => (serverLog += d));
const stopServer = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stopServer);
await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    if (out.includes('listening on')) resolve();
  });
  server.on('exit', (code) => reject(new Error(`control plane exited (${code}):\n${serverLog}`)));
}).catch((e) => fail(e.message));

console.log('• installing the provider');
const install = spawnSync(process.execPath, [cli, 'provider', 'install', '--dir', path.join(demoDir, 'terraform')], { encoding: 'utf8' });
if (install.status !== 0) fail(`provider install failed:\n${install.stderr}`);
const cliConfig = install.stdout.trim().split('\n').pop();

// The stack runs from .demo/quickstart so that its state stays next to the demo's data.
fs.writeFileSync(
  path.join(stackDir, 'cdktf.json'),
  JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(path.join(root, 'dist', 'examples', 'quickstart', 'main.js'))}`, projectId: 'workos-rbac-demo', sendCrashReports: 'false', terraformProviders: [], terraformModules: [] }, null, 2),
);
// A rebuilt provider has new checksums: let terraform re-lock it.
fs.rmSync(path.join(stackDir, 'cdktf.out', 'stacks', 'quickstart', '.terraform.lock.hcl'), { force: true });

const env = {
  ...process.env,
  TF_CLI_CONFIG_FILE: cliConfig,
  CHECKPOINT_DISABLE: '1',
  WORKOS_BASE_URL: baseUrl,
  WORKOS_API_KEY: apiKey,
  CI: process.env.CI ?? '1', // plain, non-interactive output from cdktf
};
console.log('• cdktf deploy quickstart');
const cdktf = path.join(root, 'node_modules', '.bin', 'cdktf');
const deploy = spawnSync(cdktf, ['deploy', 'quickstart', '--auto-approve'], { cwd: stackDir, env, stdio: 'inherit' });
if (deploy.status !== 0) {
  stopServer();
  fail(`cdktf deploy failed (exit ${deploy.status})`);
}

console.log('\nDeployed on the local control plane:');
const headers = { authorization: `Bearer ${apiKey}` };
const roles = (await (await fetch(`${baseUrl}/authorization/roles`, { headers })).json()).data;
const perms = [];
for (let after; ; ) {
  const page = await (await fetch(`${baseUrl}/authorization/permissions?limit=100&order=asc${after ? `&after=${after}` : ''}`, { headers })).json();
  perms.push(...page.data);
  after = page.list_metadata?.after;
  if (!after) break;
}
perms.sort((a, b) => a.slug.localeCompare(b.slug));
console.log(`\n  permissions (${perms.length})`);
for (const p of perms) console.log(`    ${p.slug.padEnd(20)} ${p.name}`);
console.log(`\n  roles, in priority order (${roles.length})`);
for (const r of roles) console.log(`    ${r.slug.padEnd(16)} ${r.name.padEnd(20)} ${r.permissions.join(', ') || '(no permissions)'}`);
console.log(`\nRun \`npm run demo\` again: terraform reports no changes. Data: ${path.relative(root, demoDir)}/`);
stopServer();

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}
