/**
 * Validates HTTP exchanges against WorkOS's published OpenAPI spec (@workos/openapi-spec):
 * the operation must exist (method + path template), the request body must match its
 * requestBody schema, query parameters must be declared ones, and the response body must
 * match the schema for its status. Dashboard-only routes (`/_dashboard/…`) are ours and are
 * reported separately.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

type Json = Record<string, unknown>;

export interface Exchange {
  readonly method: string;
  /** Path with query, as sent. */
  readonly url: string;
  readonly requestBody: unknown;
  readonly status: number;
  readonly responseBody: unknown;
}

export interface OperationRef {
  readonly method: string;
  readonly template: string;
  readonly operationId: string;
}

const SPEC_FILE = path.join(__dirname, '..', '..', 'node_modules', '@workos', 'openapi-spec', 'open-api-spec.yaml');

export class OpenApiContract {
  private readonly spec: Json;
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; regex: RegExp }>;

  constructor(specFile = SPEC_FILE) {
    this.spec = YAML.parse(fs.readFileSync(specFile, 'utf8')) as Json;
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    // Every component schema under one id, so that $refs resolve.
    this.ajv.addSchema({ $id: 'workos', components: tagged((this.spec.components as Json) ?? {}) });
    const paths = Object.keys(this.spec.paths as Json);
    this.templates = paths
      .map((template) => ({ template, regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
      // Literal segments beat parameters: /organizations/external_id/{x} before /organizations/{id}/{y}.
      .sort((a, b) => paramCount(a.template) - paramCount(b.template));
  }

  /** The spec operation an exchange targets, or null for a path the spec does not have. */
  operation(method: string, pathname: string): OperationRef | null {
    for (const { template, regex } of this.templates) {
      if (!regex.test(pathname)) continue;
      const op = ((this.spec.paths as Json)[template] as Json)[method.toLowerCase()] as Json | undefined;
      if (op) return { method: method.toUpperCase(), template, operationId: String(op.operationId) };
    }
    return null;
  }

  /** Whether the spec has an operation with this operationId. */
  hasOperation(operationId: string): boolean {
    return Object.values(this.spec.paths as Json).some((ops) => Object.values(ops as Json).some((op) => (op as Json | null)?.operationId === operationId));
  }

  /** Problems with one exchange; empty when it conforms. */
  check(x: Exchange): string[] {
    const url = new URL(x.url, 'http://x');
    const ref = this.operation(x.method, url.pathname);
    if (!ref) return [`${x.method} ${url.pathname}: no such operation in the WorkOS spec`];
    const op = ((this.spec.paths as Json)[ref.template] as Json)[ref.method.toLowerCase()] as Json;
    const problems: string[] = [];
    const where = `${ref.method} ${ref.template} (${ref.operationId})`;

    const declared = new Set(((op.parameters as Json[] | undefined) ?? []).filter((p) => p.in === 'query').map((p) => String(p.name)));
    for (const name of url.searchParams.keys()) {
      if (!declared.has(name)) problems.push(`${where}: query parameter "${name}" is not declared`);
    }

    const requestSchema = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as Json | undefined;
    if (x.requestBody !== undefined) {
      if (!requestSchema) problems.push(`${where}: sends a body, but the operation takes none`);
      else problems.push(...this.validate(`${where} request`, (requestSchema.schema as Json) ?? {}, x.requestBody));
    } else if ((op.requestBody as Json | undefined)?.required) {
      problems.push(`${where}: the operation requires a request body`);
    }

    const responses = (op.responses as Json) ?? {};
    const response = (responses[String(x.status)] ?? responses[`${String(x.status)[0]}XX`] ?? responses.default) as Json | undefined;
    if (!response) {
      problems.push(`${where}: status ${x.status} is not a documented response (documented: ${Object.keys(responses).join(', ')})`);
    } else {
      const schema = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as Json | undefined;
      if (schema) problems.push(...this.validate(`${where} response ${x.status}`, schema, x.responseBody));
      else if (x.responseBody !== undefined && x.responseBody !== '') problems.push(`${where}: status ${x.status} documents no body, got one`);
    }
    return problems;
  }

  private validate(label: string, schema: Json, value: unknown): string[] {
    const key = JSON.stringify(schema);
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(rewriteRefs(schema) as Json);
      this.compiled.set(key, fn);
    }
    if (fn(value)) return [];
    return (fn.errors ?? []).map((e) => `${label}: ${e.instancePath || '(body)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }
}

const paramCount = (template: string) => template.split('{').length - 1;

/**
 * A `oneOf` whose branches are told apart by one constant property (the events: `event:
 * "dsync.user.created"`, …) validated as "the branch this value names": a value that fails is
 * then reported against its own branch, not against the 90 others.
 */
function tagged(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tagged);
  if (!node || typeof node !== 'object') return node;
  const out: Json = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, tagged(v)]));
  const branches = out.oneOf as Json[] | undefined;
  if (!Array.isArray(branches) || branches.length < 2) return out;
  const tag = Object.keys(((branches[0].properties as Json | undefined) ?? {}) as Json).find((p) =>
    branches.every((b) => typeof (((b.properties as Json | undefined)?.[p] as Json | undefined)?.const) === 'string'),
  );
  if (!tag) return out;
  const { oneOf: _oneOf, ...rest } = out;
  const value = (b: Json) => ((b.properties as Json)[tag] as Json).const as string;
  return {
    ...rest,
    required: [...new Set([...((rest.required as string[] | undefined) ?? []), tag])],
    properties: { ...((rest.properties as Json | undefined) ?? {}), [tag]: { enum: branches.map(value) } },
    allOf: [...((rest.allOf as Json[] | undefined) ?? []), ...branches.map((b) => ({ if: { properties: { [tag]: { const: value(b) } }, required: [tag] }, then: b }))],
  };
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/components/') ? `workos${v}` : rewriteRefs(v);
    }
    return out;
  }
  return node;
}
