/**
 * tfplugin6.Provider: each RPC as a plain async function from request to response (grpc-js
 * objects with snake_case fields). Errors never cross this boundary: every method answers
 * with diagnostics instead.
 */
import { providerConfigSchema, DEFAULT_BASE_URL } from '../../src/schemas/provider-config';
import { isUnknown, validateAttributes, type Diagnostic, type ResourceSchema } from '../../src/schemas/builder';
import type { Capabilities, WorkosApi } from '../../src/client/types';
import type { RetryEvent } from '../../src/client/http';
import type { HandlerContext, Logger, Values } from '../handler';
import { DiagnosticError } from '../handler';
import type { Registry } from '../registry';
import { applyChange, importById, readCurrent } from './apply';
import { decodeJsonObject, decodeObject, encodeObject, type Attributes } from './codec';
import { errorDiagnostic, errorToDiagnostic, registerSecret, toProtoDiagnostic, type ProtoDiagnostic } from './diagnostics';
import { planFromSchema } from './plan';
import { PlanLedger } from '../plan-ledger';
import { noteApplied, notePlannedChange, notePreviewRead } from '../preview-staleness';
import { protoSchema } from './provider-schema';
import { readUntil, recentlyWritten, sameValues, writtenMarker } from '../consistency';

export interface ClientOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly maxConcurrentRequests?: number;
  readonly requestsPerSecond?: number;
  /** Called before each retry of an API request (the provider logs it at debug level). */
  readonly onRetry?: (retry: RetryEvent) => void;
}

export type ClientFactory = (options: ClientOptions) => WorkosApi | Promise<WorkosApi>;

export interface ProviderOptions {
  readonly registry: Registry;
  readonly log: Logger;
  readonly env?: NodeJS.ProcessEnv;
  /** Defaults to `new WorkosClient(options)`, loaded only when the provider is configured. */
  readonly createClient?: ClientFactory;
}

// The API client (and undici) load on ConfigureProvider only: most provider processes a
// terraform command starts never get that far.
const loadWorkosClient: ClientFactory = async (options) => {
  const { WorkosClient } = await import('../../src/client');
  return new WorkosClient(options);
};

type Req = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const EMPTY = Buffer.alloc(0);

const notSupported = (what: string): ProtoDiagnostic[] => [
  toProtoDiagnostic(errorDiagnostic(`${what} is not supported`, `The WorkOS provider does not implement ${what}.`)),
];

export class Provider {
  private readonly registry: Registry;
  private readonly log: Logger;
  private readonly env: NodeJS.ProcessEnv;
  private readonly createClient: ClientFactory;
  private schemaResponse?: Record<string, unknown>;
  private client?: WorkosApi;
  private capabilities?: Promise<Capabilities>;
  /** What this process's plan walk creates (one provider process per walk), for graph checks at plan. */
  private readonly ledger = new PlanLedger();

  constructor(options: ProviderOptions) {
    this.registry = options.registry;
    this.log = options.log;
    this.env = options.env ?? process.env;
    this.createClient = options.createClient ?? loadWorkosClient;
  }

  // --- information -----------------------------------------------------------------

  async GetMetadata(): Promise<Req> {
    return {
      server_capabilities: SERVER_CAPABILITIES,
      diagnostics: [],
      resources: [...this.registry.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.registry.dataSources.keys()].map((type_name) => ({ type_name })),
      functions: [],
      ephemeral_resources: [],
    };
  }

  async GetProviderSchema(): Promise<Req> {
    this.schemaResponse ??= {
      provider: protoSchema(providerConfigSchema),
      resource_schemas: mapValues(this.registry.resources, (h) => protoSchema(h.schema)),
      data_source_schemas: mapValues(this.registry.dataSources, (h) => protoSchema(h.schema)),
      functions: {},
      ephemeral_resource_schemas: {},
      diagnostics: [],
      server_capabilities: SERVER_CAPABILITIES,
    };
    return this.schemaResponse;
  }

  async GetFunctions(): Promise<Req> {
    return { functions: {}, diagnostics: [] };
  }

  // --- validation and configuration ------------------------------------------------

  async ValidateProviderConfig(req: Req): Promise<Req> {
    const attributes = providerConfigSchema.attributes;
    const config = decodeObject(attributes, req.config) ?? {};
    return { diagnostics: toProto(validateAttributes(attributes, config), attributes) };
  }

  async ValidateResourceConfig(req: Req): Promise<Req> {
    const handler = this.registry.resources.get(req.type_name);
    if (!handler) return { diagnostics: toProto([unknownType('resource', req.type_name)]) };
    return { diagnostics: toProto(validateConfig(handler, decodeObject(handler.schema.attributes, req.config)), handler.schema.attributes) };
  }

