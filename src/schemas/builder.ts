/**
 * One schema definition per resource feeds everything else: the Terraform protocol schema
 * (providers/), validation (zod), JSON Schema and the construct prop types (constructs/).
 *
 * Attribute descriptors carry their plan behaviour next to the attribute, the way
 * terraform-plugin-framework does (`requiresReplace`, `useStateForUnknown`, `sensitive`).
 */
import { z } from 'zod';

/** A cty type, in the subset this product uses. */
export type AttrType =
  | 'string'
  | 'number'
  | 'bool'
  | { readonly set: AttrType }
  | { readonly list: AttrType }
  | { readonly map: AttrType };

export type AttrMode = 'required' | 'optional' | 'computed' | 'optional_computed';

export interface AttributeSpec {
  readonly type: AttrType;
  readonly mode: AttrMode;
  /** One paragraph, shown in docs, JSON Schema and construct JSDoc. */
  readonly description: string;
  /** Changing it destroys and re-creates the object (true identity only: see docs/semantics.md). */
  readonly requiresReplace?: boolean;
  /** Computed attribute that keeps its prior value in update plans (like `id`). */
  readonly useStateForUnknown?: boolean;
  readonly sensitive?: boolean;
  /** Rules for a known, non-null value. Unknown values are never checked. */
  readonly check?: z.ZodType;
  /** Value used when the config leaves an optional+computed attribute null. */
  readonly default?: unknown;
  /** Text for `@default` in construct docs. */
  readonly defaultDoc?: string;
}

export interface ResourceSchema {
  /** Terraform type name, e.g. `workos_permission`. */
  readonly typeName: string;
  /** Construct class name, e.g. `Permission`. */
  readonly constructName: string;
  readonly description: string;
  readonly version: number;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

export interface ProviderConfigSchema {
  readonly description: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

/**
 * Descriptor helpers: `attr.string({ mode: 'required', requiresReplace: true, ... })`. Generic so
 * that each descriptor keeps its literal `type`, `mode` and `check` types, from which `StateOf`
 * derives the handler state type.
 */
type Spec = Omit<AttributeSpec, 'type'>;
const typed =
  <const T extends AttrType>(type: T) =>
  <const S extends Spec>(spec: S): { readonly type: T } & S => ({ type, ...spec });

export const attr = {
  string: typed('string'),
  number: typed('number'),
  bool: typed('bool'),
  stringSet: typed({ set: 'string' }),
  stringList: typed({ list: 'string' }),
  stringMap: typed({ map: 'string' }),
};

/** The JS value of a known attribute of type `T`. */
type ValueOfType<T> = T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : T extends 'bool'
      ? boolean
      : T extends { readonly set: infer E } | { readonly list: infer E }
        ? ValueOfType<E>[]
        : T extends { readonly map: infer E }
          ? Record<string, ValueOfType<E>>
          : never;

/** An attribute's known value: the check's output where it is narrower (`z.enum([...])`), else by type. */
type ValueOf<A extends AttributeSpec> = A extends { readonly check: z.ZodType<infer O> }
  ? O extends ValueOfType<A['type']>
    ? O
    : ValueOfType<A['type']>
  : ValueOfType<A['type']>;

/**
 * The state a handler receives and returns for a schema (providers/handler.ts): every attribute,
 * a required one always set, the others null where unset or not known.
 */
export type StateOf<R extends { readonly attributes: Readonly<Record<string, AttributeSpec>> }> = {
  -readonly [K in keyof R['attributes']]: R['attributes'][K]['mode'] extends 'required' ? ValueOf<R['attributes'][K]> : ValueOf<R['attributes'][K]> | null;
};

/** Marker for a value terraform does not know yet (cty unknown, refined or not). */
export const UNKNOWN: unique symbol = Symbol.for('workos-rbac.unknown');
export type Unknown = typeof UNKNOWN;
export const isUnknown = (v: unknown): v is Unknown => v === UNKNOWN;

/** A problem with a value, located by attribute path (e.g. `['permissions', 2]`). */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  readonly path?: ReadonlyArray<string | number>;
}

/** The cty JSON type encoding terraform expects in a schema (`"string"`, `["set","string"]`). */
export function ctyTypeJson(t: AttrType): unknown {
  if (typeof t === 'string') return t;
  if ('set' in t) return ['set', ctyTypeJson(t.set)];
  if ('list' in t) return ['list', ctyTypeJson(t.list)];
  return ['map', ctyTypeJson(t.map)];
}

function baseZod(t: AttrType): z.ZodType {
  if (t === 'string') return z.string();
  if (t === 'number') return z.number();
  if (t === 'bool') return z.boolean();
  if ('set' in t) return z.array(baseZod(t.set));
  if ('list' in t) return z.array(baseZod(t.list));
  return z.record(z.string(), baseZod(t.map));
}

/** Built once per attribute: a plan validates every object's configuration, twice. */
const builtZod = new WeakMap<AttributeSpec, z.ZodType>();

/** The zod schema for one attribute's known, non-null value. */
export function attributeZod(spec: AttributeSpec): z.ZodType {
  if (spec.check) return spec.check;
  let schema = builtZod.get(spec);
  if (!schema) builtZod.set(spec, (schema = baseZod(spec.type)));
  return schema;
}

function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v && typeof v === 'object') return Object.values(v).some(containsUnknown);
  return false;
}

