/**
 * The role policy rules (docs/semantics.md, "The snapshot rule"), and that the control plane,
 * which applies them event by event, and the impact report, which computes them from a plan's
 * objects, arrive at the same policy for the same story.
 */
import { applyEvent } from '../../src/control-plane/events';
import { effectivePolicy, initialState, type RoleRecord } from '../../src/control-plane/model';
import { buildTopology, organizationPolicy } from '../../src/impact/topology';
import type { ManagedObject } from '../../src/impact/sources';
import { headFirst, initialPolicy, policyInForce, withRolesAtBottom, withSettings } from '../../src/role-policy';

const AT = '2026-01-01T00:00:00.000Z';
const role = (slug: string): RoleRecord => ({ id: `role_${slug}`, slug, name: slug, description: null, permissions: [], createdAt: AT, updatedAt: AT });
const object = (type: string, name: string, values: Record<string, unknown>): ManagedObject => ({ address: `${type}.${name}`, type, values, refs: {} });

test('headFirst: the head in its sequence, every other role below in its order, each once', () => {
  expect(headFirst(['c', 'a'], ['a', 'b', 'c', 'd'])).toEqual(['c', 'a', 'b', 'd']);
  expect(headFirst([], ['a', 'b'], ['c', 'a'])).toEqual(['a', 'b', 'c']);
});

test('withSettings sets only what it names; withRolesAtBottom appends new roles', () => {
  const env = initialPolicy(['member', 'admin']);
  expect(withSettings(env, {})).toEqual(env);
  expect(withSettings(env, { priority: ['admin'], multipleRoles: true })).toEqual({ defaultRole: 'member', priority: ['admin', 'member'], multipleRoles: true });
  expect(withRolesAtBottom(env, ['org-x']).priority).toEqual(['member', 'admin', 'org-x']);
});

test('policyInForce: the organization’s own copy once it has one, else the environment’s', () => {
  const env = initialPolicy(['member']);
  expect(policyInForce(env, null)).toBe(env);
  const own = withRolesAtBottom(env, ['org-x']);
  expect(policyInForce(env, own)).toBe(own);
});

test('the control plane and the impact report agree on an organization’s copy', () => {
  // The story: environment roles member, admin; the environment policy puts admin first and
  // makes it the default; Acme gets its first custom role; then a new environment role arrives.
  const state = initialState(AT, 'role_member');
  applyEvent(state, { type: 'role.created', role: role('admin') });
  applyEvent(state, { type: 'policy.updated', organizationId: null, priority: ['admin', 'member'], defaultRoleSlug: 'admin', at: AT });
  applyEvent(state, { type: 'organization.created', organization: { id: 'org_acme', name: 'Acme', externalId: null, roles: [], policy: null, createdAt: AT, updatedAt: AT } });
  const before = effectivePolicy(state, state.organizations.get('org_acme'));
  applyEvent(state, { type: 'organization_role.created', organizationId: 'org_acme', role: role('org-ops') });
  applyEvent(state, { type: 'role.created', role: role('viewer') });
  // Later environment changes no longer reach Acme.
  applyEvent(state, { type: 'policy.updated', organizationId: null, defaultRoleSlug: 'member', at: AT });
  const live = effectivePolicy(state, state.organizations.get('org_acme'));
  expect(before).toEqual({ priority: ['admin', 'member'], defaultRoleSlug: 'admin', multipleRoles: false });
  expect(live).toEqual({ priority: ['admin', 'member', 'org-ops', 'viewer'], defaultRoleSlug: 'admin', multipleRoles: false });

  const topology = buildTopology([
    object('workos_role', 'member', { slug: 'member' }),
    object('workos_role', 'admin', { slug: 'admin' }),
    object('workos_role', 'viewer', { slug: 'viewer' }),
    object('workos_organization', 'acme', { id: 'org_acme', name: 'Acme' }),
    object('workos_organization_role', 'ops', { organization_id: 'org_acme', slug: 'org-ops' }),
  ]);
  const snapshot = { priority: before.priority, defaultRole: before.defaultRoleSlug, multipleRoles: before.multipleRoles };
  const planned = organizationPolicy(topology, topology.organizations.get('org_acme')!, snapshot);
  expect(planned).toEqual({ priority: live.priority, defaultRole: live.defaultRoleSlug, multipleRoles: live.multipleRoles });
});
