/**
 * Live role application in the reducers (docs/semantics.md, "Directory sync and sign-in"),
 * without HTTP: what each directory, sign-in, mapping and policy event does to memberships, the
 * event log it leaves, and that a replay after a restart reproduces it exactly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEvent, type StateEvent } from '../../../src/control-plane/events';
import { initialState, type DirectoryGroupRecord, type DirectoryUserRecord, type MembershipRecord, type State } from '../../../src/control-plane/model';
import { fromSnapshot, toSnapshot } from '../../../src/control-plane/snapshot';
import { Store } from '../../../src/control-plane/store';

const AT = '2026-01-01T00:00:00.000Z';
const T = (n: number) => new Date(Date.parse(AT) + n * 1000).toISOString();
const role = (slug: string) => ({ id: `role_${slug}`, slug, name: slug, description: null, permissions: [], createdAt: AT, updatedAt: AT });

/** Acme: developer > designer > member; Engineering → developer, Design → designer, SSO Staff → designer. */
function acme(): StateEvent[] {
  return [
    { type: 'role.created', role: role('developer') },
    { type: 'role.created', role: role('designer') },
    { type: 'policy.updated', organizationId: null, priority: ['developer', 'designer', 'member'], at: AT },
    { type: 'organization.created', organization: { id: 'org_acme', name: 'Acme', externalId: null, roles: [], policy: null, createdAt: AT, updatedAt: AT } },
    { type: 'directory.created', directory: { id: 'directory_okta', organizationId: 'org_acme', name: 'Okta', type: 'okta scim v2.0', token: 't1', createdAt: AT, updatedAt: AT } },
    { type: 'directory.created', directory: { id: 'directory_hr', organizationId: 'org_acme', name: 'HR', type: 'generic scim v2.0', token: 't2', createdAt: AT, updatedAt: AT } },
    mapping('rm_eng', 'directory', 'Engineering', 'developer'),
    mapping('rm_design', 'directory', 'Design', 'designer'),
    mapping('rm_staff', 'sso', 'Staff', 'designer'),
  ];
}

function mapping(id: string, kind: 'directory' | 'sso', group: string, roleSlug: string, sourceId: string | null = null): StateEvent {
  return { type: 'role_mapping.created', mapping: { id, kind, organizationId: 'org_acme', sourceId, group, value: null, roles: [roleSlug], mode: null, createdAt: AT, updatedAt: AT } };
}

function directoryUser(id: string, email: string, changes: Partial<DirectoryUserRecord> = {}): DirectoryUserRecord {
  return { id, directoryId: 'directory_okta', idpId: `idp-${id}`, userName: email, email, firstName: null, lastName: null, active: true, customAttributes: {}, scim: {}, userId: null, createdAt: AT, updatedAt: AT, ...changes };
}

function group(id: string, displayName: string, memberIds: string[], directoryId = 'directory_okta'): DirectoryGroupRecord {
  return { id, directoryId, idpId: `idp-${id}`, displayName, memberIds, scim: {}, createdAt: AT, updatedAt: AT };
}

const putUser = (user: DirectoryUserRecord, at: string): StateEvent => ({ type: 'directory_user.put', user, provision: { userId: `user_${user.id}`, membershipId: `om_${user.id}` }, at });
const putGroup = (g: DirectoryGroupRecord, at: string): StateEvent => ({ type: 'directory_group.put', group: g, at });

function run(events: StateEvent[]): State {
  const state = initialState(AT, 'role_member');
  for (const e of events) applyEvent(state, e);
  return state;
}

const membership = (state: State, userId: string): MembershipRecord => {
  const m = [...state.memberships.values()].find((x) => x.userId === userId);
  if (!m) throw new Error(`no membership for ${userId}`);
  return m;
};