  async ValidateDataResourceConfig(req: Req): Promise<Req> {
    const handler = this.registry.dataSources.get(req.type_name);
    if (!handler) return { diagnostics: toProto([unknownType('data source', req.type_name)]) };
    return { diagnostics: toProto(validateConfig(handler, decodeObject(handler.schema.attributes, req.config)), handler.schema.attributes) };
  }

  async ConfigureProvider(req: Req): Promise<Req> {
    const attributes = providerConfigSchema.attributes;
    const config = decodeObject(attributes, req.config) ?? {};
    const diagnostics = validateAttributes(attributes, config);
    const setting = (name: keyof typeof attributes, envName: string): string | undefined => {
      const value = config[name];
      if (isUnknown(value)) {
        diagnostics.push(errorDiagnostic(`"${name}" must be known before planning`, `The provider's "${name}" depends on a value that is only known after apply.`, [name]));
        return undefined;
      }
      if (typeof value === 'string' && value !== '') return value;
      return this.env[envName] || undefined;
    };
    const baseUrl = setting('base_url', 'WORKOS_BASE_URL') ?? DEFAULT_BASE_URL;
    const apiKey = setting('api_key', 'WORKOS_API_KEY');
    const maxConcurrentRequests = this.numberSetting(config, diagnostics, 'max_concurrent_requests', 'WORKOS_MAX_CONCURRENT_REQUESTS');
    const requestsPerSecond = this.numberSetting(config, diagnostics, 'requests_per_second', 'WORKOS_REQUESTS_PER_SECOND');
    if (apiKey === undefined && !diagnostics.some((d) => d.path?.[0] === 'api_key')) {
      diagnostics.push(errorDiagnostic('Missing WorkOS API key', 'Set "api_key" in the provider block or the WORKOS_API_KEY environment variable.', ['api_key']));
    }
    if (diagnostics.some((d) => d.severity === 'error') || apiKey === undefined) return { diagnostics: toProto(diagnostics, attributes) };

    registerSecret(apiKey);
    const onRetry = (r: RetryEvent) =>
      this.log.debug('retrying WorkOS API request', {
        method: r.method,
        path: r.path,
        retry: r.attempt,
        ...(r.status ? { status: r.status } : { error_code: r.code }),
        delay_ms: Math.round(r.delayMs),
      });
    try {
      this.client = await this.createClient({ baseUrl, apiKey, maxConcurrentRequests, requestsPerSecond, onRetry });
      this.capabilities = undefined;
      this.log.debug('provider configured', {
        base_url: baseUrl,
        max_concurrent_requests: maxConcurrentRequests,
        requests_per_second: requestsPerSecond,
        terraform_version: req.terraform_version,
      });
    } catch (err) {
      diagnostics.push(errorToDiagnostic(err, 'configuring the provider'));
    }
    return { diagnostics: toProto(diagnostics, attributes) };
  }

  /**
   * A numeric setting from the config (already validated against the schema) or its
   * environment variable, which gets the same rule here. Undefined: the client's default.
   */
  private numberSetting(config: Values, diagnostics: Diagnostic[], name: 'max_concurrent_requests' | 'requests_per_second', envName: string): number | undefined {
    const value = config[name];
    if (isUnknown(value)) {
      diagnostics.push(errorDiagnostic(`"${name}" must be known before planning`, `The provider's "${name}" depends on a value that is only known after apply.`, [name]));
      return undefined;
    }
    if (typeof value === 'number') return value;
    const raw = this.env[envName]?.trim();
    if (!raw) return undefined;
    const fromEnv = Number(raw);
    const problems = validateAttributes({ [name]: providerConfigSchema.attributes[name] }, { [name]: Number.isNaN(fromEnv) ? raw : fromEnv });
    if (problems.length > 0) {
      diagnostics.push(
        errorDiagnostic(
          `Invalid value for "${name}" from ${envName}`,
          `${envName}=${JSON.stringify(raw)}: "${name}" ${problems[0].detail.replace(/^\S+ /, '')}.`,
          [name],
        ),
      );
      return undefined;
    }
    return fromEnv;
  }

  // --- managed resources -----------------------------------------------------------

