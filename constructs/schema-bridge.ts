/**
 * The bridge between a construct and its resource schema in src/: synth-time validation with
 * the provider's own rules, and synthesis of the snake_case attributes. Imports nothing from
 * providers/ (a cdktf app must not load gRPC).
 */
import { Annotations, TerraformProvider, TerraformStack, Token, booleanToHclTerraform, booleanToTerraform, hashMapper, hashMapperHcl, listMapper, listMapperHcl, numberToHclTerraform, numberToTerraform, stringToHclTerraform, stringToTerraform } from 'cdktf';
import type { IConstruct } from 'constructs';
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
