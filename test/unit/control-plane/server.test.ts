/**
 * The local control plane at the HTTP level: wire shapes and status codes as in
 * @workos/openapi-spec, auth, routing, validation errors, pagination, idempotent creates,
 * the dashboard routes, request logging.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';
import { startControlPlane, type ControlPlane } from '../../../src/control-plane';

const KEY = 'sk_test_server_0123456789';

describe('control plane HTTP API', () => {
  let plane: ControlPlane;
  let dataDir: string;
  const log: string[] = [];

  async function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await request(plane.url + p, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-server-'));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: (l) => log.push(l) });
  });
  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('binds 127.0.0.1 on an ephemeral port', () => {
    expect(plane.url).toBe(`http://127.0.0.1:${plane.port}`);
    expect(plane.port).toBeGreaterThan(0);
  });

  test('401 without the right bearer key, on every route, unknown ones included', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: KEY }]) {
      const res = await request(`${plane.url}/authorization/roles`, { headers });
      expect(res.statusCode).toBe(401);
      expect(await res.body.json()).toEqual({ code: 'unauthorized', message: expect.any(String) });
    }
    expect((await request(`${plane.url}/nowhere`)).statusCode).toBe(401);
  });

  test('permission create is 201 with the spec shape; get, patch; delete is 204 with no body', async () => {
    const created = await call('POST', '/authorization/permissions', { slug: 'users:view', name: 'View users' });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      object: 'permission',
      id: expect.stringMatching(/^perm_[0-9A-HJKMNP-TV-Z]{26}$/),
      slug: 'users:view',
      name: 'View users',
      description: null,
      system: false,
      resource_type_slug: 'organization',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      updated_at: created.json.created_at,
    });
    expect((await call('GET', '/authorization/permissions/users%3Aview')).json).toEqual(created.json);
    const patched = await call('PATCH', '/authorization/permissions/users:view', { description: 'Read users' });
    expect(patched).toMatchObject({ status: 200, json: { name: 'View users', description: 'Read users' } });
    const deleted = await call('DELETE', '/authorization/permissions/users%3Aview');
    expect(deleted.status).toBe(204);
    expect(deleted.json).toBeUndefined();
    expect(await call('GET', '/authorization/permissions/users%3Aview')).toMatchObject({ status: 404, json: { code: 'not_found' } });
  });

  test('roles: member first, new roles at the bottom, RoleList is {object, data} only', async () => {
    const r = await call('POST', '/authorization/roles', { slug: 'admin', name: 'Admin', description: 'All' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ object: 'role', slug: 'admin', type: 'EnvironmentRole', resource_type_slug: 'organization', permissions: [] });
    await call('POST', '/authorization/roles', { slug: 'viewer', name: 'Viewer' });
    const list = await call('GET', '/authorization/roles');
    expect(Object.keys(list.json)).toEqual(['object', 'data']);
    expect(list.json.data.map((x: { slug: string }) => x.slug)).toEqual(['member', 'admin', 'viewer']);
    expect(list.json.data[0]).toMatchObject({ slug: 'member', name: 'Member', description: null });
  });

  test('409 conflicts, 422 validation with errors[], 400 malformed JSON, 404/405 routes', async () => {
    await call('POST', '/authorization/permissions', { slug: 'a:b', name: 'A' });
    expect(await call('POST', '/authorization/permissions', { slug: 'a:b', name: 'A' })).toMatchObject({ status: 409, json: { code: 'permission_slug_conflict' } });
    expect(await call('POST', '/authorization/roles', { slug: 'admin', name: 'A' })).toMatchObject({ status: 409, json: { code: 'role_slug_conflict' } });

    const bad = await call('POST', '/authorization/roles', { slug: 'Bad Slug', description: 'x'.repeat(151) });
    expect(bad.status).toBe(422);
    expect(bad.json.code).toBe('invalid_request_parameters');
    expect(bad.json.errors).toEqual([
      { field: 'slug', code: 'invalid_format' },
      { field: 'name', code: 'required' },
      { field: 'description', code: 'too_big' },
    ]);
    expect(bad.json.message).toMatch(/slug must contain only lowercase letters.*name is required.*description must be at most 150/);
    expect((await call('POST', '/authorization/roles', { slug: 'org-x', name: 'X' })).status).toBe(422);
    expect((await call('POST', '/authorization/permissions', { slug: 'x:y', name: 'X', resource_type_slug: 'document' })).json.errors).toEqual([
      { field: 'resource_type_slug', code: 'not_found' },
    ]);
    expect((await call('POST', '/authorization/permissions', [1, 2])).json).toMatchObject({ errors: [{ field: 'body' }] });

    expect(await call('POST', '/authorization/permissions', '{"slug": ')).toMatchObject({ status: 400, json: { code: 'bad_request' } });
    expect(await call('GET', '/authorization/nothing')).toMatchObject({ status: 404, json: { code: 'not_found' } });
    const wrong = await call('DELETE', '/authorization/roles/admin');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET, PATCH');
  });

  test('set permissions: unknown slugs are a 422 naming them; nothing changes', async () => {
    await call('POST', '/authorization/permissions', { slug: 'c:d', name: 'C' });
    const set = await call('PUT', '/authorization/roles/admin/permissions', { permissions: ['a:b', 'c:d'] });
    expect(set).toMatchObject({ status: 200, json: { permissions: ['a:b', 'c:d'] } });
    const unknown = await call('PUT', '/authorization/roles/admin/permissions', { permissions: ['a:b', 'x:1', 'x:2'] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.message).toContain("'x:1', 'x:2'");
    expect(unknown.json.errors).toEqual([
      { field: 'permissions[1]', code: 'not_found' },
      { field: 'permissions[2]', code: 'not_found' },
    ]);
    expect((await call('POST', '/authorization/roles/admin/permissions', { slug: 'nope' })).status).toBe(422);
    expect((await call('POST', '/authorization/roles/ghost/permissions', { slug: 'a:b' })).status).toBe(404);
    expect((await call('GET', '/authorization/roles/admin')).json.permissions).toEqual(['a:b', 'c:d']);
    // deleting a permission takes it out of the role
    await call('DELETE', '/authorization/permissions/a%3Ab');
    expect((await call('GET', '/authorization/roles/admin')).json.permissions).toEqual(['c:d']);
  });

  test('dashboard: capabilities, role deletion, the default role stays', async () => {
    expect(await call('GET', '/_dashboard/capabilities')).toMatchObject({ status: 200, json: { delete_environment_role: true } });
    expect((await call('DELETE', '/_dashboard/roles/viewer')).status).toBe(204);
    expect((await call('DELETE', '/_dashboard/roles/viewer')).status).toBe(404);
    expect(await call('DELETE', '/_dashboard/roles/member')).toMatchObject({ status: 409, json: { code: 'default_role_cannot_be_deleted' } });
    // the public API has no role deletion
    expect((await call('DELETE', '/authorization/roles/admin')).status).toBe(405);
  });

  test('an Idempotency-Key replays the first answer instead of a 409', async () => {
    const headers = { 'idempotency-key': 'k-123' };
    const first = await call('POST', '/authorization/permissions', { slug: 'idem:one', name: 'One' }, headers);
    const again = await call('POST', '/authorization/permissions', { slug: 'idem:one', name: 'One' }, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect((await call('POST', '/authorization/permissions', { slug: 'idem:two', name: 'Two' }, headers)).status).toBe(400);
  });

  test('pagination: limit, after/before cursors, asc and desc (the default)', async () => {
    for (let i = 0; i < 5; i++) await call('POST', '/authorization/permissions', { slug: `page:${i}`, name: `P${i}` });
    const all = (await call('GET', '/authorization/permissions?limit=100&order=asc')).json.data.map((p: { slug: string }) => p.slug);
    const desc = (await call('GET', '/authorization/permissions?limit=100')).json.data.map((p: { slug: string }) => p.slug);
    expect(desc).toEqual([...all].reverse());

    const p1 = (await call('GET', '/authorization/permissions?limit=2&order=asc')).json;
    expect(p1.list_metadata).toEqual({ before: null, after: p1.data[1].id });
    const p2 = (await call('GET', `/authorization/permissions?limit=2&order=asc&after=${p1.list_metadata.after}`)).json;
    expect(p2.data.map((p: { slug: string }) => p.slug)).toEqual(all.slice(2, 4));
    expect(p2.list_metadata.before).toBe(p2.data[0].id);
    const back = (await call('GET', `/authorization/permissions?limit=2&order=asc&before=${p2.list_metadata.before}`)).json;
    expect(back.data.map((p: { slug: string }) => p.slug)).toEqual(all.slice(0, 2));

    expect(await call('GET', '/authorization/permissions?limit=101')).toMatchObject({ status: 422, json: { errors: [{ field: 'limit' }] } });
  });

  test('logs one line per request (method, path, status, ms) and never the key', () => {
    expect(log.length).toBeGreaterThan(10);
    for (const line of log) expect(line).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/\S* \d{3} \d+\.\dms$/);
    expect(log.join('\n')).not.toContain(KEY);
  });
});
