/**
 * `workos-rbac role-changes` and `client.events`: who got which role, when and why, read from
 * the local control plane's event log over real HTTP (sign-ins, a mapping change, the API).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkosClient } from '../../src/client';
import { startControlPlane, type ControlPlane } from '../../src/control-plane';
import { listRoleChanges, parseRoleChangesArgs, parseSince, renderRoleChanges, RoleChangesUsageError } from '../../src/role-changes';
import { collect } from '../helpers/fixtures';

const API_KEY = 'sk_test_role_changes_0123456789';

describe('role changes from the event log', () => {
  let plane: ControlPlane;
  let client: WorkosClient;
  let dataDir: string;
  let orgId: string;

  const signIn = async (email: string, groups: string[]) => {
    const res = await fetch(`${plane.url}/_dashboard/sso/sign-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ organization_id: orgId, email, groups }),
    });
    return { status: res.status, body: (await res.json()) as { organization_membership: { id: string; roles: Array<{ slug: string }>; role_sources: unknown[] } } };
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-role-changes-'));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: () => {} });
    client = new WorkosClient({ baseUrl: plane.url, apiKey: API_KEY, retryDelay: () => 0 });
    await client.roles.create({ slug: 'admin', name: 'Admin' });
    await client.roles.create({ slug: 'viewer', name: 'Viewer' });
    await client.rolePolicy.update(null, { priority: ['admin', 'viewer', 'member'] });
    orgId = (await client.organizations.create({ name: 'Acme' })).id;
    await client.roleMappings.create({ kind: 'sso', organizationId: orgId, sourceId: null, group: 'Admins', value: null, roles: ['admin'], mode: null });
  });

  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a sign-in JIT-provisions the membership with the SSO-mapped role, and says why', async () => {
    const { status, body } = await signIn('ada@acme.test', ['Admins']);
    expect(status).toBe(200);
    expect(body.organization_membership.roles).toEqual([{ slug: 'admin' }]);
    expect(body.organization_membership.role_sources).toEqual([
      { role: 'admin', source: 'sso', mapping: 'SSO group "Admins" → admin', rule: 'highest priority among exclusive matches (no directory mapping matched)' },
    ]);
  });

  test('bad sign-in input: 422 naming the field, and nobody is provisioned', async () => {
    const res = await fetch(`${plane.url}/_dashboard/sso/sign-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ organization_id: orgId, email: 'not-an-email', groups: ['Admins'] }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([{ field: 'email', code: 'invalid_format' }]);
    expect((await collect(client.users.list())).map((u) => u.email)).toEqual(['ada@acme.test']);
  });

  test('a mapping change re-resolves the signed-in member; every change is listed oldest first with its cause', async () => {
    await signIn('bo@acme.test', ['Staff']);
    const mappings = await collect(client.roleMappings.list(orgId));
    await client.roleMappings.update(mappings[0].id, { roles: ['viewer'] });

    const { changes, withoutCause } = await listRoleChanges(client.events, parseRoleChangesArgs(['--organization', orgId]));
    expect(withoutCause).toBe(0);
    expect(changes.map((c) => [c.userEmail, c.before, c.after, c.cause])).toEqual([
      ['ada@acme.test', [], ['admin'], 'signed in through SSO'],
      ['bo@acme.test', [], ['member'], 'signed in through SSO'],
      ['ada@acme.test', ['admin'], ['viewer'], 'SSO group mapping "Admins" changed'],
    ]);
    expect(changes[2].sources).toEqual([{ role: 'viewer', source: 'sso', mapping: 'SSO group "Admins" → viewer', rule: 'highest priority among exclusive matches (no directory mapping matched)' }]);

    const text = renderRoleChanges({ changes: changes.filter((c) => c.userEmail === 'ada@acme.test'), withoutCause: 0 });
    expect(text.split('\n').map((l) => l.replace(/^\S+ {2}/, 'TIME  '))).toEqual([
      'TIME  ada@acme.test in Acme: (none) → admin',
      '    because signed in through SSO',
      '    admin: SSO group "Admins" → admin (highest priority among exclusive matches (no directory mapping matched))',
      'TIME  ada@acme.test in Acme: admin → viewer',
      '    because SSO group mapping "Admins" changed',
      '    viewer: SSO group "Admins" → viewer (highest priority among exclusive matches (no directory mapping matched))',
      '',
    ]);
  });

  test('--user and --since filter; other events (user.created) are not role changes', async () => {
    const bo = await listRoleChanges(client.events, parseRoleChangesArgs(['--user', 'BO@acme.test']));
    expect(bo.changes.map((c) => c.after)).toEqual([['member']]);
    expect(await listRoleChanges(client.events, parseRoleChangesArgs(['--since', '2999-01-01T00:00:00Z']))).toEqual({ changes: [], withoutCause: 0 });
    const all = await collect(client.events.list());
    expect(all.filter((e) => e.event === 'user.created')).toHaveLength(2);
  });
});

test('membership events without a role change record (real WorkOS) are counted and explained, not dropped silently', async () => {
  const wire = { id: 'om_1', organization_id: 'org_1', user_id: 'user_1', status: 'active', role: { slug: 'admin' } };
  const events = {
    async *list() {
      yield { id: 'event_1', event: 'organization_membership.updated', data: wire, createdAt: '2026-12-01T00:00:00.000Z' };
    },
  };
  const list = await listRoleChanges(events, parseRoleChangesArgs([]));
  expect(list).toEqual({ changes: [], withoutCause: 1 });
  expect(renderRoleChanges(list)).toBe(
    'No role changes recorded.\n1 membership event from the target carries no role change record (real WorkOS says that a membership changed, not from which roles or why; the local control plane records both).\n',
  );
});

describe('parseRoleChangesArgs', () => {
  const NOW = Date.parse('2026-12-02T12:00:00Z');
  test('durations count back from now; ISO times are normalised', () => {
    expect(parseSince('12h', NOW)).toBe('2026-12-02T00:00:00.000Z');
    expect(parseSince('7d', NOW)).toBe('2026-11-25T12:00:00.000Z');
    expect(parseSince('2026-12-01T10:00:00+01:00', NOW)).toBe('2026-12-01T09:00:00.000Z');
    expect(parseRoleChangesArgs(['--format', 'json', '--since', '30m'], NOW)).toEqual({ format: 'json', since: '2026-12-02T11:30:00.000Z' });
  });

  test.each([
    [['--since', 'yesterday'], /--since must be an ISO-8601 time or a duration/],
    [['--format', 'yaml'], /--format must be text or json/],
    [['--organization'], /--organization needs a value/],
    [['--org', 'x'], /unknown option "--org"/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseRoleChangesArgs(argv as string[], NOW)).toThrow(RoleChangesUsageError);
    expect(() => parseRoleChangesArgs(argv as string[], NOW)).toThrow(message);
  });
});
