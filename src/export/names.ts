/**
 * Names in generated code, derived from slugs, names and emails: kebab-case construct ids,
 * camelCase TypeScript variables, snake_case Terraform resource names, each unique in its
 * namespace. And string literals that survive any input (quotes, backslashes, `${`).
 */

/** Lowercase words of a slug, name or email part: `Users:View` → [users, view]. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/** `users:view` → `users-view` (cdktf construct ids). */
export function kebab(text: string, fallback = 'item'): string {
  return words(text).join('-') || fallback;
}

/** `users:view` → `usersView`; never a reserved word or starting with a digit. */
export function camel(text: string, fallback = 'item'): string {
  const ws = words(text);
  if (ws.length === 0) return fallback;
  const name = ws.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  if (/^[0-9]/.test(name)) return `${fallback}${name[0]!.toUpperCase()}${name.slice(1)}`;
  return RESERVED.has(name) ? `${name}${fallback[0]!.toUpperCase()}${fallback.slice(1)}` : name;
}

/** `users:view` → `users_view` (Terraform resource names start with a letter or `_`). */
export function snake(text: string, fallback = 'item'): string {
  const name = words(text).join('_') || fallback;
  return /^[0-9]/.test(name) ? `${fallback}_${name}` : name;
}

export const pascal = (text: string): string => {
  const c = camel(text);
  return c[0]!.toUpperCase() + c.slice(1);
};

/** Words a variable of the generated stack may not be: keywords and the names the stack itself uses. */
const RESERVED = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with as implements interface let package private protected public static yield await any boolean number string symbol type of async get set declare module namespace require constructor arguments eval undefined'.split(' '),
  // The generated stack's own identifiers.
  'app', 'scope', 'id', 'stack',
]);

/**
 * Hands out names unique within one namespace: the first choice, else the first choice
 * qualified (`project` → `projectType`), else numbered (`projectType2`).
 */
export class Namer {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  /** Whether `name` is still free (to decide between a helper's derived id and an explicit one). */
  isFree(name: string): boolean {
    return !this.taken.has(name);
  }

  /** Takes `name` as is; false when it was taken already. */
  claim(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }

  unique(first: string, qualified: string): string {
    for (const candidate of [first, qualified]) if (this.claim(candidate)) return candidate;
    for (let n = 2; ; n++) if (this.claim(`${qualified}${n}`)) return `${qualified}${n}`;
  }
}

/** A TypeScript string literal (single-quoted) for any text. */
export function tsString(text: string): string {
  return `'${text.replace(/[\\'\n\r\t\u2028\u2029\u0000-\u001f\u007f]/g, (c) => TS_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`;
}
const TS_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** An HCL quoted string for any text: escapes, and `${` / `%{` kept literal. */
export function hclString(text: string): string {
  const escaped = text
    .replace(/[\\"\n\r\t\u0000-\u001f\u007f]/g, (c) => HCL_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{');
  return `"${escaped}"`;
}
const HCL_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
