/**
 * The control plane's reducers, without HTTP: each event changes exactly what it names, the
 * cascades happen inside the event (so replay reproduces them), and an event that refers to
 * nothing is refused as a corrupt journal.
 */
import { applyEvent } from '../../../src/control-plane/events';
import { initialState, type State } from '../../../src/control-plane/model';
import { fromSnapshot, toSnapshot } from '../../../src/control-plane/snapshot';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';

function acme(): State {
  const state = initialState(AT, 'role_member');
  applyEvent(state, { type: 'permission.created', permission: { id: 'perm_1', slug: 'users:view', name: 'View', description: null, system: false, resourceTypeSlug: 'organization', createdAt: AT, updatedAt: AT } });
  applyEvent(state, { type: 'role.created', role: { id: 'role_admin', slug: 'admin', name: 'Admin', description: null, permissions: ['users:view'], createdAt: AT, updatedAt: AT } });
  applyEvent(state, { type: 'organization.created', organization: { id: 'org_acme', name: 'Acme', externalId: null, roles: [], policy: null, createdAt: AT, updatedAt: AT } });
  applyEvent(state, { type: 'user.created', user: { id: 'user_1', email: 'a@example.com', firstName: null, lastName: null, createdAt: AT, updatedAt: AT } });
  applyEvent(state, { type: 'membership.created', membership: { id: 'om_1', organizationId: 'org_acme', userId: 'user_1', roleSlugs: ['admin'], createdAt: AT, updatedAt: AT } });
  return state;
}

test('an update changes only the fields it names, and stamps updatedAt', () => {
  const state = acme();
  applyEvent(state, { type: 'role.updated', slug: 'admin', description: 'Runs things', at: LATER });
  expect(state.roles[1]).toMatchObject({ name: 'Admin', description: 'Runs things', updatedAt: LATER });
  applyEvent(state, { type: 'organization.updated', id: 'org_acme', externalId: null, at: LATER });
  expect(state.organizations.get('org_acme')).toMatchObject({ name: 'Acme', externalId: null, updatedAt: LATER });
});

test('deleting a permission takes it out of every role', () => {
  const state = acme();
  applyEvent(state, { type: 'permission.deleted', slug: 'users:view', at: LATER });
  expect(state.roles[1]).toMatchObject({ permissions: [], updatedAt: LATER });
});

test('deleting a role: its members fall back to the default role', () => {
  const state = acme();
  applyEvent(state, { type: 'role.deleted', slug: 'admin', at: LATER });
  expect(state.roles.map((r) => r.slug)).toEqual(['member']);
  expect(state.memberships.get('om_1')).toMatchObject({ roleSlugs: ['member'], updatedAt: LATER });
});

test('deleting a user takes its memberships with it', () => {
  const state = acme();
  applyEvent(state, { type: 'user.deleted', id: 'user_1', at: LATER });
  expect(state.memberships.size).toBe(0);
});

test('an event that refers to nothing is a corrupt journal', () => {
  expect(() => applyEvent(acme(), { type: 'role.updated', slug: 'ghost', name: 'Ghost', at: LATER })).toThrow(/journal event role\.updated refers to an object that does not exist/);
});

test('a snapshot round-trips the state', () => {
  const state = acme();
  applyEvent(state, { type: 'organization_role.created', organizationId: 'org_acme', role: { id: 'role_ops', slug: 'org-ops', name: 'Ops', description: null, permissions: [], createdAt: AT, updatedAt: AT } });
  expect(fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(state, 7, []))))).toEqual(state);
});
