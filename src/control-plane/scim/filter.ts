/**
 * SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2): parsed into a small tree, then
 * evaluated against a resource as it is answered. Supported: `eq ne co sw ew gt ge lt le pr`,
 * `and`, `or`, `not (…)`, parentheses, and value filters on multi-valued attributes
 * (`emails[type eq "work"]`). Anything else is a 400 `invalidFilter` (or `invalidPath` in a PATCH path).
 */
import { attributeSegments, isObject, valuesAt } from './attributes';
import { invalidFilter, invalidPath, type ScimError } from './errors';

const COMPARE_OPS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'] as const;
type CompareOp = (typeof COMPARE_OPS)[number];
type Literal = string | number | boolean | null;

export type Filter =
  | { readonly kind: 'and' | 'or'; readonly left: Filter; readonly right: Filter }
  | { readonly kind: 'not'; readonly inner: Filter }
  | { readonly kind: 'present'; readonly path: string[] }
  | { readonly kind: 'compare'; readonly path: string[]; readonly op: CompareOp; readonly value: Literal }
  /** `emails[type eq "work"]`: some value of the multi-valued attribute matches `inner`. */
  | { readonly kind: 'valuePath'; readonly path: string[]; readonly inner: Filter };

/** A PATCH path: `members`, `name.givenName`, `members[value eq "…"]`, `emails[type eq "work"].value`. */
export interface PatchPath {
  readonly segments: string[];
  readonly filter?: Filter;
  /** The sub-attribute after a value filter (`.value`). */
  readonly sub?: string;
}

type Token = { kind: 'punct'; text: '(' | ')' | '[' | ']' } | { kind: 'string'; value: string } | { kind: 'word'; text: string };

function tokenize(text: string, fail: (why: string) => ScimError): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|([()[\]])|("(?:[^"\\]|\\.)*")|([^\s()[\]"]+)/y;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) throw fail('a string is not closed (missing ")');
    if (m[1]) tokens.push({ kind: 'punct', text: m[1] as '(' });
    else if (m[2]) {
      try {
        tokens.push({ kind: 'string', value: JSON.parse(m[2]) as string });
      } catch {
        throw fail(`the string ${m[2]} is not a valid JSON string`);
      }
    } else if (m[3]) tokens.push({ kind: 'word', text: m[3] });
  }
  return tokens;
}

/** Deeper nesting than any IdP sends is refused rather than recursed into. */
const MAX_DEPTH = 32;

