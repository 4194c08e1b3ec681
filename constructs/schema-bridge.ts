/**
 * The bridge between a construct and its resource schema in src/: synth-time validation with
 * the provider's own rules, and synthesis of the snake_case attributes. Imports nothing from
 * providers/ (a cdktf app must not load gRPC).
 */
import { Annotations, TerraformProvider, TerraformStack, Token, Tokenization, booleanToHclTerraform, booleanToTerraform, hashMapper, hashMapperHcl, listMapper, listMapperHcl, numberToHclTerraform, numberToTerraform, stringToHclTerraform, stringToTerraform } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { camelCase, validateAttributes, type AttrType, type AttributeSpec, type Diagnostic } from '../src/schemas/builder';

type Attributes = Readonly<Record<string, AttributeSpec>>;
type Mapper = (x: unknown) => unknown;

/** A value cdktf only knows at deploy time (a reference, variable or function call). */
export const isUnresolvedToken = (v: unknown): boolean => Token.isUnresolved(v);

/** The schema's configurable attributes taken from camelCase props, keyed by terraform name. */
export function configFromProps(attributes: Attributes, props: object): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(attributes)) {
    if (spec.mode !== 'computed') config[name] = (props as Record<string, unknown>)[camelCase(name)];
  }
  return config;
}

/**
 * Runs the provider's validation on a construct's config and turns diagnostics into
 * `node.addValidation` messages (errors) and annotations (warnings). Unresolved tokens are
 * skipped; terraform checks them once they are known. Messages name the prop as written in
 * the construct (`destroyBehavior`), not the terraform attribute.
 */
export function validateConfig(scope: IConstruct, attributes: Attributes, config: Record<string, unknown>): string[] {
  return reportDiagnostics(scope, validateAttributes(attributes, config, isUnresolvedToken));
}

export function reportDiagnostics(scope: IConstruct, diagnostics: readonly Diagnostic[]): string[] {
  const errors: string[] = [];
  for (const d of diagnostics) {
    let message = `${d.summary}: ${d.detail}`;
    if (d.path && d.path.length > 0) {
      const terraformPath = d.path.join('.');
      const propPath = [camelCase(String(d.path[0])), ...d.path.slice(1)].join('.');
      message = message.split(`"${terraformPath}"`).join(`"${propPath}"`);
    }
    if (d.severity === 'error') errors.push(message);
    else Annotations.of(scope).addWarning(message);
  }
  return errors;
}

/**
 * Runtime type checks of props, for users of plain JavaScript (TypeScript users get them from
 * the compiler): each prop named after a schema attribute must have that attribute's shape, so
 * `permissions: 'users:view'` is refused instead of becoming the list `["u","s",…]`. A string
 * may also be a reference (a construct) or a token. Returns messages naming the prop.
 */
export function propTypeErrors(attributes: Attributes, props: object | undefined): string[] {
  const errors: string[] = [];
  for (const [name, spec] of Object.entries(attributes)) {
    if (spec.mode === 'computed' || !props) continue;
    const prop = camelCase(name);
    const value = (props as Record<string, unknown>)[prop];
    if (value === undefined || value === null || Tokenization.isResolvable(value)) continue;
    const problem = shapeProblem(spec.type, value);
    if (problem) errors.push(`Invalid value for "${prop}": expected ${describeType(spec.type)}, got ${problem}`);
  }
  return errors;
}

function describeType(t: AttrType): string {
  if (t === 'string') return 'a string (or a reference)';
  if (t === 'number') return 'a number';
  if (t === 'bool') return 'true or false';
  if ('set' in t || 'list' in t) return `a list of ${describeType('set' in t ? t.set : t.list).replace(/^an? /, '').replace('string (or a reference)', 'strings (or references)')}`;
  return `an object of ${describeType(t.map).replace(/^an? /, '').replace('string (or a reference)', 'strings')}`;
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 39)}…` : v)}`;
  if (v === null || typeof v !== 'object') return `${typeof v} ${String(v)}`;
  return 'an object';
}

