/**
 * The acceptance flow of directory sync (README, "Directory sync (SCIM) in the local control
 * plane"; docs/semantics.md): an IdP pushes users and groups over SCIM, as Okta and as Entra ID
 * send them, and the member's organization-level roles follow at once, through the directory
 * group mappings, the priority order and multiple-roles mode, while resource assignments stay
 * as they are. Mapping changes re-resolve existing members; the event log says why; an SSO
 * sign-in applies SSO group mappings, directory roles first.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startControlPlane } from '../../../src/control-plane';
import { TEST_API_KEY, useControlPlane } from '../../helpers/control-plane';
import { call, createDirectory, patch, SCIM, scimError, type DirectoryFixture } from '../../helpers/scim';

/** How one IdP sends each change. */
interface IdpDialect {
  readonly type: string;
  user(email: string): object;
  join(userId: string): object;
  leave(userId: string): object;
  setActive(active: boolean): object;
}

const okta: IdpDialect = {
  type: 'okta scim v2.0',
  user: (email) => ({ schemas: [SCIM.user], userName: email, name: { givenName: 'Alice', familyName: 'Liddell' }, emails: [{ primary: true, value: email, type: 'work' }], active: true }),
  join: (id) => patch({ op: 'add', path: 'members', value: [{ value: id, display: 'alice' }] }),
  leave: (id) => patch({ op: 'remove', path: `members[value eq "${id}"]` }),
  setActive: (active) => patch({ op: 'replace', value: { active } }),
};

const entra: IdpDialect = {
  type: 'azure scim v2.0',
  user: (email) => ({
    schemas: [SCIM.user, SCIM.enterprise],
    externalId: 'a1b2c3d4-0000-4000-8000-000000000001',
    userName: email,
    active: true,
    displayName: 'Alice Liddell',
    emails: [{ primary: true, type: 'work', value: email }],
    name: { formatted: 'Alice Liddell', familyName: 'Liddell', givenName: 'Alice' },
    [SCIM.enterprise]: { department: 'Engineering' },
  }),
  join: (id) => patch({ op: 'Add', path: 'members', value: [{ value: id }] }),
  leave: (id) => patch({ op: 'Remove', path: 'members', value: [{ value: id }] }),
  setActive: (active) => patch({ op: 'Replace', path: 'active', value: active ? 'True' : 'False' }),
};

