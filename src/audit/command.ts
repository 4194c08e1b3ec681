/**
 * `workos-rbac audit PLAN_JSON | - | --cdktf STACK | --live [--format markdown|json] [--top N]
 * [--fail-on FINDING]...`: the least-privilege audit of the topology after a plan, of a
 * synthesized stack, or of a live target (README, "Auditing access: least privilege").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asPlanJson, PlanFormatError, plannedObjects, synthesizedObjects, type ManagedObject } from '../impact/sources';
import { computeAudit, DEFAULT_TOP, FINDING_KINDS, type AuditReport, type FindingKind } from './findings';
import { renderAuditMarkdown } from './render';

export interface AuditArgs {
  readonly source: { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin' } | { readonly kind: 'cdktf'; readonly stack: string } | { readonly kind: 'live' };
  readonly format: 'markdown' | 'json';
  readonly top: number;
  readonly failOn: readonly FindingKind[];
}

/** Exit code when a finding named by `--fail-on` is present (the report is printed first). */
export const AUDIT_FINDINGS_EXIT = 3;

/** An argument error: the CLI prints it with the usage and exits 2. */
export class AuditUsageError extends Error {}

const ONE_SOURCE = 'audit reads one topology: give PLAN_JSON, -, --cdktf STACK or --live';

export function parseAuditArgs(argv: readonly string[]): AuditArgs {
  let format: AuditArgs['format'] = 'markdown';
  let source: AuditArgs['source'] | undefined;
  let top = DEFAULT_TOP;
  const failOn: FindingKind[] = [];
  const setSource = (s: AuditArgs['source']) => {
    if (source) throw new AuditUsageError(ONE_SOURCE);
    source = s;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--live') {
      setSource({ kind: 'live' });
      continue;
    }
    if (a === '--format' || a === '--cdktf' || a === '--top' || a === '--fail-on') {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new AuditUsageError(`${a} needs a value`);
      if (a === '--format') {
        if (v !== 'markdown' && v !== 'json') throw new AuditUsageError(`--format must be markdown or json, not ${JSON.stringify(v)}`);
        format = v;
      } else if (a === '--cdktf') {
        setSource({ kind: 'cdktf', stack: v });
      } else if (a === '--top') {
        if (!/^[1-9][0-9]*$/.test(v)) throw new AuditUsageError(`--top must be a positive whole number, not ${JSON.stringify(v)}`);
        top = Number(v);
      } else {
        for (const kind of v.split(',')) {
          if (!(FINDING_KINDS as readonly string[]).includes(kind)) throw new AuditUsageError(`--fail-on takes ${FINDING_KINDS.join(', ')} (comma-separated), not ${JSON.stringify(kind)}`);
          failOn.push(kind as FindingKind);
        }
      }
      continue;
    }
    if (a.startsWith('--')) throw new AuditUsageError(`audit: unknown argument ${JSON.stringify(a)}`);
    setSource(a === '-' ? { kind: 'stdin' } : { kind: 'file', path: a });
  }
  if (!source) throw new AuditUsageError('audit needs PLAN_JSON (the output of `terraform show -json PLANFILE`), - for stdin, --cdktf STACK or --live');
  return { source, format, top, failOn };
}

/**
 * The objects of a JSON document: a plan (`terraform show -json PLANFILE`: its planned values)
 * or a synthesized cdktf stack (cdk.tf.json).
 */
export function documentObjects(text: string, where: string): ManagedObject[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new PlanFormatError(`${where} is not JSON (${(err as Error).message}): pass the output of \`terraform show -json PLANFILE\` or a synthesized cdk.tf.json`);
  }
  const isSynth = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && !('format_version' in doc) && ('resource' in doc || 'terraform' in doc);
  if (isSynth) return synthesizedObjects(doc);
  try {
    return plannedObjects(asPlanJson(doc));
  } catch (err) {
    throw err instanceof PlanFormatError ? new PlanFormatError(`${where}: ${err.message}, or a synthesized cdk.tf.json`) : err;
  }
}

async function readObjects(source: AuditArgs['source'], env: NodeJS.ProcessEnv, cwd: string): Promise<ManagedObject[]> {
  switch (source.kind) {
    case 'stdin':
      return documentObjects(fs.readFileSync(0, 'utf8'), 'stdin');
    case 'file': {
      let text: string;
      try {
        text = fs.readFileSync(source.path, 'utf8');
      } catch (err) {
        throw new PlanFormatError(`cannot read ${source.path}: ${(err as Error).message}`);
      }
      return documentObjects(text, source.path);
    }
    case 'cdktf': {
      const file = path.join(cwd, 'cdktf.out', 'stacks', source.stack, 'cdk.tf.json');
      if (!fs.existsSync(file)) throw new PlanFormatError(`${file} is missing: run \`npx cdktf synth\` first`);
      return documentObjects(fs.readFileSync(file, 'utf8'), file);
    }
    case 'live': {
      if (!env.WORKOS_API_KEY) throw new AuditUsageError('--live reads the target: set WORKOS_API_KEY (and WORKOS_BASE_URL for a local control plane)');
      const { targetFromEnvironment } = await import('../settings');
      let settings;
      try {
        settings = targetFromEnvironment(env);
      } catch (err) {
        throw new AuditUsageError(`--live: ${(err as Error).message}`);
      }
      const { WorkosClient } = await import('../client');
      const { readEnvironment, buildModel } = await import('../export');
      const { adoptedObjects } = await import('./live');
      return adoptedObjects(buildModel(await readEnvironment(new WorkosClient(settings))));
    }
  }
}

/** The findings `--fail-on` names that the report holds. */
export const failingFindings = (report: AuditReport, failOn: readonly FindingKind[]): FindingKind[] => failOn.filter((k) => report[k].length > 0);

/**
 * Prints the report. Exit code 0 (printed; findings are information), 3 when a finding named by
 * `--fail-on` is present. Throws AuditUsageError (exit 2) / PlanFormatError and target errors (exit 1).
 */
export async function runAuditCommand(argv: string[], write: (s: string) => void = (s) => process.stdout.write(s), env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<number> {
  const args = parseAuditArgs(argv);
  const report = computeAudit(await readObjects(args.source, env, cwd), { top: args.top });
  write(args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderAuditMarkdown(report, args.top));
  return failingFindings(report, args.failOn).length > 0 ? AUDIT_FINDINGS_EXIT : 0;
}
