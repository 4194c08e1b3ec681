/**
 * `workos-rbac drift [DIR | --cdktf STACK | --plan-json FILE|-] [--format markdown|json]`:
 * out-of-band changes and who gained or lost access by them (README, "Watching for drift").
 * Runs `terraform plan -refresh-only` + `terraform show -json` in DIR (default: the current
 * directory) or the synthesized stack's directory, or reads that JSON.
 */
import * as fs from 'node:fs';
import { cdktfStackDir, EXIT_BLOCKED, planDocument, policyOption, readPlanJson, showPlanIn, type PlanJsonSource } from './command';
import { computeDriftWithState, renderDriftMarkdown } from './drift';
import { evaluatePolicy, renderDecision } from './policy';

/** Exit code when drift was found, so a scheduled job fails. */
export const DRIFT_FOUND = 4;

export interface DriftArgs {
  readonly source:
    | { readonly kind: 'dir'; readonly path: string }
    | { readonly kind: 'cdktf'; readonly stack: string }
    | PlanJsonSource;
  readonly format: 'markdown' | 'json';
  readonly policy?: string;
}

/** An argument error: the CLI prints it with the usage and exits 2. */
export class DriftUsageError extends Error {}

export function parseDriftArgs(argv: readonly string[]): DriftArgs {
  let format: DriftArgs['format'] = 'markdown';
  let source: DriftArgs['source'] | undefined;
  let policy: string | undefined;
  const one = (s: DriftArgs['source']) => {
    if (source) throw new DriftUsageError('drift reads one target: give DIR, --cdktf STACK or --plan-json FILE|-');
    source = s;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--format' || a === '--cdktf' || a === '--plan-json' || a === '--policy') {
      const v = argv[++i];
      if (v === undefined || (v.startsWith('--') && v !== '-')) throw new DriftUsageError(`${a} needs a value`);
      if (a === '--format') {
        if (v !== 'markdown' && v !== 'json') throw new DriftUsageError(`--format must be markdown or json, not ${JSON.stringify(v)}`);
        format = v;
      } else if (a === '--cdktf') one({ kind: 'cdktf', stack: v });
      else if (a === '--plan-json') one(v === '-' ? { kind: 'stdin' } : { kind: 'file', path: v });
      else policy = v;
    } else if (a.startsWith('-')) {
      throw new DriftUsageError(`drift: unknown argument ${JSON.stringify(a)}`);
    } else {
      one({ kind: 'dir', path: a });
    }
  }
  return { source: source ?? { kind: 'dir', path: '.' }, format, ...(policy !== undefined ? { policy } : {}) };
}

const PLAN_FILE = 'workos-rbac-drift.tfplan';

function readRefreshPlan(source: DriftArgs['source']): string {
  switch (source.kind) {
    case 'stdin':
    case 'file':
      return readPlanJson(source);
    case 'cdktf':
      return showPlanIn(cdktfStackDir(source.stack), ['-refresh-only'], PLAN_FILE);
    case 'dir':
      if (!fs.statSync(source.path, { throwIfNoEntry: false })?.isDirectory()) throw new DriftUsageError(`drift: ${source.path} is not a directory`);
      return showPlanIn(source.path, ['-refresh-only'], PLAN_FILE);
  }
}

/**
 * Prints the report. Exit code 0: no drift; DRIFT_FOUND (4): drift found (the report says
 * what and who it affects); with `--policy`, EXIT_BLOCKED (3) when a guardrail of severity
 * block fires on the target as it is now or on the drift's changes, drift or not. Throws
 * DriftUsageError (exit 2) / PlanFormatError (exit 1).
 */
export function runDriftCommand(argv: readonly string[], write: (s: string) => void = (s) => process.stdout.write(s)): number {
  const args = parseDriftArgs(argv);
  const policy = policyOption(args.policy, (message) => new DriftUsageError(message));
  const doc = planDocument(readRefreshPlan(args.source), '`terraform show -json PLANFILE` of a `terraform plan -refresh-only -out=PLANFILE`');
  const { report, after } = computeDriftWithState(doc);
  const result = policy && evaluatePolicy(policy, after, report.changes);
  if (args.format === 'json') write(`${JSON.stringify(result ? { ...report, policy: result } : report, null, 2)}\n`);
  else write(renderDriftMarkdown(report) + (result && policy ? renderDecision(result, policy.rules.length) : ''));
  if (result?.decision === 'BLOCK') return EXIT_BLOCKED;
  return report.drift.length > 0 ? DRIFT_FOUND : 0;
}
