/** Reads a policy file (YAML or JSON) and checks it against the one schema, naming the field at fault. */
import * as fs from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { policySchema, type Policy } from './schema';

/** A policy that cannot be read or does not validate; the message names the file and the field. */
export class PolicyError extends Error {}

/** `rules[2].never.permissions[0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = fieldPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(', ');
    return `${where ? `${where}: ` : ''}unknown field${issue.keys.length === 1 ? '' : 's'} ${keys}`;
  }
  return `${where || '(top level)'}: ${issue.message}`;
}

/** Validates a parsed policy document; `source` names it in errors (a file name). */
export function parsePolicy(doc: unknown, source: string): Policy {
  const result = policySchema.safeParse(doc);
  if (result.success) return result.data;
  throw new PolicyError(result.error.issues.map((i) => `${source}: ${describeIssue(i)}`).join('\n'));
}

/** Reads and validates a policy file: YAML, or JSON (YAML reads JSON too). */
export function loadPolicyFile(file: string): Policy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(`cannot read the policy file ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const at = err instanceof YAMLParseError && err.linePos ? ` (line ${err.linePos[0].line})` : '';
    throw new PolicyError(`${file}${at}: not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  return parsePolicy(doc, file);
}
