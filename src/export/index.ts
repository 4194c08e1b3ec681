/**
 * `workos-rbac export`: reads a live environment and writes the code that adopts it — a cdktf
 * TypeScript app (main.ts + cdktf.json) or plain HCL (main.tf) — with the import instructions
 * (`importFrom` calls, `import {}` blocks) for every object it found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderCdktf, renderCdktfJson } from './cdktf';
import { renderHcl } from './hcl';
import { buildModel, type AdoptionModel } from './model';
import { readEnvironment, type ExportSource } from './read';

export { buildModel, isUntouchedDefaultRole, type AdoptionModel, type Item } from './model';
export { readEnvironment, type ExportSource, type EnvironmentSnapshot, type OrganizationSnapshot } from './read';
export { renderCdktf, renderCdktfJson } from './cdktf';
export { renderHcl } from './hcl';

export type ExportFormat = 'cdktf' | 'hcl';

export interface ExportArgs {
  readonly format: ExportFormat;
  readonly outDir: string;
  readonly stackName: string;
}

export class ExportUsageError extends Error {}

/** Parses `export`'s arguments. Throws ExportUsageError. */
export function parseExportArgs(argv: readonly string[]): ExportArgs {
  let format: ExportFormat = 'cdktf';
  let outDir = '.';
  let stackName = 'rbac';
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    const value = argv[i + 1];
    if (!['--format', '--out', '--stack-name'].includes(name)) throw new ExportUsageError(`export: unknown argument ${JSON.stringify(name)}`);
    if (value === undefined || value.startsWith('--')) throw new ExportUsageError(`${name} needs a value`);
    if (name === '--format') {
      if (value !== 'cdktf' && value !== 'hcl') throw new ExportUsageError(`--format must be cdktf or hcl, not ${JSON.stringify(value)}`);
      format = value;
    } else if (name === '--out') outDir = value;
    else {
      if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(value)) throw new ExportUsageError(`--stack-name must start with a letter and contain only letters, digits, - and _, not ${JSON.stringify(value)}`);
      stackName = value;
    }
  }
  return { format, outDir, stackName };
}

export interface ExportResult {
  readonly files: readonly string[];
  readonly model: AdoptionModel;
}

/** Reads the environment behind `client` and writes the adoption code into `args.outDir`. */
export async function exportEnvironment(client: ExportSource, args: ExportArgs, target: string): Promise<ExportResult> {
  const names = args.format === 'hcl' ? ['main.tf'] : ['main.ts', 'cdktf.json'];
  const existing = names.map((n) => path.join(args.outDir, n)).filter((f) => fs.existsSync(f));
  if (existing.length > 0) throw new ExportUsageError(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}: choose another --out directory or move them away (export never overwrites)`);
  const model = buildModel(await readEnvironment(client));
  const header = [
    `Exported by \`workos-rbac export\` from ${target}: ${plural(model.items.length, 'object')}.`,
    ...model.notes,
    ...(model.skipped.length ? ['Not exported:', ...model.skipped.map((s) => `  - ${s}`)] : []),
  ];
  const files: Record<string, string> =
    args.format === 'hcl'
      ? { 'main.tf': renderHcl(model, header) }
      : { 'main.ts': renderCdktf(model, { stackName: args.stackName, header }), 'cdktf.json': renderCdktfJson(args.stackName) };
  fs.mkdirSync(args.outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(args.outDir, name);
    fs.writeFileSync(file, text);
    written.push(file);
  }
  return { files: written, model };
}

/** What the command prints: files written, objects adopted by kind, what was skipped, the next step. */
export function renderSummary(result: ExportResult, args: ExportArgs): string {
  const counts = new Map<string, number>();
  for (const item of result.model.items) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  const lines = [
    ...result.files.map((f) => `wrote ${f}`),
    `adopts ${plural(result.model.items.length, 'object')}: ${[...counts].map(([t, n]) => `${n} ${t}`).join(', ') || 'none'}`,
    ...result.model.notes.map((n) => `note: ${n}`),
    ...result.model.skipped.map((s) => `skipped: ${s}`),
    args.format === 'hcl'
      ? `next: cd ${args.outDir} && terraform init && terraform apply   (the import blocks adopt the objects; expect "0 added, 0 changed, 0 destroyed")`
      : `next: put main.ts into a cdktf TypeScript app with cdktf-workos-rbac installed (README: "Start a new project"), then cdktf deploy ${args.stackName}   (importFrom adopts the objects)`,
  ];
  return `${lines.join('\n')}\n`;
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
