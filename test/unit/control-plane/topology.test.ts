/**
 * The role topology routes at the HTTP level: wire shapes and status codes, the dashboard's
 * resolve-roles answer, idempotent creates, and a snapshot written before these collections
 * existed still loading.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request } from 'undici';
import { startControlPlane, type ControlPlane } from '../../../src/control-plane';

const KEY = 'sk_test_server_topology_42';

describe('control plane: role topology over HTTP', () => {
  let plane: ControlPlane;
  let dataDir: string;

  async function call(method: string, p: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await request(plane.url + p, {
      method: method as 'GET',
      headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-server-topology-'));
    // A snapshot from before organizations existed: only permissions and roles.
    const at = new Date().toISOString();
    const role = { id: 'role_01JAAAAAAAAAAAAAAAAAAAAAAA', slug: 'member', name: 'Member', description: null, permissions: [], createdAt: at, updatedAt: at };
    fs.writeFileSync(path.join(dataDir, 'state.json'), JSON.stringify({ version: 1, seq: 3, permissions: [], roles: [role], defaultRoleSlug: 'member' }));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: () => {} });
  });
  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('an old snapshot loads; organizations, users and memberships have the spec shapes', async () => {
    expect((await call('GET', '/_dashboard/role-policy')).json).toEqual({ object: 'role_policy', organization_id: null, priority: ['member'], default_role: 'member', multiple_roles: false, inherited: false });
    const org = await call('POST', '/organizations', { name: 'Acme' });
    expect(org).toMatchObject({ status: 201, json: { object: 'organization', id: expect.stringMatching(/^org_/), name: 'Acme', external_id: null, domains: [] } });
    const user = await call('POST', '/user_management/users', { email: 'a@example.com' });
    expect(user).toMatchObject({ status: 201, json: { object: 'user', email: 'a@example.com', first_name: null, email_verified: false } });
    const headers = { 'idempotency-key': 'om-1' };
    const m = await call('POST', '/user_management/organization_memberships', { organization_id: org.json.id, user_id: user.json.id }, headers);
    expect(m).toMatchObject({ status: 201, json: { object: 'organization_membership', role: { slug: 'member' }, roles: [{ slug: 'member' }], status: 'active', user: { id: user.json.id } } });
    expect((await call('POST', '/user_management/organization_memberships', { organization_id: org.json.id, user_id: user.json.id }, headers)).json).toEqual(m.json);
    expect((await call('POST', '/user_management/organization_memberships', { organization_id: org.json.id, user_id: user.json.id })).status).toBe(409);
    expect((await call('POST', '/user_management/organization_memberships', { organization_id: org.json.id, user_id: user.json.id, role_slug: 'member', role_slugs: ['member'] })).status).toBe(422);
    const list = await call('GET', `/user_management/organization_memberships?organization_id=${org.json.id}`);
    expect(list.json).toMatchObject({ object: 'list', data: [{ id: m.json.id }], list_metadata: { before: null, after: null } });
    expect((await call('DELETE', `/user_management/organization_memberships/${m.json.id}`)).status).toBe(200);
    expect((await call('DELETE', `/user_management/users/${user.json.id}`)).status).toBe(200);
    expect((await call('DELETE', `/organizations/${org.json.id}`)).status).toBe(202);
    expect((await call('GET', `/organizations/${org.json.id}`)).json).toMatchObject({ code: 'not_found' });
  });

  test('organization role without a slug gets org-<name>-<suffix>; 404 for an unknown organization', async () => {
    const org = (await call('POST', '/organizations', { name: 'Globex' })).json;
    const r = await call('POST', `/authorization/organizations/${org.id}/roles`, { name: 'Billing Admins' });
    expect(r).toMatchObject({ status: 201, json: { object: 'role', type: 'OrganizationRole', slug: expect.stringMatching(/^org-billing-admins-[0-9a-f]{8}$/) } });
    const bad = await call('POST', `/authorization/organizations/${org.id}/roles`, { slug: 'billing', name: 'B' });
    expect(bad).toMatchObject({ status: 422, json: { code: 'invalid_request_parameters', errors: [{ field: 'slug' }] } });
    expect((await call('GET', '/authorization/organizations/org_nope/roles')).status).toBe(404);
    expect((await call('DELETE', `/authorization/organizations/${org.id}/roles/${r.json.slug}`)).status).toBe(204);
  });

  test('resolve-roles answers {roles, reasons, dropped}; a cycle names parent_types', async () => {
    const org = (await call('POST', '/organizations', { name: 'Initech' })).json;
    await call('POST', '/authorization/roles', { slug: 'engineer', name: 'Engineer' });
    await call('POST', `/_dashboard/organizations/${org.id}/role-mappings`, { kind: 'directory', group: 'Eng', roles: ['engineer'], mode: 'additive' });
    const r = await call('POST', `/_dashboard/organizations/${org.id}/resolve-roles`, { directory_groups: ['Eng'] });
    expect(r).toEqual({
      status: 200,
      json: { roles: ['engineer'], reasons: [{ role: 'engineer', source: 'directory', mapping: expect.stringContaining('"Eng"'), rule: expect.stringContaining('additive') }], dropped: [] },
    });
    expect((await call('POST', '/_dashboard/resolve-roles', {})).json.roles).toEqual(['member']);
    expect((await call('POST', `/_dashboard/organizations/${org.id}/role-mappings`, { kind: 'attribute', group: 'myRole', roles: ['engineer'] })).json.errors).toEqual([
      { field: 'value', code: 'required' },
    ]);

    await call('POST', '/_dashboard/resource-types', { slug: 'a', name: 'A' });
    await call('POST', '/_dashboard/resource-types', { slug: 'b', name: 'B', parent_types: ['a'] });
    const cycle = await call('PATCH', '/_dashboard/resource-types/a', { parent_types: ['b'] });
    expect(cycle).toMatchObject({ status: 422, json: { errors: [{ field: 'parent_types', code: 'cycle' }] } });
    expect((await call('POST', '/_dashboard/resource-types', { slug: 'c', name: 'C', parent_types: ['c'] })).json.errors).toEqual([{ field: 'parent_types', code: 'cycle' }]);
    expect((await call('DELETE', '/_dashboard/resource-types/a')).json).toMatchObject({ code: 'resource_type_in_use' });
  });

  test("a directory mapping's source_id must name a directory of its organization; nothing is created otherwise", async () => {
    const [acme, globex] = [(await call('POST', '/organizations', { name: 'Dir Acme' })).json, (await call('POST', '/organizations', { name: 'Dir Globex' })).json];
    await call('POST', '/authorization/roles', { slug: 'viewer', name: 'Viewer' });
    const own = (await call('POST', '/_dashboard/directories', { organization_id: acme.id, name: 'Okta' })).json;
    const other = (await call('POST', '/_dashboard/directories', { organization_id: globex.id, name: 'Entra' })).json;
    const create = (sourceId: string) => call('POST', `/_dashboard/organizations/${acme.id}/role-mappings`, { kind: 'directory', source_id: sourceId, group: 'Eng', roles: ['viewer'] });

    expect(await create('directory_01TYPO')).toEqual({
      status: 422,
      json: {
        code: 'invalid_request_parameters',
        message: `Validation failed: source_id must name a directory of organization '${acme.id}': no directory 'directory_01TYPO' exists.`,
        errors: [{ field: 'source_id', code: 'not_found' }],
      },
    });
    expect(await create(other.id)).toEqual({
      status: 422,
      json: {
        code: 'invalid_request_parameters',
        message: `Validation failed: source_id must name a directory of organization '${acme.id}': '${other.id}' is a directory of organization '${globex.id}', not of '${acme.id}'.`,
        errors: [{ field: 'source_id', code: 'not_found' }],
      },
    });
    expect((await call('GET', `/_dashboard/organizations/${acme.id}/role-mappings`)).json.data).toEqual([]);

    const good = await create(own.id);
    expect(good).toMatchObject({ status: 201, json: { kind: 'directory', source_id: own.id, group: 'Eng', roles: ['viewer'] } });
    // An SSO mapping's source_id is a connection id: not a directory, not checked.
    const sso = await call('POST', `/_dashboard/organizations/${acme.id}/role-mappings`, { kind: 'sso', source_id: 'conn_01ANY', group: 'Eng', roles: ['viewer'] });
    expect(sso).toMatchObject({ status: 201, json: { kind: 'sso', source_id: 'conn_01ANY' } });
    expect((await call('GET', `/_dashboard/organizations/${acme.id}/role-mappings`)).json.data.map((m: { id: string }) => m.id)).toEqual([good.json.id, sso.json.id]);
  });
});