describe.each([
  ['Okta', okta],
  ['Entra ID', entra],
])('directory sync driven as %s', (_name, idp) => {
  const cp = useControlPlane();
  let d: DirectoryFixture;
  let alice: string;
  let membershipId: string;
  const groups: Record<string, string> = {};
  const mappings: Record<string, string> = {};
  let assignments: unknown;

  const membership = async () => {
    const r = await d.api('GET', `/user_management/organization_memberships?organization_id=${d.organizationId}`);
    expect(r.json.data).toHaveLength(1);
    return r.json.data[0];
  };
  const roles = async () => (await membership()).roles.map((r: { slug: string }) => r.slug);
  const listAssignments = async () => (await d.api('GET', `/authorization/organization_memberships/${membershipId}/role_assignments`)).json;
  const setMultipleRoles = async (on: boolean) => expect((await d.api('PATCH', '/_dashboard/role-policy', { multiple_roles: on })).status).toBe(200);
  /** Roles after a SCIM change; resource assignments never move. */
  async function after(method: string, path: string, body: object): Promise<string[]> {
    const r = await d.scim(method, path, body);
    expect(r.status).toBe(200);
    expect(await listAssignments()).toEqual(assignments);
    return roles();
  }

  beforeAll(async () => {
    d = await createDirectory(cp.url, cp.apiKey, { type: idp.type });
    for (const slug of ['developer', 'designer']) expect((await d.api('POST', '/authorization/roles', { slug, name: slug })).status).toBe(201);
    const policy = await d.api('PATCH', '/_dashboard/role-policy', { priority: ['developer', 'designer'], multiple_roles: false });
    expect(policy.json).toMatchObject({ priority: ['developer', 'designer', 'member'], default_role: 'member', multiple_roles: false });
    for (const [group, role] of [
      ['Engineering', 'developer'],
      ['Design', 'designer'],
    ]) {
      const m = await d.api('POST', `/_dashboard/organizations/${d.organizationId}/role-mappings`, { kind: 'directory', group, roles: [role] });
      expect(m.status).toBe(201);
      mappings[group] = m.json.id;
    }
  });

  test('a pushed user becomes a member with the default role; a resource assignment is added to it', async () => {
    const r = await d.scim('POST', '/Users', idp.user('alice@acme.test'));
    expect(r.status).toBe(201);
    alice = r.json.id;
    const m = await membership();
    membershipId = m.id;
    expect(m).toMatchObject({ status: 'active', directory_managed: true, role: { slug: 'member' }, roles: [{ slug: 'member' }], user: { email: 'alice@acme.test' } });
    expect(m.role_sources).toEqual([{ role: 'member', source: 'default', mapping: expect.any(String), rule: expect.any(String) }]);

    expect((await d.api('POST', '/_dashboard/resource-types', { slug: 'workspace', name: 'Workspace' })).status).toBe(201);
    const ws = await d.api('POST', '/authorization/resources', { organization_id: d.organizationId, resource_type_slug: 'workspace', external_id: 'platform', name: 'Platform' });
    expect(ws.status).toBe(201);
    const a = await d.api('POST', `/authorization/organization_memberships/${membershipId}/role_assignments`, { role_slug: 'designer', resource_id: ws.json.id });
    expect(a.status).toBe(201);
    assignments = await listAssignments();
    expect(assignments).toMatchObject({ data: [{ role: { slug: 'designer' }, resource: { id: ws.json.id } }] });

    for (const name of ['Engineering', 'Design']) {
      const g = await d.scim('POST', '/Groups', { schemas: [SCIM.group], displayName: name, members: [] });
      expect(g.status).toBe(201);
      groups[name] = g.json.id;
    }
    expect(await roles()).toEqual(['member']);
  });

  test('join Engineering → developer; join Design too → the higher-priority one, or both in multiple-roles mode', async () => {
    expect(await after('PATCH', `/Groups/${groups.Engineering}`, idp.join(alice))).toEqual(['developer']);
    expect((await membership()).role_sources).toEqual([{ role: 'developer', source: 'directory', mapping: 'directory group "Engineering" → developer', rule: expect.any(String) }]);
    expect(await after('PATCH', `/Groups/${groups.Design}`, idp.join(alice))).toEqual(['developer']);
    // Bad input changes nothing: neither the group nor the roles.
    const bad = await d.scim('PATCH', `/Groups/${groups.Design}`, patch({ op: 'add', path: 'members', value: [{ value: 'directory_user_nobody' }] }));
    expect(bad).toMatchObject({ status: 400, json: scimError(400, 'invalidValue') });
    expect((await d.scim('GET', `/Groups/${groups.Design}`)).json.members.map((m: { value: string }) => m.value)).toEqual([alice]);
    expect(await roles()).toEqual(['developer']);
    await setMultipleRoles(true);
    expect(await roles()).toEqual(['developer', 'designer']);
    await setMultipleRoles(false);
    expect(await roles()).toEqual(['developer']);
    await setMultipleRoles(true);
    expect(await roles()).toEqual(['developer', 'designer']);
  });

  test('the WorkOS reads show the roles: /directory_users?group=… and /directory_groups?user=…', async () => {
    const users = await d.api('GET', `/directory_users?group=${groups.Engineering}`);
    expect(users.json.data.map((u: { id: string; roles: unknown; role: unknown }) => [u.id, u.role, u.roles])).toEqual([[alice, { slug: 'developer' }, [{ slug: 'developer' }, { slug: 'designer' }]]]);
    const theirGroups = await d.api('GET', `/directory_groups?user=${alice}`);
    expect(theirGroups.json.data.map((g: { name: string }) => g.name).sort()).toEqual(['Design', 'Engineering']);
  });

  test('a mapping change applied through the dashboard API re-resolves the existing member', async () => {
    expect((await d.api('PATCH', `/_dashboard/role-mappings/${mappings.Engineering}`, { roles: ['member'] })).status).toBe(200);
    expect(await roles()).toEqual(['designer', 'member']);
    expect((await d.api('PATCH', `/_dashboard/role-mappings/${mappings.Engineering}`, { roles: ['developer'] })).status).toBe(200);
    expect(await roles()).toEqual(['developer', 'designer']);
    expect(await listAssignments()).toEqual(assignments);
  });

  test('leave both → the default role', async () => {
    expect(await after('PATCH', `/Groups/${groups.Engineering}`, idp.leave(alice))).toEqual(['designer']);
    expect(await after('PATCH', `/Groups/${groups.Design}`, idp.leave(alice))).toEqual(['member']);
    expect((await membership()).role_sources).toEqual([{ role: 'member', source: 'default', mapping: expect.any(String), rule: expect.any(String) }]);
  });

  test('deactivated → no role and an inactive membership; reactivated → the roles are back', async () => {
    expect(await after('PATCH', `/Groups/${groups.Engineering}`, idp.join(alice))).toEqual(['developer']);
    expect(await after('PATCH', `/Users/${alice}`, idp.setActive(false))).toEqual([]);
    expect(await membership()).toMatchObject({ status: 'inactive', role: null, roles: [] });
    expect((await d.api('GET', `/directory_users/${alice}`)).json).toMatchObject({ state: 'inactive', roles: [] });
    expect(await after('PATCH', `/Users/${alice}`, idp.setActive(true))).toEqual(['developer']);
    expect(await membership()).toMatchObject({ status: 'active', role: { slug: 'developer' } });
  });

  test('/events lists every role change with its cause', async () => {
    const r = await d.api('GET', `/events?events=organization_membership.created,organization_membership.updated&organization_id=${d.organizationId}&order=asc&limit=100`);
    expect(r.status).toBe(200);
    const changes = r.json.data.map((e: { event: string; data: { role_change: { previous_roles: string[]; roles: string[]; cause: string } } }) => [e.event, e.data.role_change.previous_roles, e.data.role_change.roles, e.data.role_change.cause]);
    const policy = "the environment's role policy changed";
    const mapping = 'directory group mapping "Engineering" changed';
    expect(changes).toEqual([
      ['organization_membership.created', [], ['member'], 'directory user "alice@acme.test" provisioned'],
      ['organization_membership.updated', ['member'], ['developer'], '"alice@acme.test" added to directory group "Engineering"'],
      ['organization_membership.updated', ['developer'], ['developer', 'designer'], policy],
      ['organization_membership.updated', ['developer', 'designer'], ['developer'], policy],
      ['organization_membership.updated', ['developer'], ['developer', 'designer'], policy],
      ['organization_membership.updated', ['developer', 'designer'], ['designer', 'member'], mapping],
      ['organization_membership.updated', ['designer', 'member'], ['developer', 'designer'], mapping],
      ['organization_membership.updated', ['developer', 'designer'], ['designer'], '"alice@acme.test" removed from directory group "Engineering"'],
      ['organization_membership.updated', ['designer'], ['member'], '"alice@acme.test" removed from directory group "Design"'],
      ['organization_membership.updated', ['member'], ['developer'], '"alice@acme.test" added to directory group "Engineering"'],
      ['organization_membership.updated', ['developer'], [], 'directory user "alice@acme.test" deactivated'],
      ['organization_membership.updated', [], ['developer'], 'directory user "alice@acme.test" reactivated'],
    ]);
    // Joining Design while multiple-roles mode was off changed no role, so it is no role change.
    const joins = await d.api('GET', `/events?events=dsync.group.user_added&organization_id=${d.organizationId}&order=asc&limit=100`);
    expect(joins.json.data.map((e: { data: { group: { name: string } } }) => e.data.group.name)).toEqual(['Engineering', 'Design', 'Engineering']);
  });

  test('SSO sign-in: SSO group mappings give roles to a user the directory does not manage; for a directory user the directory roles win', async () => {
    expect((await d.api('POST', `/_dashboard/organizations/${d.organizationId}/role-mappings`, { kind: 'sso', group: 'Designers', roles: ['designer'] })).status).toBe(201);
    const bob = await d.api('POST', '/_dashboard/sso/sign-in', { organization_id: d.organizationId, email: 'bob@acme.test', groups: ['Designers'] });
    expect(bob.status).toBe(200);
    expect(bob.json.organization_membership).toMatchObject({ status: 'active', directory_managed: false, roles: [{ slug: 'designer' }] });
    expect(bob.json.organization_membership.role_sources).toEqual([{ role: 'designer', source: 'sso', mapping: 'SSO group "Designers" → designer', rule: expect.any(String) }]);

    const signedIn = await d.api('POST', '/_dashboard/sso/sign-in', { organization_id: d.organizationId, email: 'alice@acme.test', groups: ['Designers'] });
    expect(signedIn.json.organization_membership).toMatchObject({ id: membershipId, directory_managed: true, roles: [{ slug: 'developer' }] });
    expect(signedIn.json.organization_membership.role_sources).toEqual([{ role: 'developer', source: 'directory', mapping: 'directory group "Engineering" → developer', rule: expect.any(String) }]);
    // Once the directory gives nothing, the sign-in's SSO groups apply.
    expect((await d.scim('PATCH', `/Groups/${groups.Engineering}`, idp.leave(alice))).status).toBe(200);
    const m = (await d.api('GET', `/user_management/organization_memberships/${membershipId}`)).json;
    expect(m.roles).toEqual([{ slug: 'designer' }]);
    expect(m.role_sources).toEqual([{ role: 'designer', source: 'sso', mapping: 'SSO group "Designers" → designer', rule: expect.any(String) }]);
    expect(await listAssignments()).toEqual(assignments);
  });
});

