/**
 * workos_organization_role handler against the local control plane: a custom role of one
 * organization, imported as `<organization_id>/<slug>`; deleting a role in use needs
 * force_delete (README, workos_organization_role; docs/semantics.md).
 */
import { organizationRoleHandler } from '../../../providers/handlers/organization-role';
import type { ResourceHandler } from '../../../providers/handler';
import { brief, diagnosticOf, failingOn, InjectedFailure, partialCreateOf, planned, useDashboardlessTarget, useHandlerTarget, type Values } from './harness';
import { collect } from '../../helpers/fixtures';

const handler: ResourceHandler = organizationRoleHandler;
const orgRole = (given: Values): Values => planned(handler, { force_delete: false, ...given });

describe('workos_organization_role handler', () => {
  const target = useHandlerTarget();
  const realLike = useDashboardlessTarget(target);
  let org: string;

  beforeAll(async () => {
    org = (await target.client.organizations.create({ name: 'Acme' })).id;
    for (const slug of ['invoices:read', 'invoices:pay']) await target.client.permissions.create({ slug, name: slug });
  });

  describe('GIVEN a new role "org-billing" of Acme', () => {
    let state: Values;

    beforeAll(async () => {
      state = await handler.create(target.context(), orgRole({ organization_id: org, slug: 'org-billing', name: 'Billing', permissions: ['invoices:pay', 'invoices:read'] }));
    });

    test('WHEN created THEN the state holds the server id and the permissions sorted', () => {
      expect(state).toEqual({
        id: expect.stringMatching(/^role_/),
        organization_id: org,
        slug: 'org-billing',
        name: 'Billing',
        description: null,
        permissions: ['invoices:pay', 'invoices:read'],
        force_delete: false,
      });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN updated in place THEN name, description and permissions change and the id stays', async () => {
      const next = orgRole({ ...state, name: 'Billing team', description: 'Pays invoices', permissions: ['invoices:read'] });
      const updated = await handler.update(target.context(), state, next);
      expect(updated).toEqual({ ...next, id: state.id });
      expect(await target.client.organizationRoles.get(org, 'org-billing')).toMatchObject({ name: 'Billing team', description: 'Pays invoices', permissions: ['invoices:read'] });
      state = updated;
    });

    test('WHEN its permissions are changed out of band THEN read reports them', async () => {
      await target.client.organizationRoles.setPermissions(org, 'org-billing', ['invoices:pay']);
      expect(await handler.read(target.context(), state)).toEqual({ ...state, permissions: ['invoices:pay'] });
    });

    test('WHEN imported as "<organization_id>/<slug>" THEN the state is complete with force_delete false', async () => {
      expect(await handler.importState(target.context(), `${org}/org-billing`)).toEqual({
        id: state.id,
        organization_id: org,
        slug: 'org-billing',
        name: 'Billing team',
        description: 'Pays invoices',
        permissions: ['invoices:pay'],
        force_delete: false,
      });
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), state);
      expect(await handler.read(target.context(), state)).toBeNull();
      await expect(handler.delete(target.context(), state)).resolves.toBeUndefined();
    });
  });

  describe('GIVEN import ids', () => {
    test.each(['org-billing', `/org-billing`, 'org_1/', 'org_1/org-a/b'])('WHEN the id is "%s" THEN an invalid import id error', async (id) => {
      const diagnostic = await diagnosticOf(handler.importState(target.context(), id));
      expect(diagnostic).toEqual({
        severity: 'error',
        summary: 'Invalid import id for workos_organization_role',
        detail: `Expected "<organization_id>/<slug>" (e.g. "org_01H…/org-billing"), got "${id}".`,
      });
    });

    test('WHEN no role has the id THEN importState returns null', async () => {
      expect(await handler.importState(target.context(), `${org}/org-nothing`)).toBeNull();
    });
  });

  describe('GIVEN roles without permissions (toState: unset vs empty set)', () => {
    test('WHEN unset in the config THEN create and read keep null; WHEN [] THEN they keep []', async () => {
      const unset = await handler.create(target.context(), orgRole({ organization_id: org, slug: 'org-unset', name: 'Unset' }));
      const empty = await handler.create(target.context(), orgRole({ organization_id: org, slug: 'org-empty', name: 'Empty', permissions: [] }));
      expect([unset.permissions, empty.permissions]).toEqual([null, []]);
      expect([(await handler.read(target.context(), unset))?.permissions, (await handler.read(target.context(), empty))?.permissions]).toEqual([null, []]);
    });
  });

  test('GIVEN setting the permissions fails after the role was created WHEN created THEN PartialCreateError keeps the created role', async () => {
    const ctx = target.context({ client: failingOn(target.client, 'organizationRoles', 'setPermissions') });
    const err = await partialCreateOf(handler.create(ctx, orgRole({ organization_id: org, slug: 'org-half', name: 'Half', permissions: ['invoices:read'] })));
    expect(err.failure).toBeInstanceOf(InjectedFailure);
    expect(err.state).toEqual({ id: expect.stringMatching(/^role_/), organization_id: org, slug: 'org-half', name: 'Half', description: null, permissions: [], force_delete: false });
    expect((await target.client.organizationRoles.get(org, 'org-half')).id).toBe(err.state.id);
  });

  describe('GIVEN a role held by a membership, granted on a resource and given by two mappings', () => {
    let state: Values;
    let membership: string;
    let assignment: string;
    let sharedMapping: string;
    let soleMapping: string;

    beforeAll(async () => {
      state = await handler.create(target.context(), orgRole({ organization_id: org, slug: 'org-ops', name: 'Ops' }));
      const user = await target.client.users.create({ email: 'ops@example.com' });
      membership = (await target.client.memberships.create({ organizationId: org, userId: user.id, roleSlugs: ['org-ops'] })).id;
      await target.client.resourceTypes.create({ slug: 'service', name: 'Service', parentTypes: [] });
      const resource = await target.client.resources.create({ organizationId: org, resourceTypeSlug: 'service', externalId: 'billing', name: 'Billing' });
      assignment = (await target.client.roleAssignments.create(membership, { roleSlug: 'org-ops', resourceId: resource.id })).id;
      const mapping = { kind: 'directory' as const, organizationId: org, sourceId: null, value: null, mode: null };
      sharedMapping = (await target.client.roleMappings.create({ ...mapping, group: 'Ops', roles: ['org-ops', 'member'] })).id;
      soleMapping = (await target.client.roleMappings.create({ ...mapping, group: 'On call', roles: ['org-ops'] })).id;
    });

    test('WHEN deleted without force_delete THEN an error at force_delete names the users and nothing is deleted', async () => {
      const diagnostic = await diagnosticOf(handler.delete(target.context(), state));
      expect(brief([diagnostic])).toEqual([{ severity: 'error', summary: 'Organization role "org-ops" is still in use', path: ['force_delete'] }]);
      expect(diagnostic.detail).toContain(`- 1 organization membership(s) hold it: ${membership}`);
      expect(diagnostic.detail).toContain(`- 1 resource assignment(s) grant it: ${membership} on service "billing"`);
      expect(diagnostic.detail).toContain('- 2 role mapping(s) give it:');
      expect((await target.client.organizationRoles.get(org, 'org-ops')).slug).toBe('org-ops');
    });

    test('WHEN deleted with force_delete THEN the assignment goes, the membership falls back to the default role, mappings lose the role, and the role is gone', async () => {
      const ctx = target.context();
      await handler.delete(ctx, { ...state, force_delete: true });
      expect(await handler.read(ctx, state)).toBeNull();
      expect((await target.client.memberships.get(membership)).roleSlugs).toEqual(['member']);
      expect((await target.client.roleMappings.get(sharedMapping)).roles).toEqual(['member']);
      await expect(target.client.roleMappings.get(soleMapping)).rejects.toMatchObject({ status: 404 });
      expect((await collect(target.client.roleAssignments.list(membership))).map((a) => a.id)).not.toContain(assignment);
      expect(ctx.logged).toContainEqual({ level: 'info', msg: 'force_delete: removed the uses of the role', fields: { role: 'org-ops', memberships: 1, assignments: 1, mappings: 2 } });
    });
  });

  test('GIVEN a role that is the only role of a membership and granted on a resource, on a target that cannot tell the default role WHEN force-deleted THEN an error at force_delete and nothing changes', async () => {
    const state = await handler.create(target.context(), orgRole({ organization_id: org, slug: 'org-solo', name: 'Solo', force_delete: true }));
    const user = await target.client.users.create({ email: 'solo@example.com' });
    const membership = (await target.client.memberships.create({ organizationId: org, userId: user.id, roleSlugs: ['org-solo'] })).id;
    await target.client.resourceTypes.create({ slug: 'queue', name: 'Queue', parentTypes: [] });
    const resource = await target.client.resources.create({ organizationId: org, resourceTypeSlug: 'queue', externalId: 'jobs', name: 'Jobs' });
    const assignment = (await target.client.roleAssignments.create(membership, { roleSlug: 'org-solo', resourceId: resource.id })).id;
    const diagnostic = await diagnosticOf(handler.delete(realLike.context(), state));
    expect(brief([diagnostic])).toEqual([{ severity: 'error', summary: 'Cannot force-delete organization role "org-solo"', path: ['force_delete'] }]);
    expect(diagnostic.detail).toContain(`The membership ${membership} holds only this role and would be left without one; the WorkOS API does not tell which role is the default role.`);
    expect((await target.client.memberships.get(membership)).roleSlugs).toEqual(['org-solo']);
    expect((await collect(target.client.roleAssignments.list(membership))).map((a) => a.id)).toEqual([assignment]);
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN an organization gets its first custom role THEN a warning at organization_id names it', async () => {
      const fresh = await target.client.organizations.create({ name: 'Fresh' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, orgRole({ organization_id: fresh.id, slug: 'org-first', name: 'First' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'warning', summary: `This is the first custom role of organization "Fresh" (${fresh.id}): it gets its own default role and priority order`, path: ['organization_id'] },
      ]);
      expect(ctx.diagnostics[0].detail).toContain('(now: default role "member"');
    });

    test('WHEN a permission slug exists nowhere THEN an error at that element of permissions', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, orgRole({ organization_id: org, slug: 'org-new', name: 'New', permissions: ['invoices:void'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'permission "invoices:void" does not exist', path: ['permissions', 0] }]);
    });

    test("WHEN the organization's default role is to be destroyed THEN an error at slug", async () => {
      const state = await handler.create(target.context(), orgRole({ organization_id: org, slug: 'org-default', name: 'Default' }));
      await target.client.rolePolicy.update(org, { defaultRole: 'org-default' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, null, state);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'error', summary: `Role "org-default" is the default role of organization "Acme" (${org}): it cannot be destroyed`, path: ['slug'] },
      ]);
      await target.client.rolePolicy.update(org, { defaultRole: 'member' });
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    test('WHEN a new role has a slug the organization has THEN an error at slug naming the import id <organization_id>/<slug>', async () => {
      await target.client.organizationRoles.create(org, { slug: 'org-plan-taken', name: 'Taken' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, orgRole({ organization_id: org, slug: 'org-plan-taken', name: 'Other name' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        {
          severity: 'error',
          summary: `role "org-plan-taken" of organization ${org} already exists on the target: import it with \`terraform import workos_organization_role.<name> ${org}/org-plan-taken\``,
          path: ['slug'],
        },
      ]);
    });

    test('WHEN organization_id names no organization THEN an error at organization_id', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, orgRole({ organization_id: 'org_nowhere', slug: 'org-lost', name: 'Lost' }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'organization "org_nowhere" does not exist', path: ['organization_id'] }]);
      expect(ctx.diagnostics[0].detail).toContain('organization_id names organization "org_nowhere", which does not exist on the target and is not created earlier in this plan.');
    });
  });
});