describe('a directory user through the groups', () => {
  const alice = directoryUser('du_alice', 'alice@acme.test');
  const steps: StateEvent[] = [...acme(), putUser(alice, T(1))];

  test('a new active directory user is provisioned: a user, and a membership with the default role', () => {
    const state = run(steps);
    expect(state.users.get('user_du_alice')).toMatchObject({ email: 'alice@acme.test' });
    expect(state.directoryUsers.get('du_alice')?.userId).toBe('user_du_alice');
    expect(membership(state, 'user_du_alice')).toMatchObject({ id: 'om_du_alice', organizationId: 'org_acme', roleSlugs: ['member'] });
    expect(membership(state, 'user_du_alice').roleSources).toEqual([{ role: 'member', source: 'default', mapping: 'no mapping matched', rule: 'default role' }]);
    const created = state.events.filter((e) => e.event === 'organization_membership.created');
    expect(created).toHaveLength(1);
    expect(created[0].data.role_change).toEqual({ previous_roles: [], roles: ['member'], cause: 'directory user "alice@acme.test" provisioned', user_email: 'alice@acme.test' });
  });

  test('an existing user with the same email (any case) is linked, not duplicated', () => {
    const state = run([...acme(), { type: 'user.created', user: { id: 'user_a', email: 'Alice@Acme.test', firstName: null, lastName: null, createdAt: AT, updatedAt: AT } }, putUser(alice, T(1))]);
    expect(state.users.size).toBe(1);
    expect(membership(state, 'user_a').roleSlugs).toEqual(['member']);
  });

  test('join Engineering → developer; join Design too → the higher one; leave both → default', () => {
    const eng = group('dg_eng', 'Engineering', ['du_alice']);
    const design = group('dg_design', 'Design', ['du_alice']);
    let state = run([...steps, putGroup(eng, T(2))]);
    expect(membership(state, 'user_du_alice').roleSlugs).toEqual(['developer']);
    expect(membership(state, 'user_du_alice').roleSources).toEqual([
      { role: 'developer', source: 'directory', mapping: 'directory group "Engineering" → developer', rule: 'highest priority among exclusive matches (directory mappings take precedence)' },
    ]);
    state = run([...steps, putGroup(eng, T(2)), putGroup(design, T(3))]);
    expect(membership(state, 'user_du_alice').roleSlugs).toEqual(['developer']);
    state = run([...steps, putGroup(eng, T(2)), putGroup(design, T(3)), putGroup({ ...eng, memberIds: [] }, T(4)), putGroup({ ...design, memberIds: [] }, T(5))]);
    expect(membership(state, 'user_du_alice').roleSlugs).toEqual(['member']);
    const changes = state.events.filter((e) => e.event === 'organization_membership.updated').map((e) => ({ ...(e.data.role_change as object), user_email: undefined }));
    expect(changes).toEqual([
      { previous_roles: ['member'], roles: ['developer'], cause: '"alice@acme.test" added to directory group "Engineering"' },
      { previous_roles: ['developer'], roles: ['designer'], cause: '"alice@acme.test" removed from directory group "Engineering"' },
      { previous_roles: ['designer'], roles: ['member'], cause: '"alice@acme.test" removed from directory group "Design"' },
    ]);
    expect(state.events.filter((e) => e.event.startsWith('dsync.group.user_')).map((e) => e.event)).toEqual(['dsync.group.user_added', 'dsync.group.user_added', 'dsync.group.user_removed', 'dsync.group.user_removed']);
  });

  test('multiple-roles mode on re-resolves existing members to every mapped role', () => {
    const state = run([...steps, putGroup(group('dg_eng', 'Engineering', ['du_alice']), T(2)), putGroup(group('dg_design', 'Design', ['du_alice']), T(3))]);
    applyEvent(state, { type: 'policy.updated', organizationId: null, multipleRoles: true, at: T(4) });
    expect(membership(state, 'user_du_alice').roleSlugs).toEqual(['developer', 'designer']);
    expect(state.events.at(-1)?.data.role_change).toEqual({ previous_roles: ['developer'], roles: ['developer', 'designer'], cause: "the environment's role policy changed", user_email: 'alice@acme.test' });
  });

  test('a mapping change re-resolves existing members', () => {
    const state = run([...steps, putGroup(group('dg_eng', 'Engineering', ['du_alice']), T(2))]);
    applyEvent(state, { type: 'role_mapping.updated', id: 'rm_eng', roles: ['designer'], at: T(3) });
    expect(membership(state, 'user_du_alice').roleSlugs).toEqual(['designer']);
    applyEvent(state, { type: 'role_mapping.deleted', id: 'rm_eng', at: T(4) });
    expect(membership(state, 'user_du_alice').roleSlugs).toEqual(['member']);
    expect(state.events.at(-1)?.data.role_change).toMatchObject({ cause: 'directory group mapping "Engineering" deleted' });
  });

  test('deactivated: inactive and no role; reactivated: resolved again; assignments untouched throughout', () => {
    const state = run([
      ...steps,
      putGroup(group('dg_eng', 'Engineering', ['du_alice']), T(2)),
      { type: 'resource_type.created', resourceType: { slug: 'workspace', name: 'Workspace', parentTypes: [], createdAt: AT, updatedAt: AT } },
      { type: 'resource.created', resource: { id: 'res_1', organizationId: 'org_acme', resourceTypeSlug: 'workspace', externalId: 'platform', name: 'Platform', description: null, parentResourceId: null, createdAt: AT, updatedAt: AT } },
      { type: 'role_assignment.created', assignment: { id: 'ra_1', membershipId: 'om_du_alice', roleSlug: 'designer', resourceId: 'res_1', createdAt: AT, updatedAt: AT } },
    ]);
    applyEvent(state, putUser({ ...alice, active: false }, T(3)));
    expect(membership(state, 'user_du_alice')).toMatchObject({ status: 'inactive', roleSlugs: [] });
    expect(state.events.at(-1)?.data.role_change).toEqual({ previous_roles: ['developer'], roles: [], cause: 'directory user "alice@acme.test" deactivated', user_email: 'alice@acme.test' });
    expect([...state.roleAssignments.keys()]).toEqual(['ra_1']);
    applyEvent(state, putUser(alice, T(4)));
    expect(membership(state, 'user_du_alice').status).toBeUndefined();
    expect(membership(state, 'user_du_alice').roleSlugs).toEqual(['developer']);
    applyEvent(state, { type: 'directory_user.deleted', id: 'du_alice', at: T(5) });
    expect(membership(state, 'user_du_alice')).toMatchObject({ status: 'inactive', roleSlugs: [] });
    expect(state.directoryGroups.get('dg_eng')?.memberIds).toEqual([]);
    expect([...state.roleAssignments.keys()]).toEqual(['ra_1']);
  });
});