/** At most this many values are named in one diagnostic; the rest are counted ("… and 9,990 more"). */
export const NAMED_VALUES_LIMIT = 10;
/** A value quoted in a diagnostic is cut to this many characters, so output stays bounded whatever the input. */
const QUOTED_VALUE_LIMIT = 80;

/** A value as a diagnostic quotes it: JSON, cut to a bounded length. */
export function quoteValue(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > QUOTED_VALUE_LIMIT ? `${text.slice(0, QUOTED_VALUE_LIMIT - 1)}…` : text;
}

/** `"a", "b", "c" and 9,997 more`: the first values named, the rest counted, bounded whatever the count. */
export function nameValues(values: readonly unknown[], limit = NAMED_VALUES_LIMIT): string {
  const named = values.slice(0, limit).map(quoteValue);
  const rest = values.length - named.length;
  if (rest > 0) return `${named.join(', ')} and ${rest.toLocaleString('en-US')} more`;
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : (named[0] ?? '');
}

const isSetType = (t: AttrType): boolean => typeof t === 'object' && 'set' in t;
const isCollectionType = (t: AttrType): boolean => typeof t === 'object' && ('set' in t || 'list' in t);

/**
 * Checks a configuration object (decoded from terraform, or a construct's props) against
 * the schema. Values for which `isPending` answers true (terraform unknowns, cdktf tokens)
 * are skipped: they are checked again once known.
 *
 * Elements of a list or set are reported by value, once per rule: one bad element of a set is
 * `Invalid value for "permissions" element "Users View"` (terraform keeps sets sorted, so an
 * index would point at the wrong element), of a list `Invalid value for "priority.2"`; several
 * elements breaking the same rule make ONE diagnostic naming the first few and counting the
 * rest, so the output is bounded whatever the size of the list.
 */
export function validateAttributes(
  attributes: Readonly<Record<string, AttributeSpec>>,
  config: Readonly<Record<string, unknown>>,
  isPending: (v: unknown) => boolean = containsUnknown,
): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const [name, spec] of Object.entries(attributes)) {
    const value = config[name];
    if (spec.mode === 'computed') continue;
    if (value === undefined || value === null) {
      if (spec.mode === 'required') {
        diags.push({ severity: 'error', summary: `Missing required attribute "${name}"`, detail: `The attribute "${name}" is required: ${spec.description}`, path: [name] });
      }
      continue;
    }
    if (isPending(value)) continue;
    const result = attributeZod(spec).safeParse(value);
    if (!result.success) diags.push(...attributeDiagnostics(name, spec, value, result.error.issues));
  }
  return diags;
}

type Issue = z.core.$ZodIssue;

/** The diagnostics of one attribute's issues: element issues grouped by rule, the others one each. */
function attributeDiagnostics(name: string, spec: AttributeSpec, value: unknown, issues: readonly Issue[]): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const byRule = new Map<string, Array<{ index: number; rest: PropertyKey[] }>>();
  for (const issue of issues) {
    const [first, ...rest] = issue.path;
    if (isCollectionType(spec.type) && typeof first === 'number') {
      const group = byRule.get(issue.message) ?? [];
      byRule.set(issue.message, [...group, { index: first, rest }]);
      continue;
    }
    const path = [name, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    diags.push({ severity: 'error', summary: `Invalid value for "${path.join('.')}"`, detail: `${quoteValue(atPath(value, issue.path.slice()))} ${issue.message}`, path });
  }
  const elements = value as unknown[];
  for (const [message, group] of byRule) {
    const values = group.map((g) => elements[g.index]);
    if (group.length > 1) {
      diags.push({
        severity: 'error',
        summary: `Invalid value for "${name}": ${group.length.toLocaleString('en-US')} elements`,
        detail: `${nameValues(values)} ${message}`,
        path: [name],
      });
    } else if (isSetType(spec.type)) {
      diags.push({ severity: 'error', summary: `Invalid value for "${name}" element ${quoteValue(values[0])}`, detail: `${quoteValue(values[0])} ${message}`, path: [name] });
    } else {
      const path = [name, group[0].index, ...group[0].rest.filter((p): p is string | number => typeof p !== 'symbol')];
      diags.push({ severity: 'error', summary: `Invalid value for "${path.join('.')}"`, detail: `${quoteValue(atPath(value, [group[0].index, ...group[0].rest]))} ${message}`, path });
    }
  }
  return diags;
}

function atPath(v: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = v;
  for (const p of path) cur = (cur as Record<PropertyKey, unknown> | undefined)?.[p];
  return cur;
}

/** JSON Schema of the configurable attributes (what a user writes), for construct types. */
export function configJsonSchema(schema: ResourceSchema | ProviderConfigSchema, title: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [name, spec] of Object.entries(schema.attributes)) {
    if (spec.mode === 'computed') continue;
    const js = z.toJSONSchema(attributeZod(spec), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete js.$schema;
    if (typeof spec.type === 'object' && 'set' in spec.type) js.uniqueItems = true;
    let description = spec.description;
    if (spec.defaultDoc) description += `\n\n@default ${spec.defaultDoc}`;
    if (spec.requiresReplace) description += '\n\nChanging it replaces the object.';
    properties[camelCase(name)] = { ...js, description };
    if (spec.mode === 'required') required.push(camelCase(name));
  }
  return { title, type: 'object', description: schema.description, properties, required, additionalProperties: false };
}

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
