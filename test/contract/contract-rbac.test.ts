/**
 * Contract tests, environment RBAC: permissions and environment roles. A session drives every
 * public request these WorkosClient groups can send (success and documented error answers)
 * through the recording proxy; every exchange is validated against the operation in WorkOS's
 * published OpenAPI spec, both ways. Keeps the client and the local control plane honest
 * towards WorkOS rather than only towards each other.
 *
 * Also the completeness checks of the whole suite: every client API group is classified
 * (public RBAC, public topology, dashboard-only) and PRODUCT_OPERATIONS names real operations.
 */
import { WorkosClient } from '../../src/client';
import { OpenApiContract, type Exchange } from './openapi';
import {
  API_KEY,
  apiGroups,
  CLIENT_GROUPS,
  contractProblems,
  DEVIATIONS,
  drain,
  expectError,
  publicExchanges,
  uncalledMethods,
  operationIdOf,
  PRODUCT_OPERATIONS,
  RBAC_OPERATIONS,
  startSession,
  type Session,
} from './session';

describe('WorkOS OpenAPI contract: permissions and environment roles', () => {
  let s: Session;

  beforeAll(async () => {
    s = await startSession();
    const c = s.client;

    // Permissions.
    await c.permissions.create({ slug: 'users:view', name: 'View users', description: 'List and read users' });
    await c.permissions.create({ slug: 'users:*', name: 'All user actions' });
    await c.permissions.create({ slug: 'users:gone', name: 'Deleted below' });
    await expectError(c.permissions.create({ slug: 'users:view', name: 'Again' }), 409, 'permission_slug_conflict');
    await expectError(c.permissions.create({ slug: 'Not A Slug', name: 'Bad' }), 422);
    await c.permissions.get('users:*');
    await expectError(c.permissions.get('nope:nope'), 404);
    await c.permissions.update('users:view', { name: 'See users', description: null });
    await expectError(c.permissions.update('users:view', { name: '' }), 422);
    await expectError(c.permissions.update('nope:nope', { name: 'X' }), 404);
    await drain(c.permissions.list());
    await c.permissions.delete('users:gone');
    await expectError(c.permissions.delete('users:gone'), 404);

    // Environment roles.
    await c.roles.create({ slug: 'viewer', name: 'Viewer' });
    await c.roles.create({ slug: 'temp', name: 'Temporary' });
    await expectError(c.roles.create({ slug: 'viewer', name: 'Again' }), 409, 'role_slug_conflict');
    await expectError(c.roles.create({ slug: 'org-viewer', name: 'Reserved prefix' }), 422);
    await c.roles.get('viewer');
    await expectError(c.roles.get('nope'), 404);
    await c.roles.update('viewer', { description: 'Read-only' });
    await expectError(c.roles.update('viewer', { name: '' }), 422);
    await expectError(c.roles.update('nope', { name: 'X' }), 404);
    await c.roles.setPermissions('viewer', ['users:view']);
    await expectError(c.roles.setPermissions('viewer', ['missing:perm']), 422);
    await expectError(c.roles.setPermissions('nope', []), 404);
    await c.roles.addPermission('viewer', 'users:*');
    await expectError(c.roles.addPermission('viewer', 'missing:perm'), 422);
    await expectError(c.roles.addPermission('nope', 'users:*'), 404);
    await drain(c.roles.list());
    // Dashboard-only in WorkOS: outside the spec by design.
    await c.roles.delete('temp');
    await c.permissions.delete('users:*');
  }, 20_000);

  afterAll(async () => {
    await s?.close();
  });


  test('every request and response conforms to its WorkOS operation (known deviations aside)', () => {
    expect(contractProblems(s.contract, publicExchanges(s)).problems).toEqual([]);
  });

  test('every RBAC method of the client was called', () => {
    expect(uncalledMethods(s, CLIENT_GROUPS.rbac)).toEqual([]);
  });

  test('every RBAC operation was exercised, and no other public one', () => {
    const seen = new Set(publicExchanges(s).map((x) => operationIdOf(s.contract, x)));
    expect(RBAC_OPERATIONS.filter((op) => !seen.has(op))).toEqual([]);
    expect([...seen].filter((op) => !(RBAC_OPERATIONS as readonly (string | undefined)[]).includes(op))).toEqual([]);
  });

  test('error answers: 404, 409 and 422 came back', () => {
    const statuses = new Set(publicExchanges(s).map((x) => x.status));
    expect([...statuses]).toEqual(expect.arrayContaining([200, 201, 204, 404, 409, 422]));
  });

  test('only /_dashboard/ paths fall outside the spec', () => {
    const outside = s.recorder.exchanges.filter((x) => operationIdOf(s.contract, x) === undefined);
    expect(outside.map((x) => `${x.method} ${x.url}`)).toEqual(['DELETE /_dashboard/roles/temp']);
  });

  test('every allow-listed deviation is still needed', () => {
    const { used } = contractProblems(s.contract, publicExchanges(s));
    const mine = DEVIATIONS.filter((d) => (RBAC_OPERATIONS as readonly string[]).includes(d.operationId));
    expect(mine.filter((d) => !used.has(d)).map((d) => `${d.operationId} ${d.status}`)).toEqual([]);
  });

  describe('a deliberate mismatch fails', () => {
    const role = () => structuredClone(s.recorder.exchanges.find((x) => x.method === 'GET' && x.url === '/authorization/roles/viewer' && x.status === 200)!);

    test('a response missing a required field', () => {
      const x = role();
      delete (x.responseBody as Record<string, unknown>).permissions;
      expect(s.contract.check(x)).toEqual([expect.stringMatching(/AuthorizationRolesController_get.*response 200.*permissions/)]);
    });

    test('a response with a wrong type', () => {
      const x = role();
      (x.responseBody as Record<string, unknown>).object = 'permission';
      expect(s.contract.check(x).join('\n')).toMatch(/\/object/);
    });

    test('a request body the operation does not take, and an undeclared query parameter', () => {
      const create: Exchange = { method: 'POST', url: '/authorization/permissions?dry_run=1', requestBody: { name: 'No slug' }, status: 201, responseBody: undefined };
      const problems = s.contract.check(create).join('\n');
      expect(problems).toMatch(/query parameter "dry_run"/);
      expect(problems).toMatch(/request.*slug/);
    });

    test('an undocumented status and an unknown path', () => {
      expect(s.contract.check({ method: 'DELETE', url: '/authorization/roles/viewer', requestBody: undefined, status: 204, responseBody: undefined })).toEqual([
        expect.stringMatching(/no such operation/),
      ]);
      const x = role();
      expect(s.contract.check({ ...x, status: 418 })).toEqual([expect.stringMatching(/status 418 is not a documented response/)]);
    });

    test('an allow-listed deviation covers only its own operation, status and code', () => {
      const conflict = (url: string, code: string): Exchange => ({ method: 'POST', url, requestBody: undefined, status: 409, responseBody: { code, message: 'x' } });
      const assign = '/authorization/organization_memberships/om_1/role_assignments';
      expect(contractProblems(s.contract, [conflict(assign, 'role_assignment_already_exists')]).problems.join('\n')).not.toMatch(/status 409/);
      expect(contractProblems(s.contract, [conflict(assign, 'something_else')]).problems.join('\n')).toMatch(/assignRole.*status 409 is not a documented response/);
      expect(contractProblems(s.contract, [conflict('/user_management/organization_memberships', 'role_assignment_already_exists')]).problems.join('\n')).toMatch(
        /MembershipsController_create.*status 409 is not a documented response/,
      );
    });
  });
});

