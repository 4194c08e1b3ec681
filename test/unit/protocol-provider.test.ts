/** The tfplugin6.Provider methods, called directly with grpc-js-shaped requests. */
import { decode, encode } from '@msgpack/msgpack';
import { UNKNOWN } from '../../src/schemas/builder';
import { permissionSchema } from '../../src/schemas/permission';
import type { WorkosApi } from '../../src/client/types';
import { DiagnosticError, type HandlerContext, type ResourceHandler, type Values } from '../../providers/handler';
import type { Registry } from '../../providers/registry';
import { decodeObject, encodeObject } from '../../providers/protocol/codec';
import { createLogger } from '../../providers/protocol/log';
import type { ClientOptions } from '../../providers/configure';
import { Provider } from '../../providers/protocol/provider';

const attrs = permissionSchema.attributes;
const API_KEY = 'sk_test_very_secret_key';

class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly requestId: string, message: string) {
    super(message);
  }
}

function fakeHandler(overrides: Partial<ResourceHandler> = {}): ResourceHandler {
  const store = new Map<string, Values>();
  return {
    schema: permissionSchema,
    async create(_ctx, planned) {
      const created = { ...planned, id: `perm_${planned.slug}` };
      store.set(String(planned.slug), created);
      return created;
    },
    async read(_ctx, state) {
      return store.get(String(state.slug)) ?? null;
    },
    async update(_ctx, _prior, planned) {
      store.set(String(planned.slug), planned);
      return planned;
    },
    async delete(_ctx, prior) {
      store.delete(String(prior.slug));
    },
    async importState(_ctx, id) {
      return store.get(id) ?? null;
    },
    ...overrides,
  };
}

function setup(handler: ResourceHandler = fakeHandler(), env: NodeJS.ProcessEnv = {}) {
  const registry: Registry = { resources: new Map([[handler.schema.typeName, handler]]), dataSources: new Map() };
  const logs: string[] = [];
  const clients: ClientOptions[] = [];
  const client = { capabilities: async () => ({ deleteEnvironmentRole: true }) } as unknown as WorkosApi;
  const provider = new Provider({
    registry,
    env,
    log: createLogger('trace', (line) => logs.push(line)),
    createClient: (options) => {
      clients.push(options);
      return client;
    },
  });
  return { provider, logs, clients };
}

const providerConfig = (v: Record<string, unknown>) => ({ msgpack: encode({ base_url: null, api_key: null, ...v }) });
const dv = (v: Values | null) => encodeObject(attrs, v);
const config = (v: Record<string, unknown>) => ({ id: null, description: null, ...v });

async function configured(handler?: ResourceHandler) {
  const s = setup(handler);
  const res = await s.provider.ConfigureProvider({ config: providerConfig({ api_key: API_KEY }) });
  expect(res.diagnostics).toEqual([]);
  return s;
}