describe('SCIM attributes feed attribute mappings', () => {
  const cp = useControlPlane();

  test('the enterprise department and a custom extension attribute give roles; a PATCH of them re-resolves', async () => {
    const d = await createDirectory(cp.url, cp.apiKey, { type: 'azure scim v2.0' });
    const acme = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
    for (const slug of ['developer', 'designer']) await d.api('POST', '/authorization/roles', { slug, name: slug });
    await d.api('PATCH', '/_dashboard/role-policy', { priority: ['developer', 'designer'] });
    for (const [group, value, role] of [
      ['department', 'Design', 'designer'],
      ['myRole', 'dev', 'developer'],
    ]) {
      expect((await d.api('POST', `/_dashboard/organizations/${d.organizationId}/role-mappings`, { kind: 'attribute', group, value, roles: [role] })).status).toBe(201);
    }
    const roles = async () => (await d.api('GET', `/user_management/organization_memberships?organization_id=${d.organizationId}`)).json.data[0].roles.map((r: { slug: string }) => r.slug);
    const u = await d.scim('POST', '/Users', { schemas: [SCIM.user, SCIM.enterprise], userName: 'dee@acme.test', [SCIM.enterprise]: { department: 'Design' } });
    expect(u.status).toBe(201);
    expect(await roles()).toEqual(['designer']);
    await d.scim('PATCH', `/Users/${u.json.id}`, patch({ op: 'Replace', path: `${SCIM.enterprise}:department`, value: 'Sales' }));
    expect(await roles()).toEqual(['member']);
    await d.scim('PATCH', `/Users/${u.json.id}`, patch({ op: 'add', value: { [acme]: { myRole: 'dev' } } }));
    expect(await roles()).toEqual(['developer']);
  });
});