  async UpgradeResourceState(req: Req): Promise<Req> {
    const handler = this.registry.resources.get(req.type_name);
    if (!handler) return { upgraded_state: null, diagnostics: toProto([unknownType('resource', req.type_name)]) };
    const { schema } = handler;
    const raw = req.raw_state ?? {};
    if (req.version > schema.version) {
      return {
        upgraded_state: null,
        diagnostics: toProto([errorDiagnostic(`State of ${schema.typeName} is from a newer provider`, `The state has schema version ${req.version}; this provider knows versions up to ${schema.version}. Upgrade the provider.`)]),
      };
    }
    if (!raw.json || raw.json.length === 0) {
      const hasFlatmap = raw.flatmap && Object.keys(raw.flatmap).length > 0;
      const diagnostics = hasFlatmap ? [errorDiagnostic('Legacy flatmap state is not supported', `The stored state of ${schema.typeName} uses a pre-0.12 format.`)] : [];
      return { upgraded_state: hasFlatmap ? null : encodeObject(schema.attributes, null), diagnostics: toProto(diagnostics) };
    }
    // Version 0 is the only version so far: upgrading = filling in attributes the stored
    // JSON lacks (null) and dropping ones the schema no longer has.
    const state = decodeJsonObject(schema.attributes, raw.json);
    return { upgraded_state: encodeObject(schema.attributes, state), diagnostics: [] };
  }

  async ReadResource(req: Req): Promise<Req> {
    const handler = this.registry.resources.get(req.type_name);
    if (!handler) return { new_state: req.current_state, diagnostics: toProto([unknownType('resource', req.type_name)]), private: req.private };
    const attributes = handler.schema.attributes;
    const current = decodeObject(attributes, req.current_state);
    const { ctx, diagnostics } = await this.context();
    if (!ctx) return { new_state: req.current_state, diagnostics: toProto(diagnostics), private: req.private };
    let reads = 0;
    const read = () => (reads++, readCurrent(handler, ctx, current));
    // Shortly after our own write, a differing read may be a lagging replica: ask again a few times first.
    const outcome = recentlyWritten(req.private)
      ? await readUntil(read, (o) => o.diagnostics.length > 0 || sameValues(o.state, current))
      : await read();
    if (reads > 1) this.log.debug(`read ${handler.schema.typeName} after a recent write`, { reads, settled: sameValues(outcome.state, current) });
    return { new_state: encodeObject(attributes, outcome.state), diagnostics: toProto([...outcome.diagnostics, ...ctx.diagnostics], attributes), private: req.private ?? EMPTY };
  }

  async PlanResourceChange(req: Req): Promise<Req> {
    const handler = this.registry.resources.get(req.type_name);
    if (!handler) return { planned_state: req.proposed_new_state, diagnostics: toProto([unknownType('resource', req.type_name)]) };
    const attributes = handler.schema.attributes;
    const prior = decodeObject(attributes, req.prior_state);
    const proposed = decodeObject(attributes, req.proposed_new_state);
    const config = decodeObject(attributes, req.config);
    const { planned, requiresReplace } = planFromSchema(handler.schema, prior, proposed, config);
    const diagnostics: Diagnostic[] = [];
    if (handler.modifyPlan || handler.previews) {
      const { ctx: base, diagnostics: ctxDiagnostics } = await this.context();
      diagnostics.push(...ctxDiagnostics);
      const ctx: HandlerContext | undefined = base && { ...base, plan: this.ledger };
      if (ctx) {
        try {
          await handler.modifyPlan?.(ctx, planned, prior);
          await notePlannedChange(ctx, handler.schema, handler.previews, prior, planned);
        } catch (err) {
          diagnostics.push(errorToDiagnostic(err, `planning ${handler.schema.typeName}`));
        }
        diagnostics.push(...ctx.diagnostics);
      }
    }
    return {
      planned_state: encodeObject(attributes, planned),
      requires_replace: requiresReplace.map((name) => ({ steps: [{ attribute_name: name }] })),
      planned_private: req.prior_private ?? EMPTY,
      diagnostics: toProto(diagnostics, attributes),
    };
  }

  async ApplyResourceChange(req: Req): Promise<Req> {
    const handler = this.registry.resources.get(req.type_name);
    if (!handler) return { new_state: req.prior_state, diagnostics: toProto([unknownType('resource', req.type_name)]) };
    const attributes = handler.schema.attributes;
    const prior = decodeObject(attributes, req.prior_state);
    const planned = decodeObject(attributes, req.planned_state);
    const { ctx, diagnostics } = await this.context();
    if (!ctx) return { new_state: encodeObject(attributes, prior), diagnostics: toProto(diagnostics) };
    const outcome = await applyChange(handler, ctx, prior, planned);
    const what = prior === null ? 'create' : planned === null ? 'delete' : 'update';
    this.log.debug(`apply ${what} ${handler.schema.typeName}`, { ok: outcome.diagnostics.length === 0 });
    const failed = outcome.diagnostics.some((d) => d.severity === 'error');
    const written = outcome.state !== null && !failed;
    // Previews read from now on in this walk see this change (providers/preview-staleness.ts).
    if (!failed) noteApplied(this.ledger, handler.schema, prior, planned);
    return {
      new_state: encodeObject(attributes, outcome.state),
      // Lets the next ReadResource tell replica lag from drift (providers/consistency.ts).
      private: written ? writtenMarker() : (req.planned_private ?? EMPTY),
      diagnostics: toProto([...outcome.diagnostics, ...ctx.diagnostics], attributes),
    };
  }

