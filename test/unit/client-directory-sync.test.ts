/**
 * The client's Directory Sync reads (`client.directoryUsers`, `client.directoryGroups`) against a
 * real local control plane whose directories hold users and groups (seeded as the SCIM endpoints
 * commit them: test/helpers/directory-seed.ts): lists by directory, group, user and organization,
 * pagination past one page, gets with groups and roles, and not-found.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotFoundError, PAGE_LIMIT, WorkosClient } from '../../src/client';
import { startControlPlane, type ControlPlane } from '../../src/control-plane';
import { createDirectory, reopenWithDirectory, type Seeded } from '../helpers/directory-seed';
import { collect } from '../helpers/fixtures';

const KEY = 'sk_test_directory_sync_0123456789';

describe('client: directory users and groups', () => {
  let plane: ControlPlane;
  let dataDir: string;
  let client: WorkosClient;
  let acme: string;
  let okta: string;
  let contractors: string;
  let seeded: Seeded;

  /** PAGE_LIMIT + 1 people in Okta's "Everyone", so a list takes two pages. */
  const everyone = Array.from({ length: PAGE_LIMIT + 1 }, (_, i) => `person${i}@acme.example`);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-dsync-'));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: KEY, log: () => {} });
    client = new WorkosClient({ baseUrl: plane.url, apiKey: KEY });
    // GIVEN Acme with "Engineering → developer", an Okta directory and a second one
    acme = (await client.organizations.create({ name: 'Acme' })).id;
    await client.roles.create({ slug: 'developer', name: 'Developer' });
    await client.roleMappings.create({ kind: 'directory', organizationId: acme, sourceId: null, group: 'Engineering', value: null, roles: ['developer'], mode: null });
    okta = await createDirectory(plane.url, KEY, acme, 'Okta');
    contractors = await createDirectory(plane.url, KEY, acme, 'Contractors');
    // AND the IdP pushed Alice (Engineering), the "Everyone" group, and a deactivated Carol
    ({ plane, seeded } = await reopenWithDirectory(plane, { dataDir, apiKey: KEY }, okta, {
      users: [{ email: 'alice@acme.example', customAttributes: { department: 'R&D' } }, { email: 'carol@acme.example', active: false }, ...everyone.map((email) => ({ email }))],
      groups: [
        { name: 'Engineering', idpId: '00gEng', members: ['alice@acme.example', 'carol@acme.example'] },
        { name: 'Everyone', members: everyone },
      ],
    }));
  });
  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('get: a directory user with its groups, its state, attributes and the roles its groups give', async () => {
    const alice = await client.directoryUsers.get(seeded.users.get('alice@acme.example')!);
    expect(alice).toMatchObject({
      directoryId: okta,
      organizationId: acme,
      idpId: 'idp-alice',
      email: 'alice@acme.example',
      state: 'active',
      customAttributes: { department: 'R&D' },
      roleSlugs: ['developer'],
    });
    expect(alice.groups.map((g) => [g.name, g.idpId, g.directoryId, g.organizationId])).toEqual([['Engineering', '00gEng', okta, acme]]);
    const carol = await client.directoryUsers.get(seeded.users.get('carol@acme.example')!);
    expect([carol.state, carol.roleSlugs]).toEqual(['inactive', []]);
  });

  test('list users of a group and of a directory, past one page', async () => {
    const engineering = await collect(client.directoryUsers.list({ groupId: seeded.groups.get('Engineering')! }));
    expect(engineering.map((u) => [u.email, u.state, u.groups.map((g) => g.name)]).sort()).toEqual([
      ['alice@acme.example', 'active', ['Engineering']],
      ['carol@acme.example', 'inactive', ['Engineering']],
    ]);
    const all = await collect(client.directoryUsers.list({ directoryId: okta }));
    expect(all).toHaveLength(PAGE_LIMIT + 3);
    expect(new Set(all.map((u) => u.id)).size).toBe(PAGE_LIMIT + 3);
    expect(await collect(client.directoryUsers.list({ directoryId: contractors }))).toEqual([]);
  });

  test('list groups of a directory, of a user and of an organization (through its directories); get one', async () => {
    const names = (gs: Array<{ name: string }>) => gs.map((g) => g.name).sort();
    expect(names(await collect(client.directoryGroups.list({ directoryId: okta })))).toEqual(['Engineering', 'Everyone']);
    expect(names(await collect(client.directoryGroups.list({ userId: seeded.users.get('alice@acme.example')! })))).toEqual(['Engineering']);
    expect(names(await collect(client.directoryGroups.list({ organizationId: acme })))).toEqual(['Engineering', 'Everyone']);
    expect((await client.directoryGroups.directoriesOf(acme)).sort()).toEqual([okta, contractors].sort());
    const globex = (await client.organizations.create({ name: 'Globex' })).id;
    expect(await client.directoryGroups.directoriesOf(globex)).toEqual([]);
    expect(await collect(client.directoryGroups.list({ organizationId: globex }))).toEqual([]);
    const eng = await client.directoryGroups.get(seeded.groups.get('Engineering')!);
    expect(eng).toMatchObject({ id: seeded.groups.get('Engineering'), name: 'Engineering', idpId: '00gEng', directoryId: okta, organizationId: acme });
  });

  test('not found: a typed NotFoundError', async () => {
    await expect(client.directoryUsers.get('directory_user_01NOPE')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.directoryGroups.get('directory_group_01NOPE')).rejects.toBeInstanceOf(NotFoundError);
  });
});
