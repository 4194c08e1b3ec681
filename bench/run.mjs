#!/usr/bin/env node
/**
 * The benchmark: for each topology and size, `terraform apply` (create all) and then
 * `terraform plan` (refresh, nothing to change) through this provider against a local control
 * plane running in this process, side by side with terraform's floor (the same N of built-in
 * `terraform_data`, same dependency graph) and with the echo provider (this provider's schema
 * and transport with no work behind them: bench/echo-provider/main.ts), plus the requests each
 * command sent, provider start-up, resolution throughput and directory sync. Writes bench/RESULTS.md. Reports figures; asserts nothing.
 *
 *   npm run bench -- [--sizes 100,1000,5000] [--runs 3] [--topologies mixed,permissions]
 *                    [--target-rate N] [--provider-rps N] [--parallel-stacks 2] [--out FILE]
 *                    [--note TEXT]   a line under the title of RESULTS.md
 *                    [--json FILE]   also every figure measured, as JSON
 *
 * README, "Benchmarks".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { TOPOLOGIES, providerHcl, floorHcl } from './topology.mjs';
import { RequestCounter } from './requests.mjs';
import { Workspace, interruptAll, nodeScript, median, terraformVersion } from './workspace.mjs';
import { renderResults } from './report.mjs';
import { copyState, installEchoProvider } from './echo.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dist = (p) => {
  const file = path.join(here, '..', 'dist', p);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build (npm run bench does it)`);
  return require(file);
};
const { startControlPlane } = dist('src/control-plane/index.js');
const { installProvider } = dist('src/install/provider-install.js');
const defaults = dist('src/defaults.js');

const API_KEY = 'sk_test_bench_0123456789abcdefghij';

function parseArgs(argv) {
  const opts = { sizes: [100, 1000, 5000], runs: 3, topologies: ['mixed', 'permissions'], targetRate: undefined, providerRps: undefined, parallelStacks: 0, note: undefined, json: undefined, out: path.join(here, 'RESULTS.md') };
  const positive = (flag, v) => {
    const n = Number(v);
    if (!(n > 0)) throw new Error(`${flag} wants a positive number, got ${JSON.stringify(v)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--sizes': opts.sizes = value().split(',').map((s) => positive(flag, s.replace(/[_,]/g, ''))); break;
      case '--runs': opts.runs = positive(flag, value()); break;
      case '--topologies':
        opts.topologies = value().split(',');
        for (const t of opts.topologies) if (!TOPOLOGIES[t]) throw new Error(`unknown topology ${t}: one of ${Object.keys(TOPOLOGIES).join(', ')}`);
        break;
      case '--target-rate': opts.targetRate = positive(flag, value()); break;
      case '--provider-rps': opts.providerRps = positive(flag, value()); break;
      case '--parallel-stacks': opts.parallelStacks = positive(flag, value()); break;
      case '--out': opts.out = path.resolve(value()); break;
      case '--note': opts.note = value(); break;
      case '--json': opts.json = path.resolve(value()); break;
      default: throw new Error(`unknown argument ${argv[i]} (see the header of bench/run.mjs)`);
    }
  }
  return opts;
}

/** An argument as a POSIX shell would need it, for the command line shown in RESULTS.md. */
const shellQuote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

const opts = parseArgs(process.argv.slice(2));
const say = (line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-bench-'));
const { cliConfigFile } = installProvider(path.join(scratch, 'install'));
const echoInstall = await installEchoProvider(path.join(scratch, 'echo'));
// Interrupted: stop terraform (and so its provider), then leave no workspaces or data behind.
process.once('SIGINT', async () => {
  await interruptAll();
  fs.rmSync(scratch, { recursive: true, force: true });
  process.exit(130);
});

/** The environment terraform runs with: provider defaults unless a flag sets them. */
function terraformEnv(baseUrl, cliConfig = cliConfigFile) {
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', WORKOS_BASE_URL: baseUrl, WORKOS_API_KEY: API_KEY };
  delete env.WORKOS_REQUESTS_PER_SECOND;
  delete env.WORKOS_MAX_CONCURRENT_REQUESTS;
  delete env.TF_LOG;
  if (opts.providerRps) env.WORKOS_REQUESTS_PER_SECOND = String(opts.providerRps);
  return env;
}

/** A control plane with a fresh data directory, its requests counted. */
async function startTarget() {
  const counter = new RequestCounter();
  const dataDir = fs.mkdtempSync(path.join(scratch, 'data-'));
  // `rateLimit` is the control plane's own rate limit (an option of startControlPlane); a
  // control plane that predates it ignores the option, and the 429 column then stays 0.
  const plane = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: counter.log, ...(opts.targetRate ? { rateLimit: { requestsPerSecond: opts.targetRate } } : {}) });
  return { plane, counter };
}

