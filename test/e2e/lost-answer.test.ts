/**
 * A create whose answer is lost (README, "When an answer is lost"). A proxy in front of the
 * control plane forwards each create, lets the target store it, and then closes the socket
 * instead of answering:
 * - only the first attempt: the client retries with the same Idempotency-Key and gets the
 *   original answer, so one apply converges and nothing is created twice;
 * - every attempt: that apply fails, and the next one finds each stored object by its natural
 *   key and adopts it (providers/adopt.ts); one changed meanwhile stops the plan, naming the
 *   import command (README, "Checked at plan, against the target"), and once imported as the
 *   error says the next apply adopts the others;
 * - the control plane killed with SIGKILL right after it committed a create, restarted on the
 *   same data directory: the next apply adopts what it committed.
 * Each time terraform's state ends equal to the target's objects and a second plan is empty.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WorkosClient } from '../../src/client';
import { useControlPlane } from '../helpers/control-plane';
import { flat } from '../helpers/fixtures';
import { CLI, REQUIRED_PROVIDERS, Workspace } from '../helpers/terraform';
import { stateObjects, targetObjects } from '../helpers/objects';

const API_KEY = 'sk_test_e2e_lost_answer_0123456789';

/** What the proxy does with one create: forward and answer, drop the first answer, drop every answer, or kill the target after its commit. */
type Fate = 'answer' | 'drop-first' | 'drop-all' | 'kill';

interface Create {
  readonly path: string;
  readonly body: string;
}

interface LosingProxy {
  readonly url: string;
  upstream: string;
  /** Decides each create's fate (a POST carrying an Idempotency-Key); everything else is forwarded. */
  fate: (create: Create) => Fate;
  /** Called for a "kill" create once the target has answered it (so committed it), before the answer is dropped. */
  kill: () => void;
  /** The creates whose answer was dropped, one entry per dropped answer. */
  readonly dropped: Create[];
  close(): Promise<void>;
}

