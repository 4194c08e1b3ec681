/**
 * The Terraform CLI configuration that `workos-rbac provider install` writes: the user's own
 * configuration, kept as it is (credentials, plugin_cache_dir, other mirrors, `direct {}`),
 * with this provider's filesystem mirror merged into its `provider_installation` block.
 *
 * Terraform reads ONE main CLI config file (TF_CLI_CONFIG_FILE, else ~/.terraformrc), so a
 * file that only selected our mirror would silently drop everything else the user had.
 * The merge works on the text and keeps every byte it does not need to touch:
 *  - no `provider_installation` block: one is appended. Without an explicit block Terraform
 *    used its implied local mirror directories; those that exist are written out explicitly
 *    so that the user's locally mirrored providers keep working.
 *  - a `provider_installation` block: our `filesystem_mirror` goes first, and every other
 *    installation method that would also match our provider gets it in its `exclude` list
 *    (Terraform asks every matching method, and the registry does not know this provider).
 *  - anything it cannot read safely (a JSON config, unbalanced braces): it refuses and
 *    prints the exact block to add by hand.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** First line of every file this module writes; names the file it was merged from. */
const HEADER_PREFIX = '# Written by `workos-rbac provider install` from ';
const NO_SOURCE = '(no existing CLI configuration)';

export interface MirrorSelection {
  /** Absolute path of the unpacked filesystem mirror. */
  readonly mirrorDir: string;
  /** Provider address pattern our mirror serves, e.g. `registry.terraform.io/workos-rbac/*`. */
  readonly include: string;
}

export interface UserCliConfig {
  /** The file Terraform would read today, or undefined when there is none. */
  readonly file: string | undefined;
  readonly text: string;
}

export type MergeResult =
  | { readonly ok: true; readonly text: string; readonly how: string }
  | { readonly ok: false; readonly reason: string; readonly blockToAdd: string };

/**
 * The CLI configuration Terraform would use in this environment, following the file a
 * previous install wrote back to the user's original (so reinstalling does not nest).
 */
export function findUserCliConfig(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): UserCliConfig {
  let file: string | undefined = cliConfigFileInUse(env, home);
  for (let hops = 0; file !== undefined && hops < 5; hops++) {
    if (!fs.existsSync(file)) return { file: undefined, text: '' };
    const text = fs.readFileSync(file, 'utf8');
    const origin = mergedFrom(text);
    if (origin === undefined) return { file, text };
    file = origin === NO_SOURCE ? undefined : origin;
  }
  return { file: undefined, text: '' };
}

/** The main CLI configuration file Terraform reads in this environment (it may not exist). */
export function cliConfigFileInUse(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string {
  return env.TF_CLI_CONFIG_FILE || env.TERRAFORM_CONFIG || defaultCliConfigFile(home);
}

function defaultCliConfigFile(home: string): string {
  return process.platform === 'win32' && process.env.APPDATA
    ? path.join(process.env.APPDATA, 'terraform.rc')
    : path.join(home, '.terraformrc');
}

/** The source file named in our header line, if `text` is a file this module wrote. */
function mergedFrom(text: string): string | undefined {
  const first = text.split('\n', 1)[0]!;
  if (!first.startsWith(HEADER_PREFIX)) return undefined;
  const rest = first.slice(HEADER_PREFIX.length).trim();
  if (rest === NO_SOURCE) return NO_SOURCE;
  try {
    return JSON.parse(rest) as string;
  } catch {
    return undefined;
  }
}

/** Terraform's implied local mirror directories on this system that exist (CLI config docs). */
export function impliedMirrorDirs(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): string[] {
  const dataHome = env.XDG_DATA_HOME || path.join(home, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':').filter(Boolean);
  const candidates = [path.join(home, '.terraform.d', 'plugins'), path.join(dataHome, 'terraform', 'plugins'), ...dataDirs.map((d) => path.join(d, 'terraform', 'plugins'))];
  return [...new Set(candidates)].filter((d) => fs.existsSync(d) && fs.statSync(d).isDirectory());
}

/** `HOST/NAMESPACE/TYPE` of every provider found in a filesystem mirror directory. */
function providersIn(dir: string): string[] {
  const found: string[] = [];
  const sub = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : []);
  for (const host of sub(dir)) for (const ns of sub(path.join(dir, host))) for (const type of sub(path.join(dir, host, ns))) found.push(`${host}/${ns}/${type}`);
  return found;
}