test('a mapping limited to one directory matches only that directory\'s groups', () => {
  const bob = directoryUser('du_bob', 'bob@acme.test', { directoryId: 'directory_hr' });
  const events = acme().filter((e) => !(e.type === 'role_mapping.created' && e.mapping.id === 'rm_eng'));
  const state = run([...events, mapping('rm_eng_okta', 'directory', 'Engineering', 'developer', 'directory_okta'), putUser(bob, T(1)), putGroup(group('dg_hr_eng', 'Engineering', ['du_bob'], 'directory_hr'), T(2))]);
  expect(membership(state, 'user_du_bob').roleSlugs).toEqual(['member']);
  applyEvent(state, putUser(directoryUser('du_bob2', 'bob@acme.test'), T(3)));
  applyEvent(state, putGroup(group('dg_okta_eng', 'Engineering', ['du_bob2']), T(4)));
  expect(membership(state, 'user_du_bob').roleSlugs).toEqual(['developer']);
});

test('a group matches by its IdP id too', () => {
  const state = run([...acme(), mapping('rm_id', 'directory', '00g1abcd', 'designer'), putUser(directoryUser('du_c', 'c@acme.test'), T(1))]);
  applyEvent(state, putGroup({ ...group('dg_x', 'Marketing', ['du_c']), idpId: '00g1abcd' }, T(2)));
  expect(membership(state, 'user_du_c').roleSlugs).toEqual(['designer']);
});