class Parser {
  private at = 0;
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly fail: (why: string) => ScimError,
  ) {}

  get done() {
    return this.at >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private next(what: string): Token {
    const t = this.tokens[this.at++];
    if (!t) throw this.fail(`expected ${what} at the end`);
    return t;
  }

  private isWord(t: Token | undefined, ...words: string[]): boolean {
    return t?.kind === 'word' && words.includes(t.text.toLowerCase());
  }

  private expect(text: ')' | ']') {
    const t = this.next(`"${text}"`);
    if (t.kind !== 'punct' || t.text !== text) throw this.fail(`expected "${text}" but found ${show(t)}`);
  }

  attributePath(): string[] {
    const t = this.next('an attribute');
    const segments = t.kind === 'word' ? attributeSegments(t.text) : undefined;
    if (!segments) throw this.fail(`expected an attribute but found ${show(t)}`);
    return segments;
  }

  /** `attr`, `attr[filter]` or `attr[filter].sub`. */
  patchPath(): PatchPath {
    const segments = this.attributePath();
    const open = this.peek();
    if (open?.kind !== 'punct' || open.text !== '[') return { segments };
    this.at++;
    const filter = this.filter();
    this.expect(']');
    const sub = this.peek();
    if (sub === undefined) return { segments, filter };
    this.at++;
    if (sub.kind !== 'word' || !/^\.[A-Za-z$][\w$-]*$/.test(sub.text)) throw this.fail(`only a sub-attribute (".value") may follow a value filter, not ${show(sub)}`);
    return { segments, filter, sub: sub.text.slice(1) };
  }

  filter(): Filter {
    if (++this.depth > MAX_DEPTH) throw this.fail(`it nests deeper than ${MAX_DEPTH} levels`);
    let left = this.conjunction();
    while (this.isWord(this.peek(), 'or')) {
      this.at++;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    this.depth--;
    return left;
  }

  private conjunction(): Filter {
    let left = this.unary();
    while (this.isWord(this.peek(), 'and')) {
      this.at++;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Filter {
    const t = this.peek();
    if (this.isWord(t, 'not')) {
      this.at++;
      const open = this.next('"("');
      if (open.kind !== 'punct' || open.text !== '(') throw this.fail(`"not" must be followed by "(", not ${show(open)}`);
      const inner = this.filter();
      this.expect(')');
      return { kind: 'not', inner };
    }
    if (t?.kind === 'punct' && t.text === '(') {
      this.at++;
      const inner = this.filter();
      this.expect(')');
      return inner;
    }
    const path = this.attributePath();
    const after = this.peek();
    if (after?.kind === 'punct' && after.text === '[') {
      this.at++;
      const inner = this.filter();
      this.expect(']');
      return { kind: 'valuePath', path, inner };
    }
    const op = this.next('an operator');
    const opText = op.kind === 'word' ? op.text.toLowerCase() : '';
    if (opText === 'pr') return { kind: 'present', path };
    if (!(COMPARE_OPS as readonly string[]).includes(opText)) throw this.fail(`expected an operator (${COMPARE_OPS.join(', ')}, pr) after ${path.join('.')}, not ${show(op)}`);
    return { kind: 'compare', path, op: opText as CompareOp, value: this.literal() };
  }

  private literal(): Literal {
    const t = this.next('a value');
    if (t.kind === 'string') return t.value;
    if (t.kind === 'word') {
      const w = t.text.toLowerCase();
      if (w === 'true' || w === 'false') return w === 'true';
      if (w === 'null') return null;
      if (/^-?\d+(\.\d+)?$/.test(t.text)) return Number(t.text);
    }
    throw this.fail(`expected a value (a "string", a number, true, false or null), not ${show(t)}`);
  }
}

const show = (t: Token) => (t.kind === 'string' ? JSON.stringify(t.value) : `"${t.text}"`);

export function parseFilter(text: string): Filter {
  const fail = (why: string) => invalidFilter(`The filter ${JSON.stringify(text)} is not supported: ${why}.`);
  const p = new Parser(tokenize(text, fail), fail);
  const f = p.filter();
  if (!p.done) throw fail(`unexpected ${show(p.peek()!)}`);
  return f;
}

export function parsePatchPath(text: string): PatchPath {
  const fail = (why: string) => invalidPath(`The path ${JSON.stringify(text)} is not valid: ${why}.`);
  const p = new Parser(tokenize(text, fail), fail);
  const path = p.patchPath();
  if (!p.done) throw fail(`unexpected ${show(p.peek()!)}`);
  return path;
}

/** Every attribute path the filter names, value filters' inner paths prefixed by their attribute. */
export function filterPaths(f: Filter, prefix: readonly string[] = []): string[][] {
  switch (f.kind) {
    case 'and':
    case 'or':
      return [...filterPaths(f.left, prefix), ...filterPaths(f.right, prefix)];
    case 'not':
      return filterPaths(f.inner, prefix);
    case 'valuePath':
      return [[...prefix, ...f.path], ...filterPaths(f.inner, [...prefix, ...f.path])];
    default:
      return [[...prefix, ...f.path]];
  }
}

/**
 * Attributes compared case-sensitively (`caseExact` in RFC 7643 §4 and §8.7.1): ids and
 * references. Every other string compares case-insensitively (userName, emails, displayName…).
 */
const CASE_EXACT = new Set(['id', 'externalid', 'members.value', 'groups.value', 'meta.location']);

/** Whether `resource` matches; `prefix` is where `resource` sits inside the whole resource (inside a value filter). */
export function matchesFilter(f: Filter, resource: unknown, prefix: readonly string[] = []): boolean {
  switch (f.kind) {
    case 'and':
      return matchesFilter(f.left, resource, prefix) && matchesFilter(f.right, resource, prefix);
    case 'or':
      return matchesFilter(f.left, resource, prefix) || matchesFilter(f.right, resource, prefix);
    case 'not':
      return !matchesFilter(f.inner, resource, prefix);
    case 'present':
      return valuesAt(resource, f.path).some((v) => v !== '' && !(isObject(v) && Object.keys(v).length === 0));
    case 'valuePath':
      return valuesAt(resource, f.path).some((v) => matchesFilter(f.inner, v, [...prefix, ...f.path]));
    case 'compare': {
      const values = valuesAt(resource, f.path);
      const exact = CASE_EXACT.has([...prefix, ...f.path].join('.').toLowerCase());
      if (f.op === 'ne') return !values.some((v) => compare('eq', v, f.value, exact));
      if (f.value === null) return f.op === 'eq' && values.length === 0;
      return values.some((v) => compare(f.op, v, f.value, exact));
    }
  }
}

function compare(op: CompareOp, actual: unknown, expected: Literal, exact: boolean): boolean {
  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    if (op !== 'eq') throw invalidFilter(`The operator "${op}" does not apply to boolean attributes.`);
    return actual === expected;
  }
  if (typeof expected === 'number') return typeof actual === 'number' && order(op, actual, expected);
  if (typeof actual !== 'string' || expected === null) return false;
  const a = exact ? actual : actual.toLowerCase();
  const e = exact ? expected : expected.toLowerCase();
  if (op === 'co') return a.includes(e);
  if (op === 'sw') return a.startsWith(e);
  if (op === 'ew') return a.endsWith(e);
  return order(op, a, e);
}

function order<T extends string | number>(op: CompareOp, a: T, e: T): boolean {
  if (op === 'eq') return a === e;
  if (op === 'gt') return a > e;
  if (op === 'ge') return a >= e;
  if (op === 'lt') return a < e;
  if (op === 'le') return a <= e;
  return false;
}