export function headerLine(source: string | undefined): string {
  return `${HEADER_PREFIX}${source === undefined ? NO_SOURCE : JSON.stringify(source)}`;
}

/** The `filesystem_mirror` block for our provider, indented for a provider_installation body. */
function ourMirrorBlock(sel: MirrorSelection, indent: string): string {
  return [
    `${indent}# workos-rbac: the workos provider comes from its local filesystem mirror.`,
    `${indent}filesystem_mirror {`,
    `${indent}  path    = ${JSON.stringify(sel.mirrorDir)}`,
    `${indent}  include = [${JSON.stringify(sel.include)}]`,
    `${indent}}`,
  ].join('\n');
}

/** The block a user adds by hand when the merge refuses. */
export function blockToAddByHand(sel: MirrorSelection): string {
  return [
    'provider_installation {',
    ourMirrorBlock(sel, '  '),
    `  # …your other methods, each with ${JSON.stringify(sel.include)} in its exclude list, e.g.:`,
    '  direct {',
    `    exclude = [${JSON.stringify(sel.include)}]`,
    '  }',
    '}',
  ].join('\n');
}

/**
 * Merges our mirror into `user.text`. Pure apart from looking for implied mirror directories
 * (`impliedDirs`), which the caller passes in.
 */
export function mergeCliConfig(user: UserCliConfig, sel: MirrorSelection, impliedDirs: readonly string[] = []): MergeResult {
  const header = headerLine(user.file);
  const refuse = (reason: string): MergeResult => ({ ok: false, reason, blockToAdd: blockToAddByHand(sel) });
  if (user.file !== undefined && user.file.endsWith('.json')) return refuse(`${user.file} is JSON; this command merges only the native syntax`);

  let blocks: Block[];
  try {
    blocks = scanBlocks(user.text, 0, user.text.length);
  } catch (e) {
    return refuse(`${user.file ?? 'the CLI configuration'} could not be read: ${(e as Error).message}`);
  }
  const installation = blocks.filter((b) => b.name === 'provider_installation');
  if (installation.length > 1) return refuse(`${user.file} has more than one provider_installation block`);

  const body = user.text.replace(/\s*$/, '');
  if (installation.length === 0) {
    const lines = [
      header,
      ...(body ? [body, ''] : []),
      'provider_installation {',
      ourMirrorBlock(sel, '  '),
    ];
    const alsoExcluded = new Set<string>([sel.include]);
    for (const dir of impliedDirs) {
      lines.push(`  # Terraform's implied local mirror, kept now that the block is explicit.`, '  filesystem_mirror {', `    path = ${JSON.stringify(dir)}`, '  }');
      for (const p of providersIn(dir)) alsoExcluded.add(p);
    }
    lines.push('  direct {', `    exclude = [${[...alsoExcluded].map((p) => JSON.stringify(p)).join(', ')}]`, '  }', '}', '');
    return {
      ok: true,
      text: lines.join('\n'),
      how: impliedDirs.length ? `added a provider_installation block (keeping the implied mirror ${impliedDirs.join(', ')})` : 'added a provider_installation block',
    };
  }

  // Edit from the end of the text backwards so earlier offsets stay valid.
  const block = installation[0]!;
  const edits: { at: number; remove: number; insert: string }[] = [];
  const methods = scanBlocks(user.text, block.bodyStart, block.bodyEnd);
  let changed = 0;
  for (const m of methods) {
    if (m.name === 'dev_overrides') continue;
    if (m.name === 'filesystem_mirror' && attributeList(user.text, m, 'include')?.values.includes(sel.include) && attributeString(user.text, m, 'path') === sel.mirrorDir) {
      return { ok: true, text: `${header}\n${stripHeader(user.text)}`, how: 'the configuration already selects this mirror' };
    }
    const include = attributeList(user.text, m, 'include');
    if (include && !include.values.some((p) => patternMatches(p, sel.include))) continue;
    const exclude = attributeList(user.text, m, 'exclude');
    if (exclude) {
      if (exclude.values.includes(sel.include)) continue;
      edits.push({ at: exclude.openBracket + 1, remove: 0, insert: `${JSON.stringify(sel.include)}${exclude.values.length ? ', ' : ''}` });
    } else {
      const indent = lineIndent(user.text, m.start) + '  ';
      edits.push({ at: m.bodyEnd, remove: 0, insert: `${needsNewline(user.text, m.bodyEnd) ? '\n' : ''}${indent}exclude = [${JSON.stringify(sel.include)}]\n${lineIndent(user.text, m.start)}` });
    }
    changed++;
  }
  const indent = methods[0] ? lineIndent(user.text, methods[0].start) : lineIndent(user.text, block.start) + '  ';
  edits.push({ at: block.bodyStart, remove: 0, insert: `\n${ourMirrorBlock(sel, indent)}` });
  let text = user.text;
  for (const e of edits.sort((a, b) => b.at - a.at)) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.remove);
  return {
    ok: true,
    text: `${header}\n${stripHeader(text)}`,
    how: `merged into the existing provider_installation block (our mirror first${changed ? `; excluded from ${changed} other method${changed === 1 ? '' : 's'}` : ''})`,
  };
}