  async ImportResourceState(req: Req): Promise<Req> {
    const handler = this.registry.resources.get(req.type_name);
    if (!handler) return { imported_resources: [], diagnostics: toProto([unknownType('resource', req.type_name)]) };
    const { ctx, diagnostics } = await this.context();
    if (!ctx) return { imported_resources: [], diagnostics: toProto(diagnostics) };
    const outcome = await importById(handler, ctx, req.id);
    const imported = outcome.state === null ? [] : [{ type_name: req.type_name, state: encodeObject(handler.schema.attributes, outcome.state), private: EMPTY }];
    return { imported_resources: imported, diagnostics: toProto([...outcome.diagnostics, ...ctx.diagnostics]) };
  }

  async MoveResourceState(): Promise<Req> {
    return { diagnostics: notSupported('Moving resource state between types') };
  }

  // --- data sources, ephemeral resources, functions -------------------------------

  async ReadDataSource(req: Req): Promise<Req> {
    const handler = this.registry.dataSources.get(req.type_name);
    if (!handler) return { state: null, diagnostics: toProto([unknownType('data source', req.type_name)]) };
    const attributes = handler.schema.attributes;
    const { ctx, diagnostics } = await this.context();
    if (!ctx) return { state: null, diagnostics: toProto(diagnostics) };
    try {
      const config = decodeObject(attributes, req.config) ?? {};
      const state = await handler.read(ctx, config);
      await notePreviewRead({ ...ctx, plan: this.ledger }, handler.schema.typeName, handler.preview, config);
      return { state: encodeObject(attributes, state), diagnostics: toProto(ctx.diagnostics, attributes) };
    } catch (err) {
      return { state: null, diagnostics: toProto([errorToDiagnostic(err, `reading data source ${req.type_name}`), ...ctx.diagnostics], attributes) };
    }
  }

  async ValidateEphemeralResourceConfig(): Promise<Req> {
    return { diagnostics: notSupported('Ephemeral resources') };
  }
  async OpenEphemeralResource(): Promise<Req> {
    return { diagnostics: notSupported('Ephemeral resources') };
  }
  async RenewEphemeralResource(): Promise<Req> {
    return { diagnostics: notSupported('Ephemeral resources') };
  }
  async CloseEphemeralResource(): Promise<Req> {
    return { diagnostics: notSupported('Ephemeral resources') };
  }
  async CallFunction(): Promise<Req> {
    return { result: null, error: { text: 'The WorkOS provider has no functions.' } };
  }

  async StopProvider(): Promise<Req> {
    this.log.debug('StopProvider received');
    return { Error: '' };
  }

  // --- helpers --------------------------------------------------------------------

  /** The handler context, once the provider is configured; capabilities are fetched once, on first use. */
  private async context(): Promise<{ ctx?: HandlerContext; diagnostics: Diagnostic[] }> {
    const client = this.client;
    if (!client) {
      return { diagnostics: [errorDiagnostic('Provider not configured', 'ConfigureProvider has not succeeded in this provider process.')] };
    }
    try {
      this.capabilities ??= client.capabilities().catch((err: unknown) => {
        this.capabilities = undefined; // try again next time
        throw err;
      });
      const capabilities = await this.capabilities;
      return { ctx: { client, capabilities, log: this.log, diagnostics: [] }, diagnostics: [] };
    } catch (err) {
      return { diagnostics: [errorToDiagnostic(err, 'reading the capabilities of the WorkOS target')] };
    }
  }
}

const SERVER_CAPABILITIES = { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false };

function mapValues<T>(map: ReadonlyMap<string, T>, fn: (v: T) => unknown): Record<string, unknown> {
  return Object.fromEntries([...map].map(([k, v]) => [k, fn(v)]));
}

function toProto(diagnostics: readonly Diagnostic[], attributes?: Attributes): ProtoDiagnostic[] {
  return diagnostics.map((d) => toProtoDiagnostic(d, attributes));
}

function unknownType(kind: string, typeName: string): Diagnostic {
  return errorDiagnostic(`Unknown ${kind} type "${typeName}"`, `This provider has no ${kind} called "${typeName}".`);
}

function validateConfig(handler: { schema: ResourceSchema; validate?(config: Values): Diagnostic[] }, config: Values | null): Diagnostic[] {
  if (config === null) return [];
  const diagnostics = validateAttributes(handler.schema.attributes, config);
  try {
    diagnostics.push(...(handler.validate?.(config) ?? []));
  } catch (err) {
    diagnostics.push(err instanceof DiagnosticError ? err.diagnostic : errorToDiagnostic(err, `validating ${handler.schema.typeName}`));
  }
  return diagnostics;
}
