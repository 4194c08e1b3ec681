/**
 * `workos-rbac impact PLAN_JSON | - | --cdktf STACK [--format markdown|json] [--enrich] [--policy FILE]`.
 * Reads only the plan: no network, no credentials (`--enrich` alone asks the target).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { impactWithState } from './impact';
import { evaluatePolicy, loadPolicyFile, PolicyError, renderDecision, type Policy } from './policy';
import { renderMarkdown } from './render';
import { PlanFormatError } from './sources';

export interface ImpactArgs {
  readonly source: PlanJsonSource | { readonly kind: 'cdktf'; readonly stack: string };
  readonly format: 'markdown' | 'json';
  /** Ask the target (WORKOS_API_KEY / WORKOS_BASE_URL) how many members hold the default role, and each changed directory group has, now (enrich.ts). */
  readonly enrich: boolean;
  /** A guardrails policy file (README, "Guardrails: `impact --policy`"). */
  readonly policy?: string;
}

/** The exit code when a guardrail of severity block fires (README, "Guardrails: `impact --policy`"). */
export const EXIT_BLOCKED = 3;

/** An argument error: the CLI prints it with the usage and exits 2. */
export class ImpactUsageError extends Error {}

/**
 * The policy of a `--policy FILE` option, read before any plan is: a malformed file fails fast,
 * without running terraform, as a usage error naming the field (`usage` makes the command's own).
 */
export function policyOption(file: string | undefined, usage: (message: string) => Error): Policy | undefined {
  try {
    return file === undefined ? undefined : loadPolicyFile(file);
  } catch (err) {
    throw err instanceof PolicyError ? usage(err.message) : err;
  }
}

/** The JSON of a plan; `expected` says what to pass instead when it is not JSON. */
export function planDocument(text: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PlanFormatError(`the plan is not JSON (${(err as Error).message}): pass ${expected}`);
  }
}

export function parseImpactArgs(argv: readonly string[]): ImpactArgs {
  let format: ImpactArgs['format'] = 'markdown';
  let source: ImpactArgs['source'] | undefined;
  let enrich = false;
  let policy: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--enrich') {
      enrich = true;
    } else if (a === '--policy') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new ImpactUsageError('--policy needs a value: the policy file (YAML or JSON)');
      if (policy !== undefined) throw new ImpactUsageError('--policy is given twice: put every rule in one file');
      policy = v;
    } else if (a === '--format' || a === '--cdktf') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new ImpactUsageError(`${a} needs a value`);
      if (a === '--format') {
        if (v !== 'markdown' && v !== 'json') throw new ImpactUsageError(`--format must be markdown or json, not ${JSON.stringify(v)}`);
        format = v;
      } else {
        if (source) throw new ImpactUsageError('impact reads one plan: give PLAN_JSON, - or --cdktf STACK');
        source = { kind: 'cdktf', stack: v };
      }
    } else if (a.startsWith('--')) {
      throw new ImpactUsageError(`impact: unknown argument ${JSON.stringify(a)}`);
    } else {
      if (source) throw new ImpactUsageError('impact reads one plan: give PLAN_JSON, - or --cdktf STACK');
      source = a === '-' ? { kind: 'stdin' } : { kind: 'file', path: a };
    }
  }
  if (!source) throw new ImpactUsageError('impact needs PLAN_JSON (the output of `terraform show -json PLANFILE`), - for stdin, or --cdktf STACK');
  return { source, format, enrich, ...(policy !== undefined ? { policy } : {}) };
}

/** Runs terraform plan + show in a synthesized cdktf stack's directory; returns the plan JSON text. */
export function planCdktfStack(stack: string, cwd: string = process.cwd()): string {
  return showPlanIn(cdktfStackDir(stack, cwd), [], 'workos-rbac-impact.tfplan');
}

/** A synthesized cdktf stack's directory (`cdktf.out/stacks/STACK`); it must hold cdk.tf.json. */
export function cdktfStackDir(stack: string, cwd: string = process.cwd()): string {
  const dir = path.join(cwd, 'cdktf.out', 'stacks', stack);
  if (!fs.existsSync(path.join(dir, 'cdk.tf.json'))) throw new PlanFormatError(`${dir}/cdk.tf.json is missing: run \`npx cdktf synth\` first`);
  return dir;
}

/** `terraform init` (once), `terraform plan PLAN_ARGS -out=PLAN_FILE` and `terraform show -json PLAN_FILE` in `dir`; returns the plan JSON text. */
export function showPlanIn(dir: string, planArgs: readonly string[], planFile: string): string {
  const tf = (args: string[]) => {
    const r = spawnSync('terraform', [...args, '-no-color'], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, CHECKPOINT_DISABLE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.error) throw new PlanFormatError(`could not run terraform: ${r.error.message}`);
    if (r.status !== 0) throw new PlanFormatError(`terraform ${args[0]} failed in ${dir}:\n${r.stderr || r.stdout}`);
    return r.stdout;
  };
  if (!fs.existsSync(path.join(dir, '.terraform'))) tf(['init', '-input=false']);
  tf(['plan', ...planArgs, '-input=false', `-out=${planFile}`]);
  return tf(['show', '-json', planFile]);
}

/** A `terraform show -json` document given as a file, or `-` for standard input. */
export type PlanJsonSource = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin' };

/** The text of a plan JSON from a file or stdin; an unreadable file is a PlanFormatError naming it. */
export function readPlanJson(source: PlanJsonSource): string {
  if (source.kind === 'stdin') return fs.readFileSync(0, 'utf8');
  try {
    return fs.readFileSync(source.path, 'utf8');
  } catch (err) {
    throw new PlanFormatError(`cannot read ${source.path}: ${(err as Error).message}`);
  }
}

function readSource(source: ImpactArgs['source']): string {
  return source.kind === 'cdktf' ? planCdktfStack(source.stack) : readPlanJson(source);
}

/**
 * Prints the report; exit code 0 (a report was printed, whatever it says), or with `--policy`
 * EXIT_BLOCKED when the decision is BLOCK. Throws ImpactUsageError / PlanFormatError.
 */
export async function runImpactCommand(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseImpactArgs(argv);
  const policy = policyOption(args.policy, (message) => new ImpactUsageError(message));
  const doc = planDocument(readSource(args.source), 'the output of `terraform show -json PLANFILE`');
  const computed = impactWithState(doc);
  let report = computed.report;
  if (args.enrich) {
    if (!env.WORKOS_API_KEY) throw new ImpactUsageError('--enrich asks the target: set WORKOS_API_KEY (and WORKOS_BASE_URL for a local control plane)');
    const { WorkosClient } = await import('../client');
    const { enrichReport } = await import('./enrich');
    const { targetFromEnvironment } = await import('../settings');
    let settings;
    try {
      settings = targetFromEnvironment(env);
    } catch (err) {
      throw new ImpactUsageError(`--enrich: ${(err as Error).message}`);
    }
    report = await enrichReport(report, doc, new WorkosClient(settings));
  }
  const result = policy && evaluatePolicy(policy, computed.after, report.changes);
  if (args.format === 'json') write(`${JSON.stringify(result ? { ...report, policy: result } : report, null, 2)}\n`);
  else write(renderMarkdown(report) + (result && policy ? renderDecision(result, policy.rules.length) : ''));
  return result?.decision === 'BLOCK' ? EXIT_BLOCKED : 0;
}
