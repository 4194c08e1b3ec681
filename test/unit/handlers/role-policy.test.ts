/**
 * workos_role_policy handler against the local control plane: priority order, default role and
 * multiple-roles mode of the environment or of one organization; only what the config sets is
 * managed, and destroy stops managing (README, workos_role_policy; docs/semantics.md).
 */
import { rolePolicyHandler } from '../../../providers/handlers/role-policy';
import type { ResourceHandler } from '../../../providers/handler';
import { UNKNOWN } from '../../../src/schemas/builder';
import { brief, diagnosticOf, planned, useDashboardlessTarget, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = rolePolicyHandler;
const policy = (given: Values): Values => planned(handler, given);
const UNSUPPORTED = 'The WorkOS API cannot manage the role policy';

describe('workos_role_policy handler', () => {
  const target = useHandlerTarget();
  const realLike = useDashboardlessTarget(target);

  beforeAll(async () => {
    for (const slug of ['admin', 'viewer']) await target.client.roles.create({ slug, name: slug });
  });

  describe('GIVEN the environment policy managing only priority ["admin"]', () => {
    let state: Values;

    beforeAll(async () => {
      state = await handler.create(target.context(), policy({ organization_id: null, priority: ['admin'] }));
    });

    test('WHEN created THEN admin heads the order and the unmanaged attributes stay null', async () => {
      expect(state).toEqual({ id: 'environment', organization_id: null, priority: ['admin'], default_role: null, multiple_roles: null });
      expect((await target.client.rolePolicy.get(null)).priority[0]).toBe('admin');
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN a role is created elsewhere THEN read still records the first N roles only: no diff', async () => {
      await target.client.roles.create({ slug: 'late', name: 'Late' });
      expect(await handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN updated to manage default role and mode too THEN the server has them', async () => {
      const next = policy({ ...state, priority: ['viewer', 'admin'], default_role: 'viewer', multiple_roles: true });
      state = await handler.update(target.context(), state, next);
      expect(state).toEqual({ id: 'environment', organization_id: null, priority: ['viewer', 'admin'], default_role: 'viewer', multiple_roles: true });
      expect(await target.client.rolePolicy.get(null)).toMatchObject({ defaultRole: 'viewer', multipleRoles: true });
    });

    test('WHEN another role is moved above the listed ones out of band THEN read reports it', async () => {
      await target.client.rolePolicy.update(null, { priority: ['member'], defaultRole: 'admin' });
      expect(await handler.read(target.context(), state)).toEqual({ ...state, priority: ['member', 'viewer'], default_role: 'admin' });
    });

    test('WHEN imported as "environment" THEN the state records everything the server has', async () => {
      const server = await target.client.rolePolicy.get(null);
      expect(await handler.importState(target.context(), 'environment')).toEqual({
        id: 'environment',
        organization_id: null,
        priority: [...server.priority],
        default_role: 'admin',
        multiple_roles: true,
      });
      expect(server.priority).toEqual(expect.arrayContaining(['admin', 'viewer', 'member', 'late']));
    });

    test('WHEN deleted THEN nothing changes on the server and the handler says so', async () => {
      const before = await target.client.rolePolicy.get(null);
      const ctx = target.context();
      await handler.delete(ctx, state);
      expect(await target.client.rolePolicy.get(null)).toEqual(before);
      expect(ctx.logged).toEqual([{ level: 'info', msg: 'role policy no longer managed; nothing changed on the server', fields: { scope: 'environment' } }]);
    });
  });

  describe('GIVEN an organization', () => {
    let org: string;

    beforeAll(async () => {
      org = (await target.client.organizations.create({ name: 'Acme' })).id;
    });

    test('WHEN it has no custom role THEN create fails with the no-custom-role diagnostic at organization_id', async () => {
      const diagnostic = await diagnosticOf(handler.create(target.context(), policy({ organization_id: org, default_role: 'viewer' })));
      expect(brief([diagnostic])).toEqual([{ severity: 'error', summary: `Organization ${org} has no custom role, so it has no role policy of its own`, path: ['organization_id'] }]);
    });

    test('WHEN it has no custom role and none is planned THEN modifyPlan reports the same error, naming it', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, policy({ organization_id: org, default_role: 'viewer' }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: `Organization "Acme" (${org}) has no custom role, so it has no role policy of its own`, path: ['organization_id'] }]);
    });

    test('WHEN this plan creates its first custom role THEN modifyPlan has nothing to say', async () => {
      const ctx = target.planContext();
      ctx.plan!.recordCreate({ kind: 'role', scope: org, slug: 'org-lead', identity: 'org-lead', typeName: 'workos_organization_role' });
      await handler.modifyPlan!(ctx, policy({ organization_id: org, priority: ['org-lead'] }), null);
      expect(ctx.diagnostics).toEqual([]);
    });

    test('WHEN it has a custom role THEN create, read and import by the organization id work', async () => {
      await target.client.organizationRoles.create(org, { slug: 'org-lead', name: 'Lead' });
      const state = await handler.create(target.context(), policy({ organization_id: org, priority: ['org-lead'], default_role: 'org-lead' }));
      expect(state).toEqual({ id: org, organization_id: org, priority: ['org-lead'], default_role: 'org-lead', multiple_roles: null });
      expect(await handler.read(target.context(), state)).toEqual(state);
      // multiple_roles was copied from the environment (true since the update above) with the first custom role.
      expect(await handler.importState(target.context(), org)).toMatchObject({ id: org, organization_id: org, default_role: 'org-lead', multiple_roles: true });
    });

    test('WHEN the organization is gone THEN read and import return null', async () => {
      const gone = await target.client.organizations.create({ name: 'Gone' });
      await target.client.organizations.delete(gone.id);
      expect(await handler.read(target.context(), policy({ id: gone.id, organization_id: gone.id, default_role: 'member' }))).toBeNull();
      expect(await handler.importState(target.context(), gone.id)).toBeNull();
    });
  });

  describe('GIVEN a plan referencing roles (modifyPlan)', () => {
    test('WHEN default_role and a priority element exist nowhere THEN errors at those paths', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, policy({ organization_id: null, priority: ['admin', 'ghost'], default_role: 'phantom' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'error', summary: 'role "ghost" does not exist', path: ['priority', 1] },
        { severity: 'error', summary: 'role "phantom" does not exist', path: ['default_role'] },
      ]);
    });

    test('WHEN the role is created earlier in the same walk THEN it is no error', async () => {
      const ctx = target.planContext();
      ctx.plan!.recordCreate({ kind: 'role', scope: null, slug: 'planned-role', identity: 'planned-role', typeName: 'workos_role' });
      await handler.modifyPlan!(ctx, policy({ organization_id: null, default_role: 'planned-role' }), null);
      expect(ctx.diagnostics).toEqual([]);
    });
  });

  describe('GIVEN two role policies for one scope in one plan (README, "At most one policy per scope")', () => {
    test('WHEN both are planned for the environment THEN the second fails at organization_id, the first and a re-plan of the first do not', async () => {
      const first = target.planContext();
      await handler.modifyPlan!(first, policy({ organization_id: null, default_role: 'admin' }), null);
      const second = target.context({ plan: first.plan });
      await handler.modifyPlan!(second, policy({ organization_id: null, default_role: 'viewer' }), null);
      const again = target.context({ plan: first.plan });
      await handler.modifyPlan!(again, policy({ organization_id: null, default_role: 'admin' }), null);
      expect(first.diagnostics).toEqual([]);
      expect(again.diagnostics).toEqual([]);
      expect(brief(second.diagnostics)).toEqual([
        { severity: 'error', summary: 'another workos_role_policy in this configuration also manages the role policy of the environment', path: ['organization_id'] },
      ]);
    });

    test('WHEN two are planned for one organization THEN the second fails naming it; another organization and unknown ids are judged apart', async () => {
      const org = (await target.client.organizations.create({ name: 'Twice' })).id;
      await target.client.organizationRoles.create(org, { slug: 'org-twice', name: 'Twice' });
      const ctx = target.planContext();
      const plan = { plan: ctx.plan };
      await handler.modifyPlan!(ctx, policy({ organization_id: org, multiple_roles: true }), null);
      await handler.modifyPlan!(target.context(plan), policy({ organization_id: null, multiple_roles: false }), null);
      await handler.modifyPlan!(target.context(plan), policy({ organization_id: UNKNOWN, multiple_roles: false }), null);
      await handler.modifyPlan!(target.context(plan), policy({ organization_id: UNKNOWN, multiple_roles: true }), null);
      const second = target.context(plan);
      await handler.modifyPlan!(second, policy({ organization_id: org, multiple_roles: false }), null);
      expect(ctx.diagnostics).toEqual([]);
      expect(brief(second.diagnostics)).toEqual([{ severity: 'error', summary: `another workos_role_policy in this configuration also manages the role policy of organization ${org}`, path: ['organization_id'] }]);
    });
  });

  describe('GIVEN a target without the dashboard routes (real WorkOS)', () => {
    test('WHEN planned THEN an error says the API cannot manage the role policy', async () => {
      const ctx = realLike.planContext();
      await handler.modifyPlan!(ctx, policy({ organization_id: null, default_role: 'member' }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: UNSUPPORTED }]);
      expect(ctx.diagnostics[0].detail).toContain('Authorization → Roles');
    });

    test('WHEN a destroy is planned THEN nothing is needed from the target', async () => {
      const ctx = realLike.planContext();
      await handler.modifyPlan!(ctx, null, policy({ id: 'environment', organization_id: null, default_role: 'member' }));
      expect(ctx.diagnostics).toEqual([]);
    });

    test('WHEN applied, read or imported anyway THEN each throws the same diagnostic before any change', async () => {
      const before = await target.client.rolePolicy.get(null);
      const values = policy({ id: 'environment', organization_id: null, default_role: 'member' });
      for (const call of [handler.create(realLike.context(), values), handler.read(realLike.context(), values), handler.importState(realLike.context(), 'environment')]) {
        expect((await diagnosticOf(call)).summary).toBe(UNSUPPORTED);
      }
      expect(await target.client.rolePolicy.get(null)).toEqual(before);
    });
  });
});