function stripHeader(text: string): string {
  return mergedFrom(text) === undefined ? text : text.slice(text.indexOf('\n') + 1);
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

function needsNewline(text: string, closingBrace: number): boolean {
  return !/\n[ \t]*$/.test(text.slice(0, closingBrace));
}

/** Terraform's provider address patterns: `*` matches one whole segment (namespace or type). */
export function patternMatches(pattern: string, address: string): boolean {
  const norm = (s: string) => (s.split('/').length === 2 ? `registry.terraform.io/${s}` : s).toLowerCase().split('/');
  const p = norm(pattern);
  const a = norm(address);
  return p.length === 3 && p.every((seg, i) => seg === '*' || a[i] === '*' || seg === a[i]);
}

// ---- a small reader for the native syntax (just enough for CLI configuration) ----------

interface Block {
  readonly name: string;
  readonly start: number;
  /** Offset just after `{`. */
  readonly bodyStart: number;
  /** Offset of the matching `}`. */
  readonly bodyEnd: number;
}

/** Top-level blocks (`name [labels] {`) between `from` and `to`, skipping strings and comments. */
function scanBlocks(text: string, from: number, to: number): Block[] {
  const blocks: Block[] = [];
  let i = from;
  let statementStart = from;
  while (i < to) {
    const c = text[i]!;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      i = lineEnd(text, i);
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new Error('unterminated comment');
      i = end + 2;
    } else if (c === '"') {
      i = stringEnd(text, i);
    } else if (c === '<' && text.startsWith('<<', i)) {
      i = heredocEnd(text, i);
    } else if (c === '{') {
      const close = matchingBracket(text, i);
      const head = text.slice(statementStart, i).trim();
      const name = /^([A-Za-z_][\w-]*)/.exec(head)?.[1];
      if (name && !head.includes('=')) blocks.push({ name, start: statementStart + text.slice(statementStart, i).indexOf(name), bodyStart: i + 1, bodyEnd: close });
      i = close + 1;
      statementStart = i;
    } else if (c === '\n') {
      i++;
      statementStart = i;
    } else if (c === '[' || c === '(') {
      i = matchingBracket(text, i) + 1;
    } else {
      i++;
    }
  }
  return blocks;
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n === -1 ? text.length : n;
}