describe('what SCIM wrote survives a restart', () => {
  test('users, groups and the roles they gave are the same after the control plane restarts on its data directory', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-scim-'));
    try {
      let plane = await startControlPlane({ port: 0, dataDir, apiKey: TEST_API_KEY, log: () => {} });
      const d = await createDirectory(plane.url, TEST_API_KEY);
      await d.api('POST', '/authorization/roles', { slug: 'developer', name: 'Developer' });
      await d.api('POST', `/_dashboard/organizations/${d.organizationId}/role-mappings`, { kind: 'directory', group: 'Engineering', roles: ['developer'] });
      const user = (await d.scim('POST', '/Users', { schemas: [SCIM.user], userName: 'rita@acme.test' })).json;
      const group = (await d.scim('POST', '/Groups', { schemas: [SCIM.group], displayName: 'Engineering', members: [{ value: user.id }] })).json;
      const memberships = `/user_management/organization_memberships?organization_id=${d.organizationId}`;
      const before = await Promise.all([d.scim('GET', `/Users/${user.id}`), d.scim('GET', `/Groups/${group.id}`), d.api('GET', memberships)]);
      expect(before[2].json.data[0].roles).toEqual([{ slug: 'developer' }]);
      await plane.close();

      plane = await startControlPlane({ port: 0, dataDir, apiKey: TEST_API_KEY, log: () => {} });
      const base = (p: string) => `${plane.url}/directories/${d.directoryId}/scim/v2${p}`;
      const relocate = (x: unknown) => JSON.parse(JSON.stringify(x).replaceAll(d.base.slice(0, d.base.indexOf('/directories')), plane.url));
      expect((await call(base(`/Users/${user.id}`), 'GET', d.token)).json).toEqual(relocate(before[0].json));
      expect((await call(base(`/Groups/${group.id}`), 'GET', d.token)).json).toEqual(relocate(before[1].json));
      expect((await call(plane.url + memberships, 'GET', TEST_API_KEY)).json).toEqual(before[2].json);
      await plane.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
