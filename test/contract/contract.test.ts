/**
 * Contract tests: every request the client sends and every response the local control plane
 * returns, for every WorkOS endpoint the product calls, validated against the operation in
 * WorkOS's published OpenAPI spec. Keeps the client and the control plane honest towards
 * WorkOS rather than only towards each other.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkosClient } from '../../src/client';
import { startControlPlane } from '../../src/server';
import { OpenApiContract, type Exchange } from './openapi';
import { startRecorder, type Recorder } from './recorder';

const API_KEY = 'sk_test_contract_0123456789';

/** The WorkOS operations the product calls (provider handlers through the client). */
const PRODUCT_OPERATIONS = [
  'AuthorizationPermissionsController_list',
  'AuthorizationPermissionsController_create',
  'AuthorizationPermissionsController_find',
  'AuthorizationPermissionsController_update',
  'AuthorizationPermissionsController_delete',
  'AuthorizationRolesController_list',
  'AuthorizationRolesController_create',
  'AuthorizationRolesController_get',
  'AuthorizationRolesController_update',
  'AuthorizationRolePermissionsController_setPermissions',
  'AuthorizationRolePermissionsController_addPermission',
];

async function expectRejection(p: Promise<unknown>): Promise<void> {
  await expect(p).rejects.toBeInstanceOf(Error);
}

describe('WorkOS OpenAPI contract', () => {
  const contract = new OpenApiContract();
  let server: Awaited<ReturnType<typeof startControlPlane>>;
  let recorder: Recorder;
  let client: WorkosClient;

  beforeAll(async () => {
    server = await startControlPlane({ port: 0, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-contract-')), apiKey: API_KEY, log: () => {} });
    recorder = await startRecorder(server.url);
    client = new WorkosClient({ baseUrl: recorder.url, apiKey: API_KEY, maxRetries: 0 });

    // GIVEN a session that calls every endpoint the product uses, including error answers.
    await client.permissions.create({ slug: 'users:view', name: 'View users', description: 'List and read users' });
    await client.permissions.create({ slug: 'users:*', name: 'All user actions' });
    await expectRejection(client.permissions.create({ slug: 'users:view', name: 'Again' })); // 409
    await client.permissions.get('users:*');
    await expectRejection(client.permissions.get('nope:nope')); // 404
    await client.permissions.update('users:view', { name: 'See users', description: null });
    for await (const p of client.permissions.list()) void p;
    await client.roles.create({ slug: 'viewer', name: 'Viewer' });
    await expectRejection(client.roles.create({ slug: 'viewer', name: 'Again' })); // 409
    await client.roles.get('viewer');
    await client.roles.update('viewer', { description: 'Read-only' });
    await client.roles.setPermissions('viewer', ['users:view']);
    await expectRejection(client.roles.setPermissions('viewer', ['missing:perm'])); // 422
    await client.roles.addPermission('viewer', 'users:*');
    for await (const r of client.roles.list()) void r;
    await client.permissions.delete('users:*');
  });

  afterAll(async () => {
    await recorder?.close();
    await server?.close();
  });

  const publicExchanges = (): Exchange[] => recorder.exchanges.filter((x) => !x.url.startsWith('/_dashboard/'));

  test('every request and response conforms to its WorkOS operation', () => {
    const problems = publicExchanges().flatMap((x) => contract.check(x));
    expect(problems).toEqual([]);
  });

  test('every endpoint the product calls was exercised, with success and error answers', () => {
    const seen = new Set(publicExchanges().map((x) => contract.operation(x.method, new URL(x.url, 'http://x').pathname)?.operationId));
    expect(PRODUCT_OPERATIONS.filter((op) => !seen.has(op))).toEqual([]);
    const statuses = new Set(publicExchanges().map((x) => x.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 201, 204, 404, 409, 422]));
  });

  test('only /_dashboard/ paths fall outside the spec', () => {
    const outside = recorder.exchanges.filter((x) => contract.operation(x.method, new URL(x.url, 'http://x').pathname) === null).map((x) => new URL(x.url, 'http://x').pathname);
    expect(outside.every((p) => p.startsWith('/_dashboard/'))).toBe(true);
  });

  describe('a deliberate mismatch fails', () => {
    const role = () => structuredClone(recorder.exchanges.find((x) => x.method === 'GET' && x.url === '/authorization/roles/viewer' && x.status === 200)!);

    test('a response missing a required field', () => {
      const x = role();
      delete (x.responseBody as Record<string, unknown>).permissions;
      expect(contract.check(x)).toEqual([expect.stringMatching(/AuthorizationRolesController_get.*response 200.*permissions/)]);
    });

    test('a response with a wrong type', () => {
      const x = role();
      (x.responseBody as Record<string, unknown>).object = 'permission';
      expect(contract.check(x).join('\n')).toMatch(/\/object/);
    });

    test('a request body the operation does not take, and an undeclared query parameter', () => {
      const create: Exchange = { method: 'POST', url: '/authorization/permissions?dry_run=1', requestBody: { name: 'No slug' }, status: 201, responseBody: undefined };
      const problems = contract.check(create).join('\n');
      expect(problems).toMatch(/query parameter "dry_run"/);
      expect(problems).toMatch(/request.*slug/);
    });

    test('an undocumented status and an unknown path', () => {
      expect(contract.check({ method: 'DELETE', url: '/authorization/roles/viewer', requestBody: undefined, status: 204, responseBody: undefined })).toEqual([
        expect.stringMatching(/no such operation/),
      ]);
      const x = role();
      expect(contract.check({ ...x, status: 418 })).toEqual([expect.stringMatching(/status 418 is not a documented response/)]);
    });
  });
});