async function startLosingProxy(upstream: string): Promise<LosingProxy> {
  const seen = new Set<string>();
  const proxy: Omit<LosingProxy, 'url' | 'close'> = { upstream, fate: () => 'answer', kill: () => {}, dropped: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = req.headers['idempotency-key'];
      const create = { path: req.url ?? '', body: body.toString('utf8') };
      const fate = req.method === 'POST' && typeof key === 'string' ? proxy.fate(create) : 'answer';
      const lose = fate === 'drop-all' || fate === 'kill' || (fate === 'drop-first' && !seen.has(String(key)));
      if (typeof key === 'string') seen.add(key);
      const target = new URL(proxy.upstream);
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          if (!lose) {
            res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(parts));
            return;
          }
          if (fate === 'kill') proxy.kill();
          proxy.dropped.push(create);
          req.socket.destroy(); // the target stored it; the caller never hears
        });
      });
      forward.on('error', () => req.socket.destroy()); // the target is down: as unreachable as it is
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** Terraform's output, flattened, with every "Adopted the existing …" warning summary it shows. */
function adoptions(output: string): string[] {
  return [...flat(output).matchAll(/Warning: (Adopted the existing \S+ "[^"]+")/g)].map((m) => m[1]).sort();
}

const PROVIDER = `${REQUIRED_PROVIDERS}
provider "workos" {
  requests_per_second     = 1000
  max_concurrent_requests = 8
}
`;

/** One of each type with a natural key, plus an organization without one. */
const BASE = `${PROVIDER}
resource "workos_permission" "read" {
  slug = "docs:read"
  name = "Read docs"
}
resource "workos_permission" "write" {
  slug = "docs:write"
  name = "Write docs"
}
resource "workos_role" "editor" {
  slug        = "editor"
  name        = "Editor"
  permissions = [workos_permission.read.slug, workos_permission.write.slug]
}
resource "workos_organization" "acme" {
  name = "Acme"
}
resource "workos_user" "ada" {
  email      = "ada@example.com"
  first_name = "Ada"
}
resource "workos_user" "bob" {
  email = "bob@example.com"
}
resource "workos_organization_membership" "ada" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.ada.id
  roles           = [workos_role.editor.slug]
}
resource "workos_organization_role" "billing" {
  organization_id = workos_organization.acme.id
  slug            = "org-billing"
  name            = "Billing"
  permissions     = [workos_permission.read.slug]
}
resource "workos_resource_type" "workspace" {
  slug = "workspace"
  name = "Workspace"
}
resource "workos_resource" "platform" {
  organization_id    = workos_organization.acme.id
  resource_type_slug = workos_resource_type.workspace.slug
  external_id        = "platform"
  name               = "Platform"
}
resource "workos_resource_assignment" "ada_platform" {
  organization_membership_id = workos_organization_membership.ada.id
  role_slug                  = workos_role.editor.slug
  resource_id                = workos_resource.platform.id
}
`;

/** One more of each type with a natural key; the proxy drops every answer to their creates. */
const LOST = `
resource "workos_permission" "lost" {
  slug = "lost:all"
  name = "Lost"
}
resource "workos_role" "lost" {
  slug        = "lost-role"
  name        = "Lost role"
  permissions = [workos_permission.read.slug]
}
resource "workos_organization" "lost" {
  name        = "Lost Inc"
  external_id = "lost-inc"
}
resource "workos_user" "lost" {
  email = "lost@example.com"
}
resource "workos_organization_membership" "bob" {
  organization_id = workos_organization.acme.id
  user_id         = workos_user.bob.id
}
resource "workos_organization_role" "lost" {
  organization_id = workos_organization.acme.id
  slug            = "org-lost"
  name            = "Lost"
  permissions     = [workos_permission.read.slug]
}
resource "workos_resource_type" "lost" {
  slug = "lost-type"
  name = "Lost type"
}
resource "workos_resource" "lost" {
  organization_id    = workos_organization.acme.id
  resource_type_slug = workos_resource_type.workspace.slug
  external_id        = "lost"
  name               = "Lost"
}
resource "workos_resource_assignment" "lost" {
  organization_membership_id = workos_organization_membership.ada.id
  role_slug                  = "member"
  resource_id                = workos_resource.platform.id
}
`;

async function expectConverged(ws: Workspace, client: WorkosClient, baseline: ReadonlySet<string>): Promise<void> {
  const target = await targetObjects(client);
  for (const key of baseline) delete target[key];
  expect(stateObjects(ws.state())).toEqual(target);
  expect((await ws.plan()).changes).toEqual({});
}

describe('GIVEN a proxy that drops the answers to creates', () => {
  const plane = useControlPlane({ apiKey: API_KEY });
  let proxy: LosingProxy;
  let ws: Workspace;
  let baseline: Set<string>;

  beforeAll(async () => {
    proxy = await startLosingProxy(plane.url);
    ws = new Workspace(proxy.url, API_KEY);
    baseline = new Set(Object.keys(await targetObjects(plane.client)));
    ws.write({ 'main.tf': BASE });
    await ws.init();
  });
  afterAll(async () => {
    await proxy.close();
    ws.cleanup();
  });

  test('WHEN the first answer to each create is lost THEN the retry with the same Idempotency-Key gets the original answer: one apply converges, nothing twice', async () => {
    proxy.fate = () => 'drop-first';
    const applied = await ws.apply();
    expect(adoptions(applied.stdout + applied.stderr)).toEqual([]);
    expect(proxy.dropped.length).toBe(11); // one per resource
    expect(await collectNames(plane.client)).toEqual(['Acme']);
    await expectConverged(ws, plane.client, baseline);
  });

  test('WHEN every answer to a create is lost THEN that apply fails; the next plan warns that each stored object that matches will be adopted, and one changed meanwhile fails the plan, naming the attribute and its import command', async () => {
    const bob = String(ws.state().resources.find((r) => r.type === 'workos_user' && r.name === 'bob')?.instances[0].attributes.id);
    const markers = ['"lost:all"', '"lost-role"', '"lost-inc"', '"lost@example.com"', `"${bob}"`, '"org-lost"', '"lost-type"', '"external_id":"lost"', '"role_slug":"member"'];
    proxy.dropped.length = 0;
    proxy.fate = (c) => (!/\/roles\/[^/]+\/permissions$/.test(c.path) && markers.some((m) => c.body.includes(m)) ? 'drop-all' : 'answer');
    ws.write({ 'main.tf': BASE + LOST });

    const failed = await ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(failed.code).toBe(1);
    expect(new Set(proxy.dropped.map((c) => markers.find((m) => c.body.includes(m))))).toEqual(new Set(markers));

    proxy.fate = () => 'answer';
    await plane.client.permissions.update('lost:all', { name: 'Renamed elsewhere', description: null });
    const applied = await ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(applied.code).toBe(1);
    const output = flat(applied.stdout + applied.stderr);
    // Checked at plan, against the target (README): the changed permission stops the plan, so nothing is applied yet.
    expect(output).toContain('Error: permission "lost:all" already exists on the target: import it with `terraform import workos_permission.<name> lost:all` with workos_permission.lost');
    expect(output).toContain('differs from this configuration in name');
    expect(output).toContain('Warning: role "lost-role" already exists on the target and is not in state: the apply adopts it');
    expect(adoptions(applied.stdout + applied.stderr)).toEqual([]);
    expect((await plane.client.roles.get('lost-role')).permissions).toEqual([]);
    expect((await plane.client.permissions.get('lost:all')).name).toBe('Renamed elsewhere');
  });

  test('WHEN the refused object is imported as the error says THEN the next apply adopts the others and updates it: state equals the target, second plan empty', async () => {
    await ws.must(['import', '-input=false', 'workos_permission.lost', 'lost:all']);
    const applied = await ws.apply();
    expect(adoptions(applied.stdout + applied.stderr)).toEqual(
      [
        'workos_role "lost-role"',
        `workos_organization "${await idOf(plane.client, 'Lost Inc')}"`,
        `workos_user "${stateId(ws, 'workos_user', 'lost')}"`,
        `workos_organization_membership "${stateId(ws, 'workos_organization_membership', 'bob')}"`,
        `workos_organization_role "${stateId(ws, 'workos_organization', 'acme')}/org-lost"`,
        'workos_resource_type "lost-type"',
        `workos_resource "${stateId(ws, 'workos_resource', 'lost')}"`,
        `workos_resource_assignment "${stateId(ws, 'workos_organization_membership', 'ada')}/${stateId(ws, 'workos_resource_assignment', 'lost')}"`,
      ]
        .map((s) => `Adopted the existing ${s}`)
        .sort(),
    );
    // The role's create was lost before its permissions were set: adoption set them.
    expect((await plane.client.roles.get('lost-role')).permissions).toEqual(['docs:read']);
    expect((await plane.client.permissions.get('lost:all')).name).toBe('Lost');
    await expectConverged(ws, plane.client, baseline);
  });
});

describe('GIVEN the control plane killed with SIGKILL right after it committed a create', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-killed-'));
  let server: { child: ChildProcess; url: string } | undefined;
  let proxy: LosingProxy;
  let ws: Workspace;
  let baseline: Set<string>;

  beforeAll(async () => {
    server = await startServer(dataDir);
    baseline = new Set(Object.keys(await targetObjects(new WorkosClient({ baseUrl: server.url, apiKey: API_KEY }))));
    proxy = await startLosingProxy(server.url);
    ws = new Workspace(proxy.url, API_KEY);
    ws.write({ 'main.tf': `${PROVIDER}\nresource "workos_permission" "read" {\n  slug = "docs:read"\n  name = "Read docs"\n}\nresource "workos_role" "killed" {\n  slug        = "killed"\n  name        = "Killed"\n  permissions = [workos_permission.read.slug]\n}\n` });
    await ws.init();
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await proxy.close();
    ws.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('WHEN restarted on the same data directory THEN the commit survived, and the next apply adopts it: state equals the target, second plan empty', async () => {
    proxy.fate = (c) => (c.path === '/authorization/roles' && c.body.includes('"killed"') ? 'kill' : 'answer');
    proxy.kill = () => server?.child.kill('SIGKILL');
    const failed = await ws.tf(['apply', '-auto-approve', '-input=false']);
    expect(failed.code).toBe(1);
    expect(proxy.dropped.map((c) => c.path)).toEqual(['/authorization/roles']);

    server = await startServer(dataDir);
    proxy.upstream = server.url;
    proxy.fate = () => 'answer';
    const client = new WorkosClient({ baseUrl: server.url, apiKey: API_KEY });
    expect(await client.roles.get('killed')).toMatchObject({ slug: 'killed', permissions: [] });

    const applied = await ws.apply();
    expect(adoptions(applied.stdout + applied.stderr)).toEqual(['Adopted the existing workos_role "killed"']);
    expect((await client.roles.get('killed')).permissions).toEqual(['docs:read']);
    await expectConverged(ws, client, baseline);
  });
});

/** `workos-rbac server` as its own process (so it can be killed), the key from the environment. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'server', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, WORKOS_API_KEY: API_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the control plane exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url };
}

async function collectNames(client: WorkosClient): Promise<string[]> {
  const names: string[] = [];
  for await (const o of client.organizations.list()) names.push(o.name);
  return names;
}

async function idOf(client: WorkosClient, organizationName: string): Promise<string> {
  for await (const o of client.organizations.list()) if (o.name === organizationName) return o.id;
  throw new Error(`no organization named ${organizationName}`);
}

function stateId(ws: Workspace, type: string, name: string): string {
  return String(ws.state().resources.find((r) => r.type === type && r.name === name)?.instances[0].attributes.id);
}