function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
    else if (text[j] === '\n') break;
  }
  throw new Error(`unterminated string at offset ${i}`);
}

function heredocEnd(text: string, i: number): number {
  const m = /^<<-?([A-Za-z_]\w*)\n/.exec(text.slice(i));
  if (!m) return i + 2;
  const end = new RegExp(`\\n[ \\t]*${m[1]}[ \\t]*(\\n|$)`).exec(text.slice(i + m[0].length - 1));
  if (!end) throw new Error('unterminated heredoc');
  return i + m[0].length - 1 + end.index + end[0].length;
}

function matchingBracket(text: string, open: number): number {
  const pairs: Record<string, string> = { '{': '}', '[': ']', '(': ')' };
  const stack: string[] = [pairs[text[open]!]!];
  let i = open + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) i = lineEnd(text, i);
    else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new Error('unterminated comment');
      i = end + 2;
    } else if (c === '"') i = stringEnd(text, i);
    else if (pairs[c]) {
      stack.push(pairs[c]!);
      i++;
    } else if (c === '}' || c === ']' || c === ')') {
      if (stack.pop() !== c) throw new Error(`unbalanced ${JSON.stringify(c)} at offset ${i}`);
      if (stack.length === 0) return i;
      i++;
    } else i++;
  }
  throw new Error(`unclosed ${JSON.stringify(text[open])} at offset ${open}`);
}

/** `name = [ "a", "b" ]` directly inside a block: the strings and where `[` is. */
function attributeList(text: string, block: Block, name: string): { values: string[]; openBracket: number } | undefined {
  const m = attributeValueStart(text, block, name);
  if (m === undefined || text[m] !== '[') return undefined;
  const close = matchingBracket(text, m);
  const values = [...text.slice(m + 1, close).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => JSON.parse(`"${x[1]}"`) as string);
  return { values, openBracket: m };
}

function attributeString(text: string, block: Block, name: string): string | undefined {
  const m = attributeValueStart(text, block, name);
  if (m === undefined || text[m] !== '"') return undefined;
  return JSON.parse(text.slice(m, stringEnd(text, m))) as string;
}

/** Offset of the value of `name = …` at the top level of the block's body. */
function attributeValueStart(text: string, block: Block, name: string): number | undefined {
  const re = new RegExp(`(^|[\\n{;])[ \\t]*${name}[ \\t]*=[ \\t]*`, 'g');
  const body = text.slice(block.bodyStart, block.bodyEnd);
  // Only the block's own attributes: blank out nested blocks first (same length, offsets kept).
  const nested = scanBlocks(text, block.bodyStart, block.bodyEnd);
  let flat = body;
  for (const n of nested) {
    const a = n.bodyStart - block.bodyStart;
    const b = n.bodyEnd - block.bodyStart;
    flat = flat.slice(0, a) + ' '.repeat(b - a) + flat.slice(b);
  }
  const m = re.exec(flat);
  return m ? block.bodyStart + m.index + m[0].length : undefined;
}

/** Writes the merged configuration; refuses (throws with the block to add) when it cannot merge. */
export function writeCliConfig(file: string, sel: MirrorSelection, env: NodeJS.ProcessEnv = process.env): { how: string; source: string | undefined } {
  const user = findUserCliConfig(env);
  const merged = mergeCliConfig(user, sel, impliedMirrorDirs(env));
  if (!merged.ok) {
    throw new Error(
      `cannot merge the workos provider's mirror into your Terraform CLI configuration: ${merged.reason}.\n` +
        `Add this to the provider_installation block of ${user.file} yourself (the mirror is installed):\n\n${merged.blockToAdd}\n`,
    );
  }
  fs.writeFileSync(file, merged.text, { mode: 0o600 });
  return { how: merged.how, source: user.file };
}