describe('tfplugin6.Provider', () => {
  it('advertises the schema with attribute flags, cty types and the server capabilities', async () => {
    const { provider } = setup();
    const res = await provider.GetProviderSchema();
    expect(res.server_capabilities).toMatchObject({ plan_destroy: true, get_provider_schema_optional: true });
    const attributes = res.resource_schemas.workos_permission.block.attributes;
    const byName = Object.fromEntries(attributes.map((a: { name: string }) => [a.name, a]));
    expect(byName.id).toMatchObject({ computed: true, optional: false, required: false });
    expect(byName.slug).toMatchObject({ required: true });
    expect(byName.slug.type.toString()).toBe('"string"');
    const providerAttrs = Object.fromEntries(res.provider.block.attributes.map((a: { name: string }) => [a.name, a]));
    expect(providerAttrs.api_key).toMatchObject({ optional: true, sensitive: true });
  });

  it('reports an invalid slug at the attribute "slug"', async () => {
    const { provider } = setup();
    const res = await provider.ValidateResourceConfig({ type_name: 'workos_permission', config: dv(config({ slug: 'Users View', name: 'n' })) });
    expect(res.diagnostics).toHaveLength(1);
    expect(res.diagnostics[0]).toMatchObject({ severity: 'ERROR', attribute: { steps: [{ attribute_name: 'slug' }] } });
    expect(res.diagnostics[0].summary).toContain('slug');
  });

  it('skips unknown values in validation and adds the handler’s own checks', async () => {
    const handler = fakeHandler({ validate: () => [{ severity: 'warning', summary: 'handler says hi', detail: '' }] });
    const { provider } = setup(handler);
    const res = await provider.ValidateResourceConfig({ type_name: 'workos_permission', config: dv(config({ slug: UNKNOWN, name: 'n' })) });
    expect(res.diagnostics).toEqual([{ severity: 'WARNING', summary: 'handler says hi', detail: '', attribute: null }]);
  });

  it('requires an API key from config or WORKOS_API_KEY, naming api_key', async () => {
    const { provider, clients } = setup();
    const res = await provider.ConfigureProvider({ config: providerConfig({}) });
    expect(res.diagnostics[0]).toMatchObject({ severity: 'ERROR', attribute: { steps: [{ attribute_name: 'api_key' }] } });
    expect(clients).toEqual([]);

    const fromEnv = setup(undefined, { WORKOS_API_KEY: 'sk_env', WORKOS_BASE_URL: 'http://127.0.0.1:9' });
    expect((await fromEnv.provider.ConfigureProvider({ config: providerConfig({}) })).diagnostics).toEqual([]);
    expect(fromEnv.clients).toEqual([expect.objectContaining({ baseUrl: 'http://127.0.0.1:9', apiKey: 'sk_env' })]);

    const fromConfig = setup(undefined, { WORKOS_API_KEY: 'sk_env' });
    await fromConfig.provider.ConfigureProvider({ config: providerConfig({ api_key: 'sk_cfg' }) });
    expect(fromConfig.clients).toEqual([expect.objectContaining({ baseUrl: 'https://api.workos.com', apiKey: 'sk_cfg' })]);
  });

  it('passes max_concurrent_requests and requests_per_second from config, else from the environment, else leaves the defaults to the client', async () => {
    const fromConfig = setup(undefined, { WORKOS_MAX_CONCURRENT_REQUESTS: '7', WORKOS_REQUESTS_PER_SECOND: '3' });
    await fromConfig.provider.ConfigureProvider({ config: providerConfig({ api_key: API_KEY, max_concurrent_requests: 2, requests_per_second: 50 }) });
    expect(fromConfig.clients[0]).toMatchObject({ maxConcurrentRequests: 2, requestsPerSecond: 50 });

    const fromEnv = setup(undefined, { WORKOS_MAX_CONCURRENT_REQUESTS: '7', WORKOS_REQUESTS_PER_SECOND: '2.5' });
    expect((await fromEnv.provider.ConfigureProvider({ config: providerConfig({ api_key: API_KEY }) })).diagnostics).toEqual([]);
    expect(fromEnv.clients[0]).toMatchObject({ maxConcurrentRequests: 7, requestsPerSecond: 2.5 });

    const neither = setup();
    await neither.provider.ConfigureProvider({ config: providerConfig({ api_key: API_KEY }) });
    expect(neither.clients[0]).toMatchObject({ maxConcurrentRequests: undefined, requestsPerSecond: undefined });
  });

  it('rejects limits below 1, naming the attribute (and the environment variable it came from)', async () => {
    const { provider, clients } = setup();
    const validated = await provider.ValidateProviderConfig({ config: providerConfig({ max_concurrent_requests: 0, requests_per_second: 0.5 }) });
    expect(validated.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', summary: 'Invalid value for "max_concurrent_requests"', detail: '0 must be at least 1', attribute: { steps: [{ attribute_name: 'max_concurrent_requests' }] } }),
      expect.objectContaining({ severity: 'ERROR', summary: 'Invalid value for "requests_per_second"', detail: '0.5 must be at least 1', attribute: { steps: [{ attribute_name: 'requests_per_second' }] } }),
    ]);
    const fractional = await provider.ValidateProviderConfig({ config: providerConfig({ max_concurrent_requests: 1.5 }) });
    expect(fractional.diagnostics[0]).toMatchObject({ summary: 'Invalid value for "max_concurrent_requests"', detail: '1.5 must be a whole number' });

    const env = setup(undefined, { WORKOS_MAX_CONCURRENT_REQUESTS: '0', WORKOS_REQUESTS_PER_SECOND: 'fast' });
    const res = await env.provider.ConfigureProvider({ config: providerConfig({ api_key: API_KEY }) });
    expect(res.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        summary: 'Invalid value for "max_concurrent_requests" from WORKOS_MAX_CONCURRENT_REQUESTS',
        detail: 'WORKOS_MAX_CONCURRENT_REQUESTS="0": "max_concurrent_requests" must be at least 1.',
        attribute: { steps: [{ attribute_name: 'max_concurrent_requests' }] },
      }),
      expect.objectContaining({
        summary: 'Invalid value for "requests_per_second" from WORKOS_REQUESTS_PER_SECOND',
        detail: 'WORKOS_REQUESTS_PER_SECOND="fast": "requests_per_second" must be a number.',
      }),
    ]);
    expect(env.clients).toEqual([]);
    expect(clients).toEqual([]);
  });

  it('logs every retry of the client at debug level, without the API key', async () => {
    const { provider, clients, logs } = await configured();
    clients[0].onRetry!({ method: 'POST', path: '/authorization/permissions', attempt: 1, status: 429, delayMs: 1000, rate: 50 });
    clients[0].onRetry!({ method: 'GET', path: '/authorization/roles', attempt: 2, status: 0, code: 'ECONNRESET', delayMs: 12.7, rate: 33.333 });
    const retries = logs.filter((l) => l.includes('retrying WorkOS API request')).map((l) => JSON.parse(l));
    expect(retries).toEqual([
      expect.objectContaining({ '@level': 'debug', method: 'POST', path: '/authorization/permissions', retry: 1, status: 429, delay_ms: 1000, requests_per_second: 50 }),
      expect.objectContaining({ '@level': 'debug', method: 'GET', retry: 2, error_code: 'ECONNRESET', delay_ms: 13, requests_per_second: 33.3 }),
    ]);
    expect(logs.join('\n')).not.toContain(API_KEY);
    expect(provider).toBeDefined();
  });

  it('plans a create with id "known after apply" and lets the handler adjust the plan', async () => {
    const handler = fakeHandler({
      modifyPlan(ctx: HandlerContext, planned: Values | null) {
        expect(ctx.capabilities.deleteEnvironmentRole).toBe(true);
        if (planned) ctx.diagnostics.push({ severity: 'warning', summary: 'heads up', detail: 'd', path: ['name'] });
      },
    });
    const { provider } = await configured(handler);
    const cfg = dv(config({ slug: 'users:view', name: 'View users' }));
    const res = await provider.PlanResourceChange({ type_name: 'workos_permission', prior_state: null, proposed_new_state: cfg, config: cfg });
    expect(decodeObject(attrs, res.planned_state)).toEqual({ id: UNKNOWN, slug: 'users:view', name: 'View users', description: null });
    expect(res.requires_replace).toEqual([]);
    expect(res.diagnostics).toEqual([{ severity: 'WARNING', summary: 'heads up', detail: 'd', attribute: { steps: [{ attribute_name: 'name' }] } }]);
  });

  it('plans a slug change as a replacement', async () => {
    const { provider } = await configured();
    const prior = dv({ id: 'perm_a', slug: 'a', name: 'n', description: null });
    const cfg = dv(config({ slug: 'b', name: 'n' }));
    const proposed = dv({ id: 'perm_a', slug: 'b', name: 'n', description: null });
    const res = await provider.PlanResourceChange({ type_name: 'workos_permission', prior_state: prior, proposed_new_state: proposed, config: cfg });
    expect(res.requires_replace).toEqual([{ steps: [{ attribute_name: 'slug' }] }]);
    expect(decodeObject(attrs, res.planned_state)!.id).toBe(UNKNOWN);
  });

  it('applies create, update and delete, then reads a deleted object as gone', async () => {
    const { provider } = await configured();
    const planned = { id: UNKNOWN, slug: 'users:view', name: 'n', description: null };
    const created = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: null, planned_state: dv(planned) });
    expect(created.diagnostics).toEqual([]);
    const state = decodeObject(attrs, created.new_state)!;
    expect(state).toEqual({ id: 'perm_users:view', slug: 'users:view', name: 'n', description: null });

    const updated = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: dv(state), planned_state: dv({ ...state, name: 'm' }) });
    expect(decodeObject(attrs, updated.new_state)).toEqual({ ...state, name: 'm' });

    const read = await provider.ReadResource({ type_name: 'workos_permission', current_state: updated.new_state, private: Buffer.alloc(0) });
    expect(decodeObject(attrs, read.new_state)).toEqual({ ...state, name: 'm' });

    const deleted = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: updated.new_state, planned_state: null });
    expect(decode(deleted.new_state.msgpack)).toBeNull();

    const gone = await provider.ReadResource({ type_name: 'workos_permission', current_state: updated.new_state });
    expect(decode(gone.new_state.msgpack)).toBeNull();
  });

  it('after its own write, reads again while a lagging replica shows the old object, then reports what it finally sees', async () => {
    const lagging = { reads: 0, lagFor: 2 };
    const store = new Map<string, Values>();
    const handler = fakeHandler({
      async create(_ctx, planned) {
        const created = { ...planned, id: 'perm_1' };
        store.set('x', created);
        return created;
      },
      async read(_ctx, state) {
        lagging.reads++;
        return lagging.reads <= lagging.lagFor ? null : (store.get('x') ?? { ...state });
      },
    });
    const { provider } = await configured(handler);
    const created = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: null, planned_state: dv({ id: UNKNOWN, slug: 'a:b', name: 'n', description: null }) });
    expect(JSON.parse(Buffer.from(created.private).toString())).toEqual({ written_at: expect.any(Number) });

    // Recently written: two "gone" answers are replica lag, the third read shows it.
    const read = await provider.ReadResource({ type_name: 'workos_permission', current_state: created.new_state, private: created.private });
    expect(lagging.reads).toBe(3);
    expect(decodeObject(attrs, read.new_state)).toEqual({ id: 'perm_1', slug: 'a:b', name: 'n', description: null });

    // Not recently written (no marker): one read, and "gone" is reported at once.
    lagging.reads = 0;
    const cold = await provider.ReadResource({ type_name: 'workos_permission', current_state: created.new_state, private: Buffer.alloc(0) });
    expect(lagging.reads).toBe(1);
    expect(decode(cold.new_state.msgpack)).toBeNull();

    // Real drift right after a write: bounded (1 + 3 reads), then reported.
    lagging.reads = 0;
    lagging.lagFor = 100;
    const drift = await provider.ReadResource({ type_name: 'workos_permission', current_state: created.new_state, private: created.private });
    expect(lagging.reads).toBe(4);
    expect(decode(drift.new_state.msgpack)).toBeNull();
  });

  it('turns thrown WorkOS API errors into one diagnostic with status, code and request id, and never shows the API key', async () => {
    const handler = fakeHandler({
      create: async () => {
        throw new ApiError(409, 'permission_slug_conflict', 'req_123', `Slug taken (key ${API_KEY})`);
      },
      delete: async () => {
        throw new Error('socket hang up');
      },
    });
    const { provider, logs } = await configured(handler);
    const created = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: null, planned_state: dv({ id: UNKNOWN, slug: 'a', name: 'n', description: null }) });
    expect(created.diagnostics[0].summary).toBe('WorkOS API error 409 permission_slug_conflict');
    expect(created.diagnostics[0].detail).toContain('req_123');
    expect(JSON.stringify(created.diagnostics)).not.toContain(API_KEY);
    expect(decode(created.new_state.msgpack)).toBeNull();

    const prior = dv({ id: 'perm_a', slug: 'a', name: 'n', description: null });
    const deleted = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: prior, planned_state: null });
    expect(deleted.diagnostics[0]).toMatchObject({ severity: 'ERROR', summary: 'socket hang up' });
    expect(decodeObject(attrs, deleted.new_state)).toEqual({ id: 'perm_a', slug: 'a', name: 'n', description: null });
    expect(logs.join('')).not.toContain(API_KEY);
  });

  it('reports a DiagnosticError as is, with its attribute path', async () => {
    const handler = fakeHandler({
      update: async () => {
        throw new DiagnosticError({ severity: 'error', summary: 'Cannot rename', detail: 'nope', path: ['name'] });
      },
    });
    const { provider } = await configured(handler);
    const prior = dv({ id: 'perm_a', slug: 'a', name: 'n', description: null });
    const res = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: prior, planned_state: dv({ id: 'perm_a', slug: 'a', name: 'm', description: null }) });
    expect(res.diagnostics).toEqual([{ severity: 'ERROR', summary: 'Cannot rename', detail: 'nope', attribute: { steps: [{ attribute_name: 'name' }] } }]);
  });

  it('imports by slug, or explains that nothing has it', async () => {
    const { provider } = await configured();
    await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: null, planned_state: dv({ id: UNKNOWN, slug: 'a', name: 'n', description: null }) });
    const found = await provider.ImportResourceState({ type_name: 'workos_permission', id: 'a' });
    expect(found.imported_resources).toHaveLength(1);
    expect(decodeObject(attrs, found.imported_resources[0].state)).toEqual({ id: 'perm_a', slug: 'a', name: 'n', description: null });
    const missing = await provider.ImportResourceState({ type_name: 'workos_permission', id: 'zzz' });
    expect(missing.imported_resources).toEqual([]);
    expect(missing.diagnostics[0].summary).toBe('Cannot import: no workos_permission matches "zzz"');
  });

  it('upgrades stored JSON state by filling in missing attributes with null', async () => {
    const { provider } = setup();
    const res = await provider.UpgradeResourceState({ type_name: 'workos_permission', version: 0, raw_state: { json: Buffer.from('{"id":"perm_a","slug":"a","name":"n"}'), flatmap: {} } });
    expect(res.diagnostics).toEqual([]);
    expect(decode(res.upgraded_state.msgpack)).toEqual({ id: 'perm_a', slug: 'a', name: 'n', description: null });
  });

  it('answers what it does not support with error diagnostics', async () => {
    const { provider } = setup();
    expect((await provider.ReadDataSource({ type_name: 'workos_roles' })).diagnostics[0].severity).toBe('ERROR');
    expect((await provider.MoveResourceState()).diagnostics[0].summary).toContain('not supported');
    expect((await provider.OpenEphemeralResource()).diagnostics[0].summary).toContain('not supported');
    expect(await provider.StopProvider()).toEqual({ Error: '' });
    expect(await provider.GetFunctions()).toEqual({ functions: {}, diagnostics: [] });
    const notConfigured = await provider.ApplyResourceChange({ type_name: 'workos_permission', prior_state: null, planned_state: dv({ id: UNKNOWN, slug: 'a', name: 'n', description: null }) });
    expect(notConfigured.diagnostics[0].summary).toBe('Provider not configured');
  });
});
