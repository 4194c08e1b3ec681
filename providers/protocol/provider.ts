/**
 * tfplugin6.Provider: each RPC as a plain async function from request to response (grpc-js
 * objects with snake_case fields). Errors never cross this boundary: every method answers
 * with diagnostics instead.
 */
import { providerConfigSchema } from '../../src/schemas/provider-config';
import { validateAttributes, type Diagnostic, type ResourceSchema } from '../../src/schemas/builder';
import type { Capabilities, WorkosApi } from '../../src/client/types';
import type { HandlerContext, Logger, Values } from '../handler';
import { DiagnosticError } from '../handler';
import type { Registry } from '../registry';
import { loadWorkosClient, logRetries, providerSettings, type ClientFactory } from '../configure';
import { applyChange, importById, readCurrent, staleChange } from './apply';
import { refreshFailure, sameValues, withoutRefreshFailure } from '../consistency';
import { decodeJsonObject, decodeObject, encodeObject, type Attributes } from './codec';
import { errorDiagnostic, errorToDiagnostic, isUnreachable, registerSecret, toProtoDiagnostic, type ProtoDiagnostic } from './diagnostics';
import { planFromSchema } from './plan';
import { PlanLedger } from '../plan-ledger';
import { Listings } from '../listings';
import { noteApplied, notePlannedChange, notePreviewRead } from '../preview-staleness';
import { providerSchemaResponse, SERVER_CAPABILITIES } from './provider-schema';