describe('PRODUCT_OPERATIONS and the client', () => {
  test('every API group of WorkosClient is classified as RBAC, topology, Directory Sync or dashboard-only', () => {
    const client = new WorkosClient({ baseUrl: 'http://127.0.0.1:1', apiKey: API_KEY });
    const groups = apiGroups(client).map(([g]) => g);
    const classified: string[] = [...CLIENT_GROUPS.rbac, ...CLIENT_GROUPS.topology, ...CLIENT_GROUPS.directorySync, ...CLIENT_GROUPS.dashboard];
    expect(groups.filter((g) => !classified.includes(g))).toEqual([]);
    expect(classified.filter((g) => !groups.includes(g))).toEqual([]);
  });

  test('PRODUCT_OPERATIONS are distinct operations of the spec', () => {
    expect(new Set(PRODUCT_OPERATIONS).size).toBe(PRODUCT_OPERATIONS.length);
    const contract = new OpenApiContract();
    expect(PRODUCT_OPERATIONS.filter((op) => !contract.hasOperation(op))).toEqual([]);
  });

  test('every deviation names a product operation and gives a reason', () => {
    expect(DEVIATIONS.filter((d) => !PRODUCT_OPERATIONS.includes(d.operationId) || d.reason.length < 40)).toEqual([]);
  });
});
