/**
 * The boundary, end to end: the real terraform CLI and the real `workos-rbac server` command.
 *  - an id of `..` never leaves its path segment: `workos_role_policy { organization_id = ".." }`
 *    fails at plan naming organization_id and the environment's policy stays as it was; a raw
 *    `PUT /authorization/organizations/%2e%2e/roles/X/permissions` is a 400 and role X is unchanged;
 *  - a second server on one data directory refuses to start, naming the holder's pid;
 *  - a bad WORKOS_BASE_URL, and plain http to another machine, fail at plan naming the variable
 *    and base_url; nothing is created and the key appears nowhere.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { useControlPlane } from '../helpers/control-plane';
import { flat } from '../helpers/fixtures';
import { PROVIDER_HCL, ROOT, Workspace, requireBuild, runCommand } from '../helpers/terraform';

const API_KEY = 'sk_test_e2e_boundary_0123456789';

describe('the boundary (plain HCL, the workos-rbac command)', () => {
  const target = useControlPlane({ apiKey: API_KEY });
  let ws: Workspace;

  beforeAll(async () => {
    ws = new Workspace(target.url, API_KEY);
    ws.write({ 'main.tf': `${PROVIDER_HCL}\nresource "workos_permission" "probe" {\n  slug = "boundary:probe"\n  name = "Probe"\n}\n` });
    await ws.init();
    await target.client.permissions.create({ slug: 'reports:view', name: 'View reports' });
    await target.client.permissions.create({ slug: 'reports:delete', name: 'Delete reports' });
    await target.client.roles.create({ slug: 'analyst', name: 'Analyst' });
    await target.client.roles.setPermissions('analyst', ['reports:view']);
  });
  afterAll(() => ws?.cleanup());

  const permissionSlugs = async () => {
    const out: string[] = [];
    for await (const p of target.client.permissions.list()) out.push(p.slug);
    return out.sort();
  };

  test('organization_id = ".." fails at plan naming organization_id; apply changes nothing in the environment policy', async () => {
    const before = await target.client.rolePolicy.get(null);
    ws.write({
      'main.tf': `${PROVIDER_HCL}
resource "workos_role_policy" "escape" {
  organization_id = ".."
  multiple_roles  = ${!before.multipleRoles}
  default_role    = "analyst"
}

resource "workos_organization_membership" "slash" {
  organization_id = "."
  user_id         = "user_1/../user_2"
  roles           = ["analyst"]
}
`,
    });
    for (const args of [['plan', '-input=false'], ['apply', '-auto-approve', '-input=false']]) {
      const r = await ws.tf(args);
      expect(r.code).toBe(1);
      const out = flat(r.stderr);
      // exactly these three, at validate: nothing was read or written
      expect(out.trim()).toBe(
        [
          'Error: Invalid value for "organization_id" with workos_role_policy.escape, on main.tf line 10, in resource "workos_role_policy" "escape": 10: organization_id = ".."',
          '".." must not be "." or ".." (in a URL path it would address another object)',
          'Error: Invalid value for "organization_id" with workos_organization_membership.slash, on main.tf line 16, in resource "workos_organization_membership" "slash": 16: organization_id = "."',
          '"." must not be "." or ".." (in a URL path it would address another object)',
          'Error: Invalid value for "user_id" with workos_organization_membership.slash, on main.tf line 17, in resource "workos_organization_membership" "slash": 17: user_id = "user_1/../user_2"',
          '"user_1/../user_2" must not contain "/" (an id is one URL path segment, e.g. "org_01H…")',
        ].join(' '),
      );
    }
    expect(await target.client.rolePolicy.get(null)).toEqual(before);
  });

  test('a raw PUT /authorization/organizations/%2e%2e/roles/analyst/permissions is a 400; environment role analyst is unchanged', async () => {
    const { hostname, port } = new URL(target.url);
    const body = JSON.stringify({ permissions: ['reports:view', 'reports:delete'] });
    const res = await new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      // node:http sends the path as written; undici would resolve %2e%2e before sending
      const req = http.request(
        { hostname, port, method: 'PUT', path: '/authorization/organizations/%2e%2e/roles/analyst/permissions', headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' } },
        (r) => {
          let text = '';
          r.on('data', (c) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode!, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(res).toEqual({
      status: 400,
      json: { code: 'bad_request', message: 'The path /authorization/organizations/%2e%2e/roles/analyst/permissions has a dot-segment ("%2e%2e"): identifiers cannot be "." or "..".' },
    });
    expect((await target.client.roles.get('analyst')).permissions).toEqual(['reports:view']);
  });

  test('terraform import with an id of ".." is refused as an invalid identifier before anything is sent', async () => {
    ws.write({ 'main.tf': `${PROVIDER_HCL}\nresource "workos_permission" "imported" {\n  slug = "boundary:imported"\n  name = "Imported"\n}\n` });
    const r = await ws.tf(['import', '-input=false', 'workos_permission.imported', '..']);
    expect(r.code).toBe(1);
    expect(flat(r.stderr)).toContain('Error: Invalid identifier ".." cannot be sent as an identifier: in a URL path it would address another object (while importing workos_permission ".."). Nothing was sent to the target.');
    expect(flat(r.stderr)).not.toContain('Unexpected error');
  });

  test('WORKOS_BASE_URL=not-a-url fails at plan naming the variable and base_url, with no "Unexpected error"', async () => {
    ws.write({ 'main.tf': `${PROVIDER_HCL}\nresource "workos_permission" "probe" {\n  slug = "boundary:probe"\n  name = "Probe"\n}\n` });
    const r = await ws.tf(['plan', '-input=false'], { WORKOS_BASE_URL: 'not-a-url' });
    expect(r.code).toBe(1);
    const out = flat(r.stderr);
    expect(out).toContain('Error: Invalid value for "base_url" from WORKOS_BASE_URL with provider["registry.terraform.io/workos-rbac/workos"], on main.tf line 7, in provider "workos": 7: provider "workos" {} WORKOS_BASE_URL="not-a-url": "base_url" must be an http(s) URL.');
    expect(out).not.toMatch(/Unexpected error|baseUrl/);
    expect(await permissionSlugs()).toEqual(['reports:delete', 'reports:view']);
  });

  test('plain http to another machine is refused at plan, naming WORKOS_BASE_URL and base_url; the key is not in the output', async () => {
    // 192.0.2.0/24 is reserved for documentation: nothing is ever contacted there.
    const r = await ws.tf(['apply', '-auto-approve', '-input=false'], { WORKOS_BASE_URL: 'http://192.0.2.10:8787' });
    expect(r.code).toBe(1);
    const out = flat(r.stderr);
    expect(out).toContain(
      'Error: "base_url" from WORKOS_BASE_URL is plain http to another machine with provider["registry.terraform.io/workos-rbac/workos"], on main.tf line 7, in provider "workos": 7: provider "workos" {} ' +
        'WORKOS_BASE_URL="http://192.0.2.10:8787": over plain http the API key would cross the network unencrypted to 192.0.2.10:8787: use https, or set allow_insecure_http = true if the whole network path is trusted.',
    );
    expect(r.stdout + r.stderr).not.toContain(API_KEY);
    expect(await permissionSlugs()).toEqual(['reports:delete', 'reports:view']);
  });

  test('the workos-rbac commands that talk to a target follow the same rules: plain http elsewhere and a bad WORKOS_BASE_URL are usage errors, the key is never sent or shown', async () => {
    const cli = (args: string[], env: Record<string, string>) =>
      runCommand(process.execPath, [path.join(ROOT, 'dist/src/cli.js'), ...args], { cwd: ROOT, env: { ...process.env, WORKOS_API_KEY: API_KEY, ...env } });
    const insecure = { WORKOS_BASE_URL: 'http://192.0.2.10:8787' };
    for (const args of [['resolve', '--organization', 'org_1'], ['export', '--out', fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-export-'))]]) {
      const r = await cli(args, insecure);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('workos-rbac: "base_url" from WORKOS_BASE_URL is plain http to another machine: WORKOS_BASE_URL="http://192.0.2.10:8787": over plain http the API key would cross the network unencrypted');
      expect(r.stdout + r.stderr).not.toContain(API_KEY);
    }
    const enrich = await cli(['impact', path.join(ROOT, 'test/fixtures/impact/no-op.plan.json'), '--enrich'], { WORKOS_BASE_URL: 'not-a-url' });
    expect(enrich.code).toBe(2);
    expect(enrich.stderr).toContain('workos-rbac: --enrich: Invalid value for "base_url" from WORKOS_BASE_URL: WORKOS_BASE_URL="not-a-url": "base_url" must be an http(s) URL.');
    // The same variables that let the provider through let the command through.
    const allowed = await cli(['resolve', '--organization', 'org_missing'], { WORKOS_BASE_URL: target.url });
    expect(allowed.stderr).not.toContain('base_url');
  });

  test('a second `workos-rbac server` on the same data directory refuses to start, naming the first one\'s pid', async () => {
    requireBuild();
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-e2e-lock-')), 'data');
    const server = (): { pid: number; ready: Promise<string>; exit: Promise<{ code: number | null; stderr: string }>; kill(): void } => {
      const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli.js'), 'server', '--port', '0', '--data-dir', dataDir], {
        env: { ...process.env, WORKOS_API_KEY: API_KEY },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
      const ready = new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d) => {
          stdout += d;
          const m = /^listening on (\S+)$/m.exec(stdout);
          if (m) resolve(m[1]);
        });
        void exit.then((e) => reject(new Error(`exited ${e.code}: ${e.stderr}`)));
      });
      return { pid: child.pid!, ready, exit, kill: () => child.kill('SIGTERM') };
    };
    const first = server();
    await first.ready;
    try {
      const second = server();
      await expect(second.ready).rejects.toThrow('exited 1');
      expect((await second.exit).stderr).toBe(
        `workos-rbac: the data directory ${dataDir} is in use by another control plane (pid ${first.pid}); stop it first, or use another --data-dir. If no control plane runs there, remove ${path.join(dataDir, 'lock')}.\n`,
      );
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const f of fs.readdirSync(dataDir)) expect([f, fs.statSync(path.join(dataDir, f)).mode & 0o777]).toEqual([f, 0o600]);
    } finally {
      first.kill();
      expect((await first.exit).code).toBe(0);
    }
    expect(fs.readdirSync(dataDir).sort()).toEqual(['journal.jsonl', 'state.json']);
  });
});
