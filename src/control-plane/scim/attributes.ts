/**
 * Attribute names and paths as SCIM spells them (RFC 7644 §3.10): names are case-insensitive,
 * and an extension's attributes are named through their schema URN
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`), stored under that
 * URN as one object (RFC 7643 §3.3).
 */
export type ScimObject = Record<string, unknown>;

export const isObject = (v: unknown): v is ScimObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The key `obj` holds `name` under, compared case-insensitively (RFC 7643 §2.1). */
export function keyOf(obj: ScimObject, name: string): string | undefined {
  if (name in obj) return name;
  const lower = name.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

export const valueOf = (obj: ScimObject, name: string): unknown => {
  const k = keyOf(obj, name);
  return k === undefined ? undefined : obj[k];
};

/** A schema URN naming a whole extension (`…:2.0:User`), not one of its attributes. */
export const isSchemaUrn = (text: string) => /^urn:[^\s]*:(User|Group)$/i.test(text);

/**
 * An attribute path as segments: `name.givenName` → [name, givenName]; an extension's
 * `urn:…:User:manager.value` → [urn:…:User, manager, value]; a bare `urn:…:User` → [urn:…:User].
 * Undefined when it is not a path.
 */
export function attributeSegments(text: string): string[] | undefined {
  if (/^urn:/i.test(text)) {
    if (isSchemaUrn(text)) return [text];
    const at = text.lastIndexOf(':');
    const rest = attributeSegments(text.slice(at + 1));
    return rest && !/^urn:/i.test(rest[0]) ? [text.slice(0, at), ...rest] : undefined;
  }
  const parts = text.split('.');
  return parts.every((p) => /^[A-Za-z$][\w$-]*$/.test(p)) ? parts : undefined;
}

/** Every value at `segments` in `obj`, multi-valued attributes flattened (`emails.value` → each email's value). */
export function valuesAt(obj: unknown, segments: readonly string[]): unknown[] {
  let current: unknown[] = [obj];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const c of current.flatMap((x) => (Array.isArray(x) ? x : [x]))) {
      if (!isObject(c)) continue;
      const v = valueOf(c, segment);
      if (v !== undefined && v !== null) next.push(v);
    }
    current = next;
  }
  return current.flatMap((x) => (Array.isArray(x) ? x : [x]));
}