/** What is wrong with `v` as a value of type `t` (undefined: nothing), judging elements too. */
function shapeProblem(t: AttrType, v: unknown): string | undefined {
  if (Tokenization.isResolvable(v)) return undefined;
  if (t === 'string') return typeof v === 'string' || Construct.isConstruct(v) ? undefined : describeValue(v);
  if (t === 'number') return typeof v === 'number' ? undefined : describeValue(v);
  if (t === 'bool') return typeof v === 'boolean' ? undefined : describeValue(v);
  if ('set' in t || 'list' in t) {
    if (!Array.isArray(v)) return describeValue(v);
    const element = 'set' in t ? t.set : t.list;
    const at = v.findIndex((e) => shapeProblem(element, e) !== undefined);
    return at < 0 ? undefined : `${describeValue(v[at])} at position ${at}`;
  }
  if (typeof v !== 'object' || Array.isArray(v) || Construct.isConstruct(v)) return describeValue(v);
  const bad = Object.entries(v as Record<string, unknown>).find(([, e]) => shapeProblem(t.map, e) !== undefined);
  return bad ? `${describeValue(bad[1])} at key ${JSON.stringify(bad[0])}` : undefined;
}

function jsonMapper(t: AttrType): Mapper {
  if (t === 'string') return stringToTerraform;
  if (t === 'number') return numberToTerraform;
  if (t === 'bool') return booleanToTerraform;
  if ('set' in t) return listMapper(jsonMapper(t.set), false);
  if ('list' in t) return listMapper(jsonMapper(t.list), false);
  return hashMapper(jsonMapper(t.map));
}

function hclMapper(t: AttrType): Mapper {
  if (t === 'string') return stringToHclTerraform;
  if (t === 'number') return numberToHclTerraform;
  if (t === 'bool') return booleanToHclTerraform;
  if ('set' in t) return listMapperHcl(hclMapper(t.set), false);
  if ('list' in t) return listMapperHcl(hclMapper(t.list), false);
  return hashMapperHcl(hclMapper(t.map));
}

function hclTypes(t: AttrType): { type: string; storageClassType: string } {
  const scalar = (s: AttrType) => (s === 'bool' ? 'boolean' : String(s));
  if (typeof t === 'string') return { type: 'simple', storageClassType: scalar(t) };
  if ('set' in t) return { type: 'set', storageClassType: `${scalar(t.set)}List` };
  if ('list' in t) return { type: 'list', storageClassType: `${scalar(t.list)}List` };
  return { type: 'map', storageClassType: `${scalar(t.map)}Map` };
}

/** What `synthesizeAttributes()` returns: snake_case attributes, unset ones left out. */
export function terraformJsonAttributes(attributes: Attributes, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value !== undefined) out[name] = jsonMapper(attributes[name].type)(value);
  }
  return out;
}

/** What `synthesizeHclAttributes()` returns (for `cdktf synth --hcl`). */
export function terraformHclAttributes(attributes: Attributes, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config)) {
    if (value !== undefined) out[name] = { value: hclMapper(attributes[name].type)(value), isBlock: false, ...hclTypes(attributes[name].type) };
  }
  return out;
}

const stacksCheckedForProvider = new WeakSet<TerraformStack>();

/**
 * Without a `workos` provider block terraform looks for `hashicorp/workos` and fails with a
 * confusing registry error; say so at synth instead, once per stack.
 */
export function requireWorkosProvider(scope: IConstruct): void {
  const stack = TerraformStack.of(scope);
  if (stacksCheckedForProvider.has(stack)) return;
  stacksCheckedForProvider.add(stack);
  stack.node.addValidation({
    validate: () =>
      stack.node.findAll().some((c) => TerraformProvider.isTerraformProvider(c) && c.terraformResourceType === 'workos')
        ? []
        : ["WorkOS resources need a provider in their stack: add `new WorkosProvider(this, 'workos')` (it reads WORKOS_BASE_URL and WORKOS_API_KEY at deploy time)."],
  });
}
