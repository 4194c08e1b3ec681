/**
 * Contract tests, Directory Sync reads: every request `client.directoryUsers` and
 * `client.directoryGroups` can send (success and not-found), against a control plane whose
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
  });

  afterAll(async () => {
    await s?.close();
  });

  test('every request and response conforms to its WorkOS operation', () => {
    expect(contractProblems(s.contract, publicExchanges(s)).problems).toEqual([]);
  });

  test('every Directory Sync method of the client was called', () => {
    expect(uncalledMethods(s, CLIENT_GROUPS.directorySync)).toEqual([]);
  });

  test('every Directory Sync operation was exercised, and no other', () => {
    const seen = new Set(s.recorder.exchanges.map((x) => operationIdOf(s.contract, x)));
    expect([...seen].sort()).toEqual([...DIRECTORY_SYNC_OPERATIONS].sort());
  });
});
