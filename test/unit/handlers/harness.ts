/**
 * What every handler unit test shares: the real local control plane in-process (one per test
 * file), a `HandlerContext` built the way the plugin server builds it, a "real WorkOS" target
 * without the dashboard routes, and small tools to make one client call fail or to catch a
 * handler's diagnostic. Register `useHandlerTarget()` at the top of a `describe`.
 */
import { WorkosClient, type Capabilities, type WorkosApi, type WorkosClientOptions } from '../../../src/client';
import type { Diagnostic } from '../../../src/schemas/builder';
import { DiagnosticError, PartialCreateError, type HandlerContext, type Logger, type ResourceHandler, type Values } from '../../../providers/handler';
import { PlanLedger } from '../../../providers/plan-ledger';
import { useControlPlane, type ControlPlaneHarness } from '../../helpers/control-plane';
import { startDashboardlessProxy } from '../../helpers/fixtures';

export type { Values };

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields?: Record<string, unknown>;
}

/** A context as the plugin server gives it to a handler, plus what the handler logged. */
export interface TestContext extends HandlerContext {
  readonly diagnostics: Diagnostic[];
  readonly logged: LogEntry[];
}

export interface ContextOptions {
  /** Another client (e.g. one that fails on a call, see `failingOn`). */
  readonly client?: WorkosApi;
  readonly capabilities?: Capabilities;
  /** The plan walk's ledger; give one to run `modifyPlan` as PlanResourceChange does. */
  readonly plan?: PlanLedger;
}

export interface HandlerTarget extends ControlPlaneHarness {
  /** What the local control plane can do (every dashboard extra). */
  readonly capabilities: Capabilities;
  /** A fresh context for one call (apply-time: no plan ledger unless given). */
  context(options?: ContextOptions): TestContext;
  /** A fresh context with a fresh plan ledger: one PlanResourceChange of a new plan walk. */
  planContext(options?: Omit<ContextOptions, 'plan'>): TestContext;
}

function recordingLogger(logged: LogEntry[]): Logger {
  const at = (level: LogEntry['level']) => (msg: string, fields?: Record<string, unknown>) => void logged.push({ level, msg, ...(fields ? { fields } : {}) });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Above the default ceiling of 100 requests a second, so a handler test waits for the target, not the rate limiter. */
const FAST_CLIENT: Partial<WorkosClientOptions> = { requestsPerSecond: 10_000, maxConcurrentRequests: 16, retryDelay: () => 0 };

function contextFor(client: WorkosApi, capabilities: Capabilities, plan?: PlanLedger): TestContext {
  const logged: LogEntry[] = [];
  return { client, capabilities, log: recordingLogger(logged), diagnostics: [], logged, ...(plan ? { plan } : {}) };
}

/** The local control plane with its client and capabilities, started in `beforeAll`. */
export function useHandlerTarget(): HandlerTarget {
  const plane = useControlPlane({ client: FAST_CLIENT });
  let capabilities: Capabilities | undefined;
  beforeAll(async () => {
    capabilities = await plane.client.capabilities();
  });
  const caps = (): Capabilities => {
    if (!capabilities) throw new Error('capabilities are read in beforeAll: use the target inside a test or hook');
    return capabilities;
  };
  const context = (o: ContextOptions = {}) => contextFor(o.client ?? plane.client, o.capabilities ?? caps(), o.plan);
  return Object.create(plane, {
    capabilities: { get: caps },
    context: { value: context },
    planContext: { value: (o: Omit<ContextOptions, 'plan'> = {}) => context({ ...o, plan: new PlanLedger() }) },
  }) as HandlerTarget;
}

export interface DashboardlessTarget {
  /** A client of the proxy: the public API only, as on api.workos.com. */
  readonly client: WorkosApi;
  /** What that target says it can do (no dashboard extra). */
  readonly capabilities: Capabilities;
  context(options?: Omit<ContextOptions, 'client' | 'capabilities'>): TestContext;
  planContext(): TestContext;
}

/**
 * A stand-in for real WorkOS in front of `target` (startDashboardlessProxy): every
 * `/_dashboard/` route answers 404, so the client reports no capability.
 */
export function useDashboardlessTarget(target: ControlPlaneHarness): DashboardlessTarget {
  let proxy: Awaited<ReturnType<typeof startDashboardlessProxy>> | undefined;
  let started: { client: WorkosApi; capabilities: Capabilities } | undefined;
  beforeAll(async () => {
    proxy = await startDashboardlessProxy(target.url);
    const client = new WorkosClient({ ...FAST_CLIENT, baseUrl: proxy.url, apiKey: target.apiKey });
    started = { client, capabilities: await client.capabilities() };
  });
  afterAll(async () => proxy?.close());
  const get = () => {
    if (!started) throw new Error('the proxy starts in beforeAll: use it inside a test or hook');
    return started;
  };
  return {
    get client() {
      return get().client;
    },
    get capabilities() {
      return get().capabilities;
    },
    context: (o = {}) => contextFor(get().client, get().capabilities, o.plan),
    planContext: () => contextFor(get().client, get().capabilities, new PlanLedger()),
  };
}

/** The error `failingOn` injects. */
export class InjectedFailure extends Error {}

/**
 * `client` with one call replaced by a rejection (e.g. `failingOn(client, 'roles', 'setPermissions')`):
 * every other call goes to the real target. A list method replaced so fails as soon as it is iterated.
 */
export function failingOn<A extends keyof WorkosApi>(client: WorkosApi, area: A, method: keyof WorkosApi[A] & string): WorkosApi {
  const original = client[area] as object;
  const failing = Object.create(original) as Record<string, unknown>;
  failing[method] = () => Promise.reject(new InjectedFailure(`injected failure of ${String(area)}.${method}`));
  return Object.assign(Object.create(client) as WorkosApi, { [area]: failing });
}

/** A planned value as terraform gives it to the handler: every attribute of the schema, null where not given. */
export function planned(handler: Pick<ResourceHandler, 'schema'>, given: Values): Values {
  const unknownNames = Object.keys(given).filter((name) => !(name in handler.schema.attributes));
  if (unknownNames.length > 0) throw new Error(`${handler.schema.typeName} has no attribute ${unknownNames.join(', ')}`);
  return { ...Object.fromEntries(Object.keys(handler.schema.attributes).map((name) => [name, null])), ...given };
}

/** The diagnostic a handler call rejects with as a DiagnosticError (fails otherwise). */
export async function diagnosticOf(p: Promise<unknown>): Promise<Diagnostic> {
  const err = await rejection(p);
  if (err instanceof DiagnosticError) return err.diagnostic;
  throw new Error(`expected a DiagnosticError, got ${String(err)}`);
}

/** The PartialCreateError a `create` rejects with (fails otherwise). */
export async function partialCreateOf(p: Promise<unknown>): Promise<PartialCreateError> {
  const err = await rejection(p);
  if (err instanceof PartialCreateError) return err;
  throw new Error(`expected a PartialCreateError, got ${String(err)}`);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** Summaries and paths of the diagnostics, the part a test pins down exactly. */
export function brief(diagnostics: readonly Diagnostic[]): Array<{ severity: string; summary: string; path?: ReadonlyArray<string | number> }> {
  return diagnostics.map((d) => ({ severity: d.severity, summary: d.summary, ...(d.path ? { path: d.path } : {}) }));
}
