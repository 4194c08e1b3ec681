/**
 * A terraform working directory for the benchmark, and the clock around its commands.
 * Commands are spawned asynchronously: the control plane runs in this process and must keep
 * answering while terraform's provider waits on it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export class Workspace {
  /** `env`: the environment terraform (and through it the provider) runs with; `parent`: where the directory goes. */
  constructor(label, hcl, env, parent = os.tmpdir()) {
    this.label = label;
    this.env = env;
    this.dir = fs.mkdtempSync(path.join(parent, `${label}-`));
    fs.writeFileSync(path.join(this.dir, 'main.tf'), hcl);
  }

  /** `{ code, seconds, stdout, stderr }` of `terraform <args>`. */
  async tf(args) {
    const started = process.hrtime.bigint();
    const r = await run('terraform', [...args, '-no-color'], { cwd: this.dir, env: this.env });
    return { ...r, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  }

  /** Like `tf`, but a code outside `ok` is an error carrying terraform's output. */
  async must(args, ok = [0]) {
    const r = await this.tf(args);
    if (!ok.includes(r.code)) {
      const tail = (s) => s.split('\n').slice(-40).join('\n');
      throw new Error(`${this.label}: terraform ${args.join(' ')} exited ${r.code}\n--- stdout (end)\n${tail(r.stdout)}\n--- stderr (end)\n${tail(r.stderr)}`);
    }
    return r;
  }

  init() {
    return this.must(['init', '-input=false']);
  }

  apply() {
    return this.must(['apply', '-auto-approve', '-input=false']);
  }

  /** A refresh with nothing to change: exit 0 under `-detailed-exitcode` (2 means changes). */
  plan() {
    return this.must(['plan', '-input=false', '-detailed-exitcode'], [0, 2]);
  }

  /**
   * The same plan, with its CPU time accounted: `cpu.total` is terraform's and every process it
   * waited for (the shell's `times`), `cpu.provider` the provider processes' own (each reports
   * its CPU at exit: bench/cpu-report.cjs), `cpu.terraform` the difference. The provider runs
   * under `node --require`, so it compiles with a code cache of its own (README, "Using it from
   * plain HCL"): this run is for the split, the timed plans are the others.
   */
  async planWithCpu() {
    const log = path.join(this.dir, `cpu-${Date.now()}.log`);
    const env = { ...this.env, WORKOS_RBAC_NODE: nodeWithCpuReport(), WORKOS_RBAC_BENCH_CPU_LOG: log };
    const script = 'terraform "$@"; code=$?; times >&2; exit $code';
    const started = process.hrtime.bigint();
    const r = await run('/bin/sh', ['-c', script, 'sh', 'plan', '-input=false', '-detailed-exitcode', '-no-color'], { cwd: this.dir, env });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.code !== 0 && r.code !== 2) throw new Error(`${this.label}: terraform plan exited ${r.code}\n${r.stderr.split('\n').slice(-40).join('\n')}`);
    const total = childrenCpuSeconds(r.stderr);
    const reports = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
    const provider = reports.reduce((sum, line) => sum + (Number(line.split(' ')[1]) + Number(line.split(' ')[2])) / 1e6, 0);
    return { seconds, code: r.code, cpu: { total, provider, terraform: total - provider, providerProcesses: reports.length } };
  }

  cleanup() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A `node` for WORKOS_RBAC_NODE that loads bench/cpu-report.cjs first (written once per run). */
function nodeWithCpuReport() {
  const file = path.join(os.tmpdir(), `workos-rbac-bench-node-${process.pid}.sh`);
  if (!fs.existsSync(file)) {
    const report = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cpu-report.cjs');
    fs.writeFileSync(file, `#!/bin/sh\nexec '${process.execPath}' --require '${report}' "$@"\n`, { mode: 0o755 });
    process.once('exit', () => fs.rmSync(file, { force: true }));
  }
  return file;
}

/** The children's user + system seconds from the last line of the shell's `times` ("0m4.070s 0m0.560s"). */
function childrenCpuSeconds(stderr) {
  const line = stderr.trimEnd().split('\n').pop() ?? '';
  const times = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map(([, m, sec]) => Number(m) * 60 + Number(sec));
  if (times.length !== 2) throw new Error(`no CPU times from the shell's times: ${JSON.stringify(line)}`);
  return times[0] + times[1];
}

/** Commands still running, so that an interrupted benchmark can stop them. */
const running = new Set();

/** Interrupts every running command (terraform then stops its provider) and waits for them. */
export function interruptAll() {
  const closed = [...running].map((child) => new Promise((resolve) => child.once('close', resolve)));
  for (const child of running) child.kill('SIGINT');
  return Promise.race([Promise.all(closed), new Promise((resolve) => setTimeout(resolve, 10_000))]);
}

function run(cmd, args, { cwd, env }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.once('close', () => running.delete(child));
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** First line of `terraform version`. */
export async function terraformVersion(env) {
  const r = await run('terraform', ['version'], { cwd: os.tmpdir(), env });
  return r.stdout.split('\n')[0];
}

/** stdout of `node <script> [args]`, for the start-up and resolution benchmarks. */
export async function nodeScript(script, args = []) {
  const r = await run(process.execPath, [script, ...args], { cwd: path.dirname(script), env: process.env });
  if (r.code !== 0) throw new Error(`${script} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trimEnd();
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
