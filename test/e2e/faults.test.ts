/**
 * Faults that converge, and fail fast. GIVEN a mixed topology (permissions, roles,
 * organizations with their own roles, users, memberships) applied through a proxy that
 * answers 503, resets connections and loses answers at seeded random, WHEN terraform applies
 * it once, THEN it succeeds, state equals the target's objects (no duplicates), and a second
 * plan through the same faults is empty. A role whose reads keep failing is kept with a
 * warning, a change to it fails the plan and leaves the target alone; an unreachable target
 * fails the apply once, at configure, with one message.
 *
 * Size: `npm test` runs a small one; `npm run test:faults` the full one (README, Benchmarks).
 * FAULTS_OBJECTS (≈ objects, in units of 10), FAULTS_SEEDS (comma-separated, one run each),
 * FAULTS_SERVER_ERROR / FAULTS_RESET / FAULTS_LOST_ANSWER (rates per request).
 */
import * as net from 'node:net';
import { useControlPlane, type ControlPlaneHarness } from '../helpers/control-plane';
import { collect, flat } from '../helpers/fixtures';
import { NO_FAULTS, startFaultProxy, type FaultProxy, type FaultRates } from '../helpers/fault-proxy';
import { Workspace, PROVIDER_HCL } from '../helpers/terraform';

const API_KEY = 'sk_test_e2e_faults_0123456789abcdef';
/** The limiter is unit-tested; here it must not slow the runs down. */
const FAST = { WORKOS_REQUESTS_PER_SECOND: '1000', WORKOS_MAX_CONCURRENT_REQUESTS: '8' };

const rate = (name: string, fallback: number) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const UNITS = Math.max(1, Math.ceil(rate('FAULTS_OBJECTS', 60) / 10));
const SEEDS = (process.env.FAULTS_SEEDS ?? '1').split(',').map(Number);
// Lost answers converge two ways: a retried create with its Idempotency-Key gets the original
// answer, and a create that meets "already exists" adopts the object (README, "When an answer is lost").
const RATES: FaultRates = { serverError: rate('FAULTS_SERVER_ERROR', 0.1), reset: rate('FAULTS_RESET', 0.05), lostAnswer: rate('FAULTS_LOST_ANSWER', 0.05) };

/** Ten objects per unit: 4 permissions, 2 roles, an organization with a role of its own, a user and their membership. */
const config = (units: number, renameRole0 = false) => `
${PROVIDER_HCL}
resource "workos_permission" "p" {
  count = ${4 * units}
  slug  = "f:p\${count.index}"
  name  = "Fault permission \${count.index}"
}

resource "workos_role" "r" {
  count       = ${2 * units}
  slug        = "f-r\${count.index}"
  name        = ${renameRole0 ? '"${count.index == 0 ? "Renamed" : "Fault role ${count.index}"}"' : '"Fault role ${count.index}"'}
  permissions = [workos_permission.p[2 * count.index].slug, workos_permission.p[2 * count.index + 1].slug]
}

resource "workos_organization" "o" {
  count       = ${units}
  name        = "Fault org \${count.index}"
  external_id = "fault-org-\${count.index}"
}

resource "workos_organization_role" "or" {
  count           = ${units}
  organization_id = workos_organization.o[count.index].id
  slug            = "org-f\${count.index}"
  name            = "Fault org role \${count.index}"
  permissions     = [workos_permission.p[count.index].slug]
}

resource "workos_user" "u" {
  count = ${units}
  email = "user-\${count.index}@faults.example.com"
}

resource "workos_organization_membership" "m" {
  count           = ${units}
  organization_id = workos_organization.o[count.index].id
  user_id         = workos_user.u[count.index].id
  roles           = [workos_organization_role.or[count.index].slug]
}
`;

