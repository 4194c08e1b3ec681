/**
 * Terraform against targets that answer 429. First a proxy in front of the local control plane
 * answers every 7th request with 429 and Retry-After (0 or 1 seconds), never twice in a row to
 * the same call: GIVEN 150 permissions and 50 roles granting 3 each, WHEN terraform applies
 * them, THEN state equals the server, a second plan is empty, and the provider's retries match
 * the 429s served (a Retry-After pauses every request of the provider, which costs time but no
 * retries). Then two stacks sharing one key against the control plane's own rate limit.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useControlPlane } from '../helpers/control-plane';
import { type Permission, type Role } from '../../src/client';
import { Workspace, REQUIRED_PROVIDERS } from '../helpers/terraform';

const API_KEY = 'sk_test_e2e_rate_limits_0123456789';
const PERMISSIONS = 150;
const ROLES = 50;
const EVERY_NTH = 7;

interface RateLimitingProxy {
  readonly url: string;
  /** 429 responses served so far. */
  limited: number;
  /** Requests seen so far (429s included). */
  requests: number;
  close(): Promise<void>;
}

/**
 * Forwards to `upstream`, but answers every `nth` request 429 with Retry-After alternating
 * "0" and "1". A call's next attempt (same method, URL and body) always goes through, so
 * every call succeeds within the client's retries.
 */