/** Apply, then `runs` plans, ours, the echo provider's and the floor in turn, on one fresh target. */
async function measure(topologyName, n) {
  const topology = TOPOLOGIES[topologyName](n);
  const { plane, counter } = await startTarget();
  const ours = new Workspace(`${topologyName}-${n}`, providerHcl(topology), terraformEnv(plane.url), scratch);
  const floor = new Workspace(`${topologyName}-${n}-floor`, floorHcl(topology), terraformEnv(plane.url), scratch);
  // The same configuration and, once ours is applied, the same state; it never calls the target.
  const echo = new Workspace(`${topologyName}-${n}-echo`, providerHcl(topology), terraformEnv(plane.url, echoInstall.cliConfigFile), scratch);
  const row = { topology: topologyName, n, objects: topology.objects.length, description: topology.description, plans: { ours: [], floor: [], echo: [] }, refreshRequests: [], planCodes: [], echoPlanCodes: [] };
  try {
    await ours.init();
    await floor.init();
    await echo.init();
    counter.take();
    say(`${topologyName} N=${n}: apply`);
    row.applyOurs = (await ours.apply()).seconds;
    row.applyRequests = counter.take();
    row.applyFloor = (await floor.apply()).seconds;
    copyState(ours.dir, echo.dir);
    for (let i = 0; i < opts.runs; i++) {
      say(`${topologyName} N=${n}: plan ${i + 1}/${opts.runs}`);
      // Rotate who goes first, so a drift in the machine's load falls on all three.
      const order = [[ours, echo, floor], [floor, ours, echo], [echo, floor, ours]][i % 3];
      for (const ws of order) {
        counter.take();
        const r = await ws.plan();
        if (ws === ours) {
          row.plans.ours.push(r.seconds);
          row.planCodes.push(r.code);
          row.refreshRequests.push(counter.take());
        } else if (ws === echo) {
          row.plans.echo.push(r.seconds);
          row.echoPlanCodes.push(r.code);
        } else row.plans.floor.push(r.seconds);
      }
    }
    row.planOurs = median(row.plans.ours);
    row.planFloor = median(row.plans.floor);
    row.planEcho = median(row.plans.echo);
    say(`${topologyName} N=${n}: one more plan each, its CPU time accounted`);
    const before = process.cpuUsage();
    const oursCpu = await ours.planWithCpu();
    const target = process.cpuUsage(before);
    row.cpuOurs = { ...oursCpu.cpu, target: (target.user + target.system) / 1e6, seconds: oursCpu.seconds };
    const floorCpu = await floor.planWithCpu();
    row.cpuFloor = { ...floorCpu.cpu, seconds: floorCpu.seconds };
    const echoCpu = await echo.planWithCpu();
    row.cpuEcho = { ...echoCpu.cpu, seconds: echoCpu.seconds };
  } catch (err) {
    row.error = err.message;
    say(`${topologyName} N=${n} failed: ${err.message.split('\n')[0]}`);
  } finally {
    await plane.close();
    ours.cleanup();
    floor.cleanup();
    echo.cleanup();
  }
  return row;
}

/** `stacks` applies of the mixed topology at N each, at the same moment, sharing one key. */
async function measureParallel(n, stacks) {
  const { plane, counter } = await startTarget();
  const prefixes = 'abcdefghij'.slice(0, stacks).split('');
  const workspaces = prefixes.map((p) => new Workspace(`parallel-${p}-${n}`, providerHcl(TOPOLOGIES.mixed(n, p)), terraformEnv(plane.url), scratch));
  const row = { n, stacks };
  try {
    for (const ws of workspaces) await ws.init();
    counter.take();
    say(`${stacks} parallel stacks of mixed N=${n}: apply`);
    const started = process.hrtime.bigint();
    row.applies = (await Promise.all(workspaces.map((ws) => ws.apply()))).map((r) => r.seconds);
    row.wall = Number(process.hrtime.bigint() - started) / 1e9;
    row.applyRequests = counter.take();
    const plans = await Promise.all(workspaces.map((ws) => ws.plan()));
    row.plans = plans.map((r) => r.seconds);
    row.planCodes = plans.map((r) => r.code);
    row.refreshRequests = counter.take();
  } catch (err) {
    row.error = err.message;
    say(`parallel stacks N=${n} failed: ${err.message.split('\n')[0]}`);
  } finally {
    await plane.close();
    for (const ws of workspaces) ws.cleanup();
  }
  return row;
}

async function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    terraform: await terraformVersion(terraformEnv('http://127.0.0.1:1')),
    loadBefore: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

const results = {
  date: new Date().toISOString(),
  command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2).map(shellQuote)] : [])].join(' '),
  opts,
  providerDefaults: { requestsPerSecond: defaults.DEFAULT_REQUESTS_PER_SECOND, maxConcurrentRequests: defaults.DEFAULT_MAX_CONCURRENT_REQUESTS },
  rows: [],
  parallel: [],
};
try {
  results.machine = await machine();
  say('provider start-up');
  results.startup = await nodeScript(path.join(here, 'provider-startup.mjs'));
  say('resolution throughput');
  results.resolution = await nodeScript(path.join(here, 'resolution.mjs'));
  say('directory sync (SCIM pushes, live role application)');
  results.directorySync = await nodeScript(path.join(here, 'directory-sync.mjs'));
  for (const n of opts.sizes) {
    for (const t of opts.topologies) results.rows.push(await measure(t, n));
    if (opts.parallelStacks >= 2) results.parallel.push(await measureParallel(n, opts.parallelStacks));
  }
  results.loadAfter = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const markdown = renderResults(results);
  fs.writeFileSync(opts.out, markdown);
  if (opts.json) fs.writeFileSync(opts.json, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(markdown);
  say(`wrote ${opts.out}`);
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