type Row = Record<string, unknown>;
const byId = (rows: Row[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
const sortedList = (v: unknown) => [...((v as string[] | null) ?? [])].sort();

/** What terraform's state says, one list per type, in the shape `targetObjects` reads. */
function stateObjects(ws: Workspace): Record<string, Row[]> {
  const out: Record<string, Row[]> = {};
  for (const r of ws.state().resources) {
    out[r.type] = byId(
      r.instances.map(({ attributes: a }) => {
        switch (r.type) {
          case 'workos_permission':
            return { id: a.id, slug: a.slug, name: a.name };
          case 'workos_role':
          case 'workos_organization_role':
            return { id: a.id, slug: a.slug, name: a.name, permissions: sortedList(a.permissions) };
          case 'workos_organization':
            return { id: a.id, name: a.name, externalId: a.external_id };
          case 'workos_user':
            return { id: a.id, email: a.email };
          default:
            return { id: a.id, organizationId: a.organization_id, userId: a.user_id, roles: sortedList(a.roles) };
        }
      }),
    );
  }
  return out;
}

/** Every object of the topology on the target, found by its prefix, so a duplicate would show. */
async function targetObjects(target: ControlPlaneHarness): Promise<Record<string, Row[]>> {
  const { client } = target;
  const orgs = (await collect(client.organizations.list())).filter((o) => o.externalId?.startsWith('fault-org-'));
  const users = (await collect(client.users.list())).filter((u) => u.email.endsWith('@faults.example.com'));
  const orgRoles = [];
  for (const o of orgs) orgRoles.push(...(await collect(client.organizationRoles.list(o.id))).filter((r) => r.type === 'OrganizationRole'));
  const memberships = [];
  for (const u of users) memberships.push(...(await collect(client.memberships.list({ userId: u.id }))));
  const role = (r: { id: string; slug: string; name: string; permissions: readonly string[] }) => ({ id: r.id, slug: r.slug, name: r.name, permissions: sortedList(r.permissions) });
  return {
    workos_permission: byId((await collect(client.permissions.list())).filter((p) => p.slug.startsWith('f:')).map((p) => ({ id: p.id, slug: p.slug, name: p.name }))),
    workos_role: byId((await collect(client.roles.list())).filter((r) => r.slug.startsWith('f-')).map(role)),
    workos_organization: byId(orgs.map((o) => ({ id: o.id, name: o.name, externalId: o.externalId }))),
    workos_organization_role: byId(orgRoles.map(role)),
    workos_user: byId(users.map((u) => ({ id: u.id, email: u.email }))),
    workos_organization_membership: byId(memberships.map((m) => ({ id: m.id, organizationId: m.organizationId, userId: m.userId, roles: sortedList(m.roleSlugs) }))),
  };
}

const timeout = 120_000 + UNITS * 15_000;

describe.each(SEEDS)(`${UNITS * 10} objects through a faulty network (seed %i)`, (seed) => {
  const target = useControlPlane({ apiKey: API_KEY });
  let proxy: FaultProxy;
  let ws: Workspace;

  beforeAll(async () => {
    proxy = await startFaultProxy(target.url, RATES, seed);
    ws = new Workspace(proxy.url, API_KEY, FAST);
    ws.write({ 'main.tf': config(UNITS) });
    proxy.setRates(NO_FAULTS);
    await ws.init();
    proxy.setRates(RATES);
  });

  afterAll(async () => {
    ws?.cleanup();
    await proxy?.close();
  });

  test('one apply converges: state equals the target and a second plan is empty', async () => {
    const apply = await ws.tf(['apply', '-auto-approve', '-input=false']);
    const applied = { ...proxy.counts };
    expect({ code: apply.code, errors: apply.stderr.match(/Error: .*/g) ?? [] }).toEqual({ code: 0, errors: [] });
    expect(applied.serverErrors + applied.resets + applied.lostAnswers).toBeGreaterThan(0);

    const state = stateObjects(ws);
    expect(state.workos_permission).toHaveLength(4 * UNITS);
    expect(state.workos_organization_membership).toHaveLength(UNITS);
    expect(await targetObjects(target)).toEqual(state);

    // The second plan refreshes every object through the same faults.
    const { changes } = await ws.plan();
    expect(changes).toEqual({});
    const c = proxy.counts;
    console.log(
      `seed ${seed}, ${UNITS * 10} objects, rates ${JSON.stringify(RATES)}: apply converged through ${applied.requests} requests ` +
        `(${applied.serverErrors} 503, ${applied.resets} resets, ${applied.lostAnswers} lost answers); second plan empty; ` +
        `in all ${c.requests} requests, ${c.serverErrors + c.resets + c.lostAnswers} faults`,
    );
  }, timeout);
});

describe('a role whose reads keep failing', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  let proxy: FaultProxy;
  let ws: Workspace;

  beforeAll(async () => {
    proxy = await startFaultProxy(target.url, NO_FAULTS, 1);
    ws = new Workspace(proxy.url, API_KEY, FAST);
    ws.write({ 'main.tf': config(1) });
    await ws.init();
    await ws.apply();
  });

  afterAll(async () => {
    ws?.cleanup();
    await proxy?.close();
  });

  test('is kept with a warning; a change to it fails the plan and changes nothing', async () => {
    // Its own GET, and the listing of roles that answers a refresh of several (README, "Requests per refresh").
    proxy.setBroken((method, path) => method === 'GET' && (path === '/authorization/roles/f-r0' || path.split('?')[0] === '/authorization/roles'));
    try {
      const plan = await ws.tf(['plan', '-input=false', '-detailed-exitcode']);
      expect(plan.code).toBe(0); // no changes, no error
      expect(plan.stdout).toContain('Warning: Could not refresh workos_role "f-r0"');
      expect(plan.stdout).toContain('with workos_role.r[0]');
      expect(flat(plan.stdout)).toContain('Reading it failed after retries: 503 broken on purpose. This plan leaves it as it is');

      ws.write({ 'main.tf': config(1, true) });
      const change = await ws.tf(['apply', '-auto-approve', '-input=false']);
      expect(change.code).toBe(1);
      expect(change.stderr).toContain('Error: Cannot change workos_role "f-r0"');
      expect(change.stderr).toContain('its refresh failed');
      expect(flat(change.stderr)).toContain('Refreshing it failed after retries (503 broken on purpose), so its state may be stale');
      expect(change.stderr).toContain('with workos_role.r[0]');
      expect(change.stderr.match(/Error: /g)).toHaveLength(1);
      expect((await target.client.roles.get('f-r0')).name).toBe('Fault role 0');
    } finally {
      proxy.setBroken(null);
    }
    // Once reads succeed again, the change is planned and applied as usual.
    await ws.apply();
    expect((await target.client.roles.get('f-r0')).name).toBe('Renamed');
    expect((await ws.plan()).changes).toEqual({});
  });
});

describe('a target that goes away in the middle of an apply', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  let proxy: FaultProxy;
  let ws: Workspace;

  beforeAll(async () => {
    proxy = await startFaultProxy(target.url, NO_FAULTS, 1);
    ws = new Workspace(proxy.url, API_KEY, { ...FAST, TF_LOG_PROVIDER: 'debug' });
    ws.write({ 'main.tf': config(2) });
    await ws.init();
  });

  afterAll(async () => {
    ws?.cleanup();
    await proxy?.close();
  });

  test('fails fast, every error "Cannot reach"; once it is back, the next apply converges', async () => {
    proxy.goDownAfter(8, (method) => method === 'POST');
    const apply = await ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(apply.code).toBe(1);
    const errors = apply.stderr.match(/Error: .*/g) ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors)).toEqual(new Set([`Error: Cannot reach ${proxy.url}`]));
    // Calls in flight when it went away retry at most twice (a reset, then a refusal) before
    // the shared breaker opens; without it, every remaining resource would spend 7 retries.
    const retries = apply.stderr.split('\n').filter((l) => l.includes('retrying WorkOS API request')).length;
    console.log(`target gone after 8 creates: ${errors.length} errors, ${retries} retries`);
    expect(retries).toBeLessThanOrEqual(2 * Number(FAST.WORKOS_MAX_CONCURRENT_REQUESTS));

    await proxy.comeBack();
    await ws.apply();
    expect(await targetObjects(target)).toEqual(stateObjects(ws));
    expect((await ws.plan()).changes).toEqual({});
  });
});

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('an unreachable target', () => {
  test('fails the apply at configure with one message, after a few attempts, and no state', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const ws = new Workspace(url, API_KEY, { ...FAST, TF_LOG_PROVIDER: 'debug' });
    try {
      ws.write({ 'main.tf': config(2) });
      await ws.init();
      const apply = await ws.tf(['apply', '-auto-approve', '-input=false']);
      expect(apply.code).toBe(1);
      const errors = apply.stderr.match(/Error: .*/g);
      expect(errors).toEqual([`Error: Cannot reach ${url}`]);
      expect(flat(apply.stderr)).toContain(
        `cannot reach ${url}: ECONNREFUSED; 4 attempts in a row found no server, so the provider stopped trying (while configuring the provider). Check base_url / WORKOS_BASE_URL and that the target is running.`,
      );
      // The breaker opened on the 4th refused attempt: 3 retries, not 7 per resource.
      expect(apply.stderr.split('\n').filter((l) => l.includes('retrying WorkOS API request'))).toHaveLength(3);
      expect(apply.stdout).not.toContain('Creating...');
    } finally {
      ws.cleanup();
    }
  });
});