describe('SSO sign-in', () => {
  const signIn = (email: string, groups: string[], at: string): StateEvent => ({
    type: 'sso.signed_in',
    organizationId: 'org_acme',
    email,
    firstName: null,
    lastName: null,
    profile: { groups, attributes: {}, connectionId: 'conn_1', at },
    provision: { userId: `user_${email}`, membershipId: `om_${email}` },
    at,
  });

  test('JIT-provisions the membership and applies SSO group mappings', () => {
    const state = run([...acme(), signIn('dana@acme.test', ['Staff'], T(1))]);
    expect(membership(state, 'user_dana@acme.test').roleSlugs).toEqual(['designer']);
    expect(membership(state, 'user_dana@acme.test').roleSources?.[0]).toMatchObject({ source: 'sso', mapping: 'SSO group "Staff" → designer' });
  });

  test('directory-sourced roles take precedence over SSO groups', () => {
    const state = run([...acme(), putUser(directoryUser('du_e', 'erin@acme.test'), T(1)), putGroup(group('dg_eng', 'Engineering', ['du_e']), T(2)), signIn('ERIN@acme.test', ['Staff'], T(3))]);
    expect(membership(state, 'user_du_e').roleSlugs).toEqual(['developer']);
    // Out of Engineering: the SSO profile of the last sign-in now decides.
    applyEvent(state, putGroup(group('dg_eng', 'Engineering', []), T(4)));
    expect(membership(state, 'user_du_e').roleSlugs).toEqual(['designer']);
  });
});

test('a membership set through the API is not touched by mappings, and says where its roles came from', () => {
  const state = run([
    ...acme(),
    { type: 'user.created', user: { id: 'user_api', email: 'api@acme.test', firstName: null, lastName: null, createdAt: AT, updatedAt: AT } },
    { type: 'membership.created', membership: { id: 'om_api', organizationId: 'org_acme', userId: 'user_api', roleSlugs: ['designer'], createdAt: AT, updatedAt: AT } },
  ]);
  applyEvent(state, { type: 'role_mapping.deleted', id: 'rm_design', at: T(1) });
  applyEvent(state, { type: 'policy.updated', organizationId: null, multipleRoles: true, at: T(2) });
  expect(state.memberships.get('om_api')).toMatchObject({ roleSlugs: ['designer'], roleSources: [{ role: 'designer', source: 'api', mapping: 'set through the API', rule: 'explicit' }] });
});

test('deleting a directory: the memberships it provisioned become inactive, and the mappings limited to it go', () => {
  const state = run([...acme(), mapping('rm_okta', 'directory', 'Ops', 'developer', 'directory_okta'), mapping('rm_hr', 'directory', 'Ops', 'developer', 'directory_hr'), putUser(directoryUser('du_f', 'f@acme.test'), T(1)), putGroup(group('dg_eng', 'Engineering', ['du_f']), T(2))]);
  applyEvent(state, { type: 'directory.deleted', id: 'directory_okta', at: T(3) });
  expect(state.directoryUsers.size).toBe(0);
  expect(state.directoryGroups.size).toBe(0);
  expect([...state.roleMappings.keys()].sort()).toEqual(['rm_design', 'rm_eng', 'rm_hr', 'rm_staff']);
  expect(membership(state, 'user_du_f')).toMatchObject({ status: 'inactive', roleSlugs: [] });
  expect(state.events.at(-1)?.data.role_change).toMatchObject({ cause: 'directory "Okta" deleted' });
});

test('the state, event log included, survives a snapshot and a journal replay with the same event ids', () => {
  const events = [...acme(), putUser(directoryUser('du_g', 'g@acme.test'), T(1)), putGroup(group('dg_eng', 'Engineering', ['du_g']), T(2))];
  const live = run(events);
  expect(fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(live, 1, []))))).toEqual(live);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-roles-'));
  try {
    const store = Store.open(dir);
    for (const e of events) store.commit(e);
    const ids = store.state.events.map((e) => e.id);
    expect(ids.length).toBeGreaterThan(3);
    expect(new Set(ids).size).toBe(ids.length);
    store.close();
    const reopened = Store.open(dir);
    expect(reopened.state.events.map((e) => e.id)).toEqual(ids);
    expect(membership(reopened.state, 'user_du_g').roleSlugs).toEqual(['developer']);
    reopened.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