export interface ProviderOptions {
  readonly registry: Registry;
  readonly log: Logger;
  readonly env?: NodeJS.ProcessEnv;
  /** Defaults to `new WorkosClient(options)`, loaded only when the provider is configured. */
  readonly createClient?: ClientFactory;
}

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
  /** Listings that serve the reads of a refresh, per configured client (providers/listings.ts). */
  private listings = new Listings();

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
    this.schemaResponse ??= providerSchemaResponse(this.registry);
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
    return withHandler(this.registry.resources, 'resource', req, {}, (handler) => ({
      diagnostics: toProto(validateConfig(handler, decodeObject(handler.schema.attributes, req.config)), handler.schema.attributes),
    }));
  }

  async ValidateDataResourceConfig(req: Req): Promise<Req> {
    return withHandler(this.registry.dataSources, 'data source', req, {}, (handler) => ({
      diagnostics: toProto(validateConfig(handler, decodeObject(handler.schema.attributes, req.config)), handler.schema.attributes),
    }));
  }

  async ConfigureProvider(req: Req): Promise<Req> {
    const attributes = providerConfigSchema.attributes;
    const { settings, diagnostics } = providerSettings(decodeObject(attributes, req.config) ?? {}, this.env);
    if (!settings) return { diagnostics: toProto(diagnostics, attributes) };
    registerSecret(settings.apiKey);
    try {
      const client = await this.createClient({ ...settings, onRetry: logRetries(this.log) });
      this.client = client;
      this.capabilities = undefined;
      this.listings = new Listings();
      // The first request goes out now, so an unreachable target fails once, here, and not
      // once per resource (README, Configuration). Other failures surface where they matter.
      await this.loadCapabilities(client).catch((err: unknown) => {
        if (isUnreachable(err)) diagnostics.push(errorToDiagnostic(err, 'configuring the provider'));
      });
      this.log.debug('provider configured', {
        base_url: settings.baseUrl,
        max_concurrent_requests: settings.maxConcurrentRequests,
        requests_per_second: settings.requestsPerSecond,
        terraform_version: req.terraform_version,
      });
    } catch (err) {
      diagnostics.push(errorToDiagnostic(err, 'configuring the provider'));
    }
    return { diagnostics: toProto(diagnostics, attributes) };
  }

  // --- managed resources -----------------------------------------------------------

  async UpgradeResourceState(req: Req): Promise<Req> {
    return withHandler(this.registry.resources, 'resource', req, { upgraded_state: null }, async (handler) => {
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
    });
  }

  async ReadResource(req: Req): Promise<Req> {
    return withHandler(this.registry.resources, 'resource', req, { new_state: req.current_state, private: req.private }, async (handler) => {
      const attributes = handler.schema.attributes;
      const current = decodeObject(attributes, req.current_state);
      const { ctx, diagnostics } = await this.context();
      if (!ctx) return { new_state: req.current_state, diagnostics: toProto(diagnostics), private: req.private };
      const outcome = await readCurrent(handler, { ...ctx, listings: this.listings }, current, req.private);
      // A failed refresh leaves a note in private state (planning a change then fails); a good one removes it.
      const failed = outcome.diagnostics.some((d) => d.severity === 'error');
      const privateState = outcome.privateState ?? (failed ? req.private : withoutRefreshFailure(req.private));
      return { new_state: encodeObject(attributes, outcome.state), diagnostics: toProto([...outcome.diagnostics, ...ctx.diagnostics], attributes), private: privateState ?? EMPTY };
    });
  }

  async PlanResourceChange(req: Req): Promise<Req> {
    return withHandler(this.registry.resources, 'resource', req, { planned_state: req.proposed_new_state }, async (handler) => {
      const attributes = handler.schema.attributes;
      const prior = decodeObject(attributes, req.prior_state);
      const proposed = decodeObject(attributes, req.proposed_new_state);
      const config = decodeObject(attributes, req.config);
      const { planned, requiresReplace } = planFromSchema(handler.schema, prior, proposed, config);
      const diagnostics: Diagnostic[] = [];
      const stale = refreshFailure(req.prior_private);
      if (stale !== undefined && prior !== null && !sameValues(planned, prior)) diagnostics.push(staleChange(handler.schema, prior, stale));
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
    });
  }

  async ApplyResourceChange(req: Req): Promise<Req> {
    return withHandler(this.registry.resources, 'resource', req, { new_state: req.prior_state }, async (handler) => {
      const attributes = handler.schema.attributes;
      const prior = decodeObject(attributes, req.prior_state);
      const planned = decodeObject(attributes, req.planned_state);
      const { ctx, diagnostics } = await this.context();
      if (!ctx) return { new_state: encodeObject(attributes, prior), diagnostics: toProto(diagnostics) };
      // No read after this write may come from a listing fetched before it.
      this.listings.forget();
      const outcome = await applyChange(handler, ctx, prior, planned).finally(() => this.listings.forget());
      const what = prior === null ? 'create' : planned === null ? 'delete' : 'update';
      this.log.debug(`apply ${what} ${handler.schema.typeName}`, { ok: outcome.diagnostics.length === 0 });
      // Previews read from now on in this walk see this change (providers/preview-staleness.ts).
      if (!outcome.diagnostics.some((d) => d.severity === 'error')) noteApplied(this.ledger, handler.schema, prior, planned);
      return {
        new_state: encodeObject(attributes, outcome.state),
        private: outcome.privateState ?? req.planned_private ?? EMPTY,
        diagnostics: toProto([...outcome.diagnostics, ...ctx.diagnostics], attributes),
      };
    });
  }

  async ImportResourceState(req: Req): Promise<Req> {
    return withHandler(this.registry.resources, 'resource', req, { imported_resources: [] }, async (handler) => {
      const { ctx, diagnostics } = await this.context();
      if (!ctx) return { imported_resources: [], diagnostics: toProto(diagnostics) };
      const outcome = await importById(handler, ctx, req.id);
      const imported = outcome.state === null ? [] : [{ type_name: req.type_name, state: encodeObject(handler.schema.attributes, outcome.state), private: EMPTY }];
      return { imported_resources: imported, diagnostics: toProto([...outcome.diagnostics, ...ctx.diagnostics]) };
    });
  }

  async MoveResourceState(): Promise<Req> {
    return { diagnostics: notSupported('Moving resource state between types') };
  }

  // --- data sources, ephemeral resources, functions -------------------------------

  async ReadDataSource(req: Req): Promise<Req> {
    return withHandler(this.registry.dataSources, 'data source', req, { state: null }, async (handler) => {
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
    });
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
      const capabilities = await this.loadCapabilities(client);
      return { ctx: { client, capabilities, log: this.log, diagnostics: [] }, diagnostics: [] };
    } catch (err) {
      return { diagnostics: [errorToDiagnostic(err, 'reading the capabilities of the WorkOS target')] };
    }
  }

  /** The target's capabilities, fetched once per process (again after a failure). */
  private loadCapabilities(client: WorkosApi): Promise<Capabilities> {
    this.capabilities ??= client.capabilities().catch((err: unknown) => {
      this.capabilities = undefined; // try again next time
      throw err;
    });
    return this.capabilities;
  }
}

function toProto(diagnostics: readonly Diagnostic[], attributes?: Attributes): ProtoDiagnostic[] {
  return diagnostics.map((d) => toProtoDiagnostic(d, attributes));
}

/** Runs `rpc` with the handler of `req.type_name`; without one, answers `unknownAnswer` with an "unknown type" error. */
async function withHandler<H>(handlers: ReadonlyMap<string, H>, kind: string, req: Req, unknownAnswer: Req, rpc: (handler: H) => Req | Promise<Req>): Promise<Req> {
  const handler = handlers.get(req.type_name);
  if (!handler) {
    const unknown = errorDiagnostic(`Unknown ${kind} type "${req.type_name}"`, `This provider has no ${kind} called "${req.type_name}".`);
    return { ...unknownAnswer, diagnostics: toProto([unknown]) };
  }
  return rpc(handler);
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
