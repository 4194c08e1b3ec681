/**
 * Contract tests, Directory Sync reads: every request `client.directoryUsers`,
 * `client.directoryGroups` and `client.events` can send (success and not-found), against a control plane whose
 * directory holds users and groups (seeded as the SCIM endpoints commit them:
 * test/helpers/directory-seed.ts), through the recording proxy; every exchange is validated
 * against WorkOS's OpenAPI spec, both ways.
 */
import { seedOrganizationDirectory } from '../helpers/directory-seed';
import {
  CLIENT_GROUPS,
  contractProblems,
  DIRECTORY_SYNC_OPERATIONS,
  drain,
  expectError,
  operationIdOf,
  publicExchanges,
  startSession,
  uncalledMethods,
  type Session,
} from './session';

describe('WorkOS OpenAPI contract: Directory Sync reads', () => {
  let s: Session;

  beforeAll(async () => {
    let seeded: ReturnType<typeof seedOrganizationDirectory> | undefined;
    s = await startSession(undefined, (dataDir) => {
      seeded = seedOrganizationDirectory(dataDir, 'Acme', {
        users: [{ email: 'alice@acme.example', customAttributes: { department: 'R&D' } }, { email: 'carol@acme.example', active: false }],
        groups: [{ name: 'Engineering', idpId: '00gEng', members: ['alice@acme.example', 'carol@acme.example'] }],
      });
    });
    const { organizationId, directoryId, users, groups } = seeded!;
    const c = s.client;
    const alice = users.get('alice@acme.example')!;
    const engineering = groups.get('Engineering')!;

    await drain(c.directoryUsers.list({ directoryId }));
    await drain(c.directoryUsers.list({ groupId: engineering }));
    await c.directoryUsers.get(alice);
    await expectError(c.directoryUsers.get('directory_user_01NOSUCHUSER0000000000'), 404);
    await drain(c.directoryGroups.list({ directoryId }));
    await drain(c.directoryGroups.list({ userId: alice }));
    await drain(c.directoryGroups.list({ organizationId }));
    await c.directoryGroups.directoriesOf(organizationId);
    await c.directoryGroups.get(engineering);
    await expectError(c.directoryGroups.get('directory_group_01NOSUCHGROUP000000000'), 404);
    await drain(c.events.list());
    await drain(c.events.list({ events: ['dsync.user.created'], organizationId, rangeStart: '2020-01-01T00:00:00Z' }));
    await drain(c.events.roleChanges({ organizationId }));
  });

  afterAll(async () => {
    await s?.close();
  });

  test('every request and response conforms to its WorkOS operation', () => {
    expect(contractProblems(s.contract, publicExchanges(s)).problems).toEqual([]);
  });

  test('the events the control plane records (dsync.*, user.created, organization_membership.*) each conform to their own event schema', () => {
    const listed = s.recorder.exchanges.filter((x) => x.url.startsWith('/events'));
    const kinds = new Set(listed.flatMap((x) => (x.responseBody as { data: Array<{ event: string }> }).data.map((e) => e.event)));
    expect([...kinds].sort()).toEqual(['dsync.group.created', 'dsync.group.user_added', 'dsync.user.created', 'organization_membership.created', 'user.created']);
    // And a malformed one is reported against its own branch, by field.
    const bad = { object: 'list', data: [{ object: 'event', id: 'event_1', event: 'dsync.group.created', data: { object: 'directory_group', id: 'directory_group_1' }, created_at: '2026-01-01T00:00:00.000Z' }], list_metadata: { before: null, after: null } };
    const problems = s.contract.check({ method: 'GET', url: '/events', requestBody: undefined, status: 200, responseBody: bad });
    expect(problems).toContain("GET /events (EventsController_list) response 200: /data/0/data must have required property 'directory_id'");
    expect(problems.length).toBeLessThan(10);
  });

  test('every Directory Sync method of the client was called', () => {
    expect(uncalledMethods(s, CLIENT_GROUPS.directorySync)).toEqual([]);
  });

  test('every Directory Sync operation was exercised, and no other', () => {
    const seen = new Set(s.recorder.exchanges.map((x) => operationIdOf(s.contract, x)));
    expect([...seen].sort()).toEqual([...DIRECTORY_SYNC_OPERATIONS].sort());
  });
});
