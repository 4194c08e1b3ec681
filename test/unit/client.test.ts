/**
 * WorkosClient against the real local control plane (port 0, temp data dir): CRUD, role
 * permissions, pagination, path encoding, typed errors, dashboard capabilities.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AuthenticationError,
  ConflictError,
  NotFoundError,
  UnprocessableEntityError,
  WorkosClient,
  DEFAULT_USER_AGENT,
  path as encodePath,
} from '../../src/client';
import { caught, useControlPlane } from '../helpers/control-plane';
import { collect } from '../helpers/fixtures';

const API_KEY = 'sk_test_client_0123456789abcdef';

describe('WorkosClient against the local control plane', () => {
  const requests: string[] = [];
  const target = useControlPlane({ apiKey: API_KEY, log: (line) => requests.push(line), client: { retryDelay: () => 0 } });
  let client: WorkosClient;
  beforeAll(() => {
    client = target.client;
  });

  test('a fresh environment has the default role `member` and no permissions', async () => {
    expect((await collect(client.roles.list())).map((r) => [r.slug, r.name, r.type])).toEqual([['member', 'Member', 'EnvironmentRole']]);
    expect(await collect(client.permissions.list())).toEqual([]);
  });

  test('permission CRUD, with a slug that needs encoding (`users:*`)', async () => {
    // GIVEN a permission whose slug holds `:` and `*`
    const created = await client.permissions.create({ slug: 'users:*', name: 'All user actions', description: 'Everything on users' });
    expect(created).toMatchObject({ slug: 'users:*', name: 'All user actions', description: 'Everything on users', system: false });
    expect(created.id).toMatch(/^perm_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(created.createdAt).toBe(created.updatedAt);

    // WHEN it is read and updated THEN the path round-trips
    expect(await client.permissions.get('users:*')).toEqual(created);
    const updated = await client.permissions.update('users:*', { description: null });
    expect(updated).toMatchObject({ name: 'All user actions', description: null });
    expect((await client.permissions.update('users:*', { name: 'Users: all' })).name).toBe('Users: all');

    // AND deleting twice: the second is a typed 404 (callers read it as "already gone")
    await client.permissions.delete('users:*');
    expect(await caught(client.permissions.delete('users:*'))).toBeInstanceOf(NotFoundError);
    expect(await caught(client.permissions.get('users:*'))).toMatchObject({ status: 404, code: 'not_found', method: 'GET', path: '/authorization/permissions/users%3A%2A' });
  });

  test('roles: create goes to the bottom, update, set and add permissions', async () => {
    await client.permissions.create({ slug: 'docs:read', name: 'Read docs' });
    await client.permissions.create({ slug: 'docs:write', name: 'Write docs' });
    const editor = await client.roles.create({ slug: 'editor', name: 'Editor' });
    expect(editor).toMatchObject({ slug: 'editor', description: null, type: 'EnvironmentRole', permissions: [] });
    expect(editor.id).toMatch(/^role_[0-9A-HJKMNP-TV-Z]{26}$/);
    await client.roles.create({ slug: 'viewer', name: 'Viewer', description: 'Reads' });
    expect((await collect(client.roles.list())).map((r) => r.slug)).toEqual(['member', 'editor', 'viewer']);

    expect((await client.roles.update('editor', { name: 'Docs editor', description: 'Writes docs' })).description).toBe('Writes docs');
    expect((await client.roles.setPermissions('editor', ['docs:write', 'docs:read', 'docs:write'])).permissions).toEqual(['docs:write', 'docs:read']);
    expect((await client.roles.setPermissions('editor', ['docs:read'])).permissions).toEqual(['docs:read']);
    expect((await client.roles.addPermission('editor', 'docs:write')).permissions).toEqual(['docs:read', 'docs:write']);
    // adding again is a no-op
    expect((await client.roles.addPermission('editor', 'docs:write')).permissions).toEqual(['docs:read', 'docs:write']);

    // deleting a permission removes it from the roles that had it
    await client.permissions.delete('docs:write');
    expect((await client.roles.get('editor')).permissions).toEqual(['docs:read']);
  });

  test('roles.delete (dashboard): members move to the default role; the default role cannot go', async () => {
    expect(await client.capabilities()).toEqual({ deleteEnvironmentRole: true, rolePolicy: true, roleMappings: true, resourceTypes: true, directories: true });
    await client.roles.create({ slug: 'temp', name: 'Temporary' });
    await client.roles.delete('temp');
    expect(await caught(client.roles.get('temp'))).toBeInstanceOf(NotFoundError);
    expect(await caught(client.roles.delete('temp'))).toBeInstanceOf(NotFoundError);
    expect(await caught(client.roles.delete('member'))).toMatchObject({ status: 409, code: 'default_role_cannot_be_deleted' });
  });

  test('typed errors: 401, 409, 422 (naming the field or the unknown slug)', async () => {
    const stranger = new WorkosClient({ baseUrl: target.url, apiKey: 'sk_wrong_key_zzz', retryDelay: () => 0 });
    const unauthorized = await caught(stranger.permissions.get('docs:read'));
    expect(unauthorized).toBeInstanceOf(AuthenticationError);
    expect(unauthorized).toMatchObject({ status: 401, code: 'unauthorized' });
    expect(unauthorized.requestId).toMatch(/^req_/);

    const conflict = await caught(client.permissions.create({ slug: 'docs:read', name: 'Again' }));
    expect(conflict).toBeInstanceOf(ConflictError);
    expect(conflict.code).toBe('permission_slug_conflict');
    expect(await caught(client.roles.create({ slug: 'editor', name: 'Again' }))).toMatchObject({ status: 409, code: 'role_slug_conflict' });

    const invalid = await caught(client.permissions.create({ slug: 'Users:View', name: 'Bad' }));
    expect(invalid).toBeInstanceOf(UnprocessableEntityError);
    expect(invalid.message).toMatch(/slug must contain only lowercase letters/);
    expect((invalid as UnprocessableEntityError).errors).toEqual([expect.objectContaining({ field: 'slug' })]);

    const unknown = await caught(client.roles.setPermissions('editor', ['docs:read', 'nope:nope']));
    expect(unknown).toBeInstanceOf(UnprocessableEntityError);
    expect(unknown.message).toContain("'nope:nope'");
    expect((await client.roles.get('editor')).permissions).toEqual(['docs:read']);
  });

  test('no error exposes the API key', async () => {
    const errors = [
      await caught(client.permissions.get('missing')),
      await caught(new WorkosClient({ baseUrl: target.url, apiKey: 'sk_secret_never_shown', retryDelay: () => 0 }).roles.get('member')),
    ];
    for (const err of errors) {
      const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
      expect(everything).not.toContain(API_KEY);
      expect(everything).not.toContain('sk_secret_never_shown');
    }
    expect(requests.join('\n')).not.toContain(API_KEY);
  });

  test('list follows list_metadata.after over more than one page (limit 100)', async () => {
    const before = (await collect(client.permissions.list())).length;
    for (let i = 0; i < 230; i++) await client.permissions.create({ slug: `bulk:p${String(i).padStart(3, '0')}`, name: `P${i}` });
    requests.length = 0;
    const all = await collect(client.permissions.list());
    expect(all).toHaveLength(before + 230);
    expect(requests.filter((l) => l.startsWith('GET /authorization/permissions 200'))).toHaveLength(3);
    expect(new Set(all.map((p) => p.slug)).size).toBe(all.length);
  });

  test('the path tag encodes every parameter, `*` included', () => {
    const slug = "a:b*c/d e!'()";
    expect(encodePath`/authorization/permissions/${slug}`).toBe("/authorization/permissions/a%3Ab%2Ac%2Fd%20e%21%27%28%29");
  });

  test('the User-Agent carries the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(DEFAULT_USER_AGENT).toBe(`cdktf-workos-rbac/${pkg.version}`);
  });
});