async function startRateLimitingProxy(upstream: string, nth: number): Promise<RateLimitingProxy> {
  const target = new URL(upstream);
  const justLimited = new Set<string>();
  const stats = { limited: 0, requests: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = `${req.method} ${req.url} ${body.toString('utf8')}`;
      stats.requests++;
      if (justLimited.has(key)) justLimited.delete(key);
      else if (stats.requests % nth === 0) {
        justLimited.add(key);
        stats.limited++;
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(stats.limited % 2) });
        res.end(JSON.stringify({ code: 'rate_limit_exceeded', message: 'Too many requests' }));
        return;
      }
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.writeHead(502).end());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(stats, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/**
 * `permissions` permissions and `roles` roles granting `perRole` each (role i: permissions i,
 * i + roles, …), slugs prefixed by `name`, after `provider` (the provider block).
 */
const bulkConfig = (o: { name: string; permissions: number; roles: number; perRole: number; provider: string }) => `
${REQUIRED_PROVIDERS}
${o.provider}

resource "workos_permission" "p" {
  count       = ${o.permissions}
  slug        = "${o.name}:p\${count.index}"
  name        = "${o.name} permission \${count.index}"
  description = "Permission number \${count.index}"
}

resource "workos_role" "r" {
  count       = ${o.roles}
  slug        = "${o.name}-r\${count.index}"
  name        = "${o.name} role \${count.index}"
  permissions = [for k in range(${o.perRole}) : workos_permission.p[count.index + k * ${o.roles}].slug]
}
`;

const config = bulkConfig({
  name: 'bulk',
  permissions: PERMISSIONS,
  roles: ROLES,
  perRole: 3,
  provider: `provider "workos" {
  # 429s at every pace are not a rate limit, but the limiter cannot tell: it halves its rate on
  # each (README, Configuration). A high ceiling makes it climb back fast (+50/s per second of
  # successes); each Retry-After of 1 s still pauses the whole provider, which sets this test's pace.
  requests_per_second     = 1000
  max_concurrent_requests = 8
}`,
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Lines of the provider's debug log (hclog JSON re-emitted by terraform) that announce a retry. */
const retryLines = (stderr: string) => stderr.split('\n').filter((l) => l.includes('retrying WorkOS API request'));

describe('200 resources against a rate-limiting target', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  let proxy: RateLimitingProxy;
  let ws: Workspace;

  beforeAll(async () => {
    proxy = await startRateLimitingProxy(target.url, EVERY_NTH);
    ws = new Workspace(proxy.url, API_KEY, { TF_LOG_PROVIDER: 'debug' });
  });

  afterAll(async () => {
    ws?.cleanup();
    await proxy?.close();
  });

  test('apply succeeds through the 429s, state equals the server, and a second plan is empty', async () => {
    ws.write({ 'main.tf': config });
    await ws.init();
    const before = { limited: proxy.limited, requests: proxy.requests };
    const apply = await ws.apply();
    const applied = { limited: proxy.limited - before.limited, requests: proxy.requests - before.requests, retries: retryLines(apply.stderr).length };
    console.log(`apply: ${applied.requests} requests reached the proxy, ${applied.limited} answered 429, provider logged ${applied.retries} retries`);
    expect(applied.limited).toBeGreaterThan(0);
    // Every 429 (nothing else fails here) was retried, and logged without the API key.
    expect(applied.retries).toBe(applied.limited);
    expect(apply.stderr).not.toContain(API_KEY);

    // State equals the server: every object in state exists with the same fields, and nothing else does.
    const resources = ws.state().resources;
    const statePerms = resources.find((r) => r.type === 'workos_permission')!.instances.map((i) => i.attributes);
    const stateRoles = resources.find((r) => r.type === 'workos_role')!.instances.map((i) => i.attributes);
    expect(statePerms).toHaveLength(PERMISSIONS);
    expect(stateRoles).toHaveLength(ROLES);

    const serverPerms = new Map((await collect(target.client.permissions.list())).map((p: Permission) => [p.slug, p]));
    expect(serverPerms.size).toBe(PERMISSIONS);
    for (const s of statePerms) {
      const p = serverPerms.get(s.slug as string);
      expect({ id: p?.id, slug: p?.slug, name: p?.name, description: p?.description ?? null }).toEqual({ id: s.id, slug: s.slug, name: s.name, description: s.description });
    }
    const serverRoles = new Map((await collect(target.client.roles.list())).filter((r: Role) => r.slug.startsWith('bulk-')).map((r: Role) => [r.slug, r]));
    expect(serverRoles.size).toBe(ROLES);
    for (const s of stateRoles) {
      const r = serverRoles.get(s.slug as string);
      expect(r).toBeDefined();
      expect({ id: r!.id, name: r!.name, permissions: [...r!.permissions].sort() }).toEqual({ id: s.id, name: s.name, permissions: [...(s.permissions as string[])].sort() });
      expect(r!.permissions).toHaveLength(3);
    }

    // A second plan (which refreshes all 200 through the proxy, 429s included) is empty.
    const beforePlan = { limited: proxy.limited, requests: proxy.requests };
    const { changes } = await ws.plan();
    expect(changes).toEqual({});
    console.log(`second plan: ${proxy.requests - beforePlan.requests} requests, ${proxy.limited - beforePlan.limited} answered 429`);
    console.log(`in all: ${proxy.requests} requests reached the proxy, ${proxy.limited} answered 429`);
  });
});

/**
 * Two terraform applies in parallel sharing one API key against a control plane limited to
 * SHARED_LIMIT requests per second (WorkOS limits per key, and parallel stacks share one). Both
 * providers run with the defaults: each starts at 100/s, backs off on its own 429s and climbs
 * back slowly (README, "Configuration").
 */
const SHARED_LIMIT = 20;
const STACK_PERMISSIONS = 60;
const STACK_ROLES = 20;

const stackConfig = (name: string) => bulkConfig({ name, permissions: STACK_PERMISSIONS, roles: STACK_ROLES, perRole: 2, provider: 'provider "workos" {}' });

describe(`two stacks applied in parallel with one key, against a limit of ${SHARED_LIMIT} requests per second`, () => {
  const served: string[] = [];
  const target = useControlPlane({ apiKey: API_KEY, rateLimit: { requestsPerSecond: SHARED_LIMIT }, log: (line) => served.push(line) });
  const names = ['alpha', 'beta'];
  let stacks: Workspace[] = [];

  beforeAll(() => {
    stacks = names.map(() => new Workspace(target.url, API_KEY, { TF_LOG_PROVIDER: 'debug' }));
  });
  afterAll(() => stacks.forEach((ws) => ws.cleanup()));

  const count429 = (lines: string[]) => lines.filter((l) => / 429 \d/.test(l)).length;

  test('both converge (state equals the server, second plans empty), every 429 retried once, and 429s stay a small share of requests', async () => {
    stacks.forEach((ws, i) => ws.write({ 'main.tf': stackConfig(names[i]) }));
    await Promise.all(stacks.map((ws) => ws.init()));
    served.length = 0;
    const applies = await Promise.all(stacks.map((ws) => ws.apply()));
    const requests = served.length;
    const limited = count429(served);
    const retries = applies.map((a) => retryLines(a.stderr).length);
    console.log(`parallel applies: ${requests} requests, ${limited} answered 429, retries per stack ${retries.join(' + ')}`);
    // Every 429 was retried, and nothing else was (the target fails in no other way).
    expect(retries[0] + retries[1]).toBe(limited);
    // No storm. Without adaptation, two providers at 100/s against 20/s would get four 429s per
    // success. Adapting costs a fixed descent, from 100/s to a share of about 10/s: at most 4
    // halvings per provider, each with at most max_concurrent_requests (4) 429s, 32 in all; then
    // each climb back (+5/s per second of successes) past the share costs a 429 or a few, about
    // every second or two. Measured: 14 to 15 of about 226 requests.
    expect(limited).toBeLessThan(requests / 5);
    for (const a of applies) expect(a.stderr).not.toContain(API_KEY);

    // State equals the server, stack by stack.
    const serverPerms = new Map((await collect(target.client.permissions.list())).map((p: Permission) => [p.slug, p]));
    const serverRoles = new Map((await collect(target.client.roles.list())).map((r: Role) => [r.slug, r]));
    stacks.forEach((ws, i) => {
      const resources = ws.state().resources;
      const perms = resources.find((r) => r.type === 'workos_permission')!.instances.map((x) => x.attributes);
      const roles = resources.find((r) => r.type === 'workos_role')!.instances.map((x) => x.attributes);
      expect(perms).toHaveLength(STACK_PERMISSIONS);
      expect(roles).toHaveLength(STACK_ROLES);
      for (const s of perms) expect(serverPerms.get(s.slug as string)).toMatchObject({ id: s.id, name: s.name });
      for (const s of roles) {
        const r = serverRoles.get(s.slug as string);
        expect(r).toMatchObject({ id: s.id, name: s.name });
        expect([...r!.permissions].sort()).toEqual([...(s.permissions as string[])].sort());
      }
    });
    expect([...serverPerms.keys()].filter((slug) => names.some((n) => slug.startsWith(`${n}:`)))).toHaveLength(2 * STACK_PERMISSIONS);
    expect([...serverRoles.keys()].filter((slug) => names.some((n) => slug.startsWith(`${n}-`)))).toHaveLength(2 * STACK_ROLES);

    // Second plans, again in parallel and through the same limit, are empty.
    served.length = 0;
    const plans = await Promise.all(stacks.map((ws) => ws.plan()));
    for (const p of plans) expect(p.changes).toEqual({});
    console.log(`parallel plans: ${served.length} requests, ${count429(served)} answered 429`);
  });
});

