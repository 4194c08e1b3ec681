/**
 * workos_organization_membership handler against the local control plane: a user in an
 * organization; `roles` unset leaves them to mappings and the default role, set it is
 * authoritative (README, workos_organization_membership; docs/semantics.md).
 */
import { organizationMembershipHandler } from '../../../providers/handlers/organization-membership';
import { rolePolicyHandler } from '../../../providers/handlers/role-policy';
import type { ResourceHandler } from '../../../providers/handler';
import { UNKNOWN } from '../../../src/schemas/builder';
import { collect } from '../../helpers/fixtures';
import { brief, failingOn, planned, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = organizationMembershipHandler;

describe('workos_organization_membership handler', () => {
  const target = useHandlerTarget();
  let org: string;
  let ada: string;
  let bob: string;
  const membership = (given: Values): Values => planned(handler, { organization_id: org, ...given });

  beforeAll(async () => {
    org = (await target.client.organizations.create({ name: 'Acme' })).id;
    ada = (await target.client.users.create({ email: 'ada@example.com' })).id;
    bob = (await target.client.users.create({ email: 'bob@example.com' })).id;
    for (const slug of ['editor', 'viewer']) await target.client.roles.create({ slug, name: slug });
  });

  describe('GIVEN Ada joins Acme with roles unset', () => {
    let state: Values;

    beforeAll(async () => {
      state = await handler.create(target.context(), membership({ user_id: ada }));
    });

    test('WHEN created THEN the membership has the default role, recorded in state', () => {
      expect(state).toEqual({ id: expect.stringMatching(/^om_/), organization_id: org, user_id: ada, roles: ['member'] });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN updated with the roles planned from state (unset) THEN no role is set', async () => {
      const ctx = target.context({ client: failingOn(target.client, 'memberships', 'setRoles') });
      expect(await handler.update(ctx, state, { ...state })).toEqual(state);
    });

    test('WHEN roles are set THEN the membership has exactly those', async () => {
      state = await handler.update(target.context(), state, { ...state, roles: ['editor'] });
      expect(state).toEqual({ id: state.id, organization_id: org, user_id: ada, roles: ['editor'] });
      expect((await target.client.memberships.get(state.id as string)).roleSlugs).toEqual(['editor']);
    });

    test('WHEN its role is changed out of band THEN read reports it', async () => {
      await target.client.memberships.setRoles(state.id as string, ['viewer']);
      expect(await handler.read(target.context(), state)).toEqual({ ...state, roles: ['viewer'] });
    });

    test('WHEN imported by id THEN the state is what the server has; an unknown id gives null', async () => {
      expect(await handler.importState(target.context(), state.id as string)).toEqual({ ...state, roles: ['viewer'] });
      expect(await handler.importState(target.context(), 'om_nothing')).toBeNull();
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), state);
      expect(await handler.read(target.context(), state)).toBeNull();
      await expect(handler.delete(target.context(), state)).resolves.toBeUndefined();
    });
  });

  test('GIVEN Bob joins with roles ["viewer"] WHEN created THEN he has exactly that role', async () => {
    expect(await handler.create(target.context(), membership({ user_id: bob, roles: ['viewer'] }))).toEqual({ id: expect.stringMatching(/^om_/), organization_id: org, user_id: bob, roles: ['viewer'] });
  });

  test('GIVEN a state without id WHEN read THEN null', async () => {
    expect(await handler.read(target.context(), membership({ user_id: ada }))).toBeNull();
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN a role exists nowhere THEN an error at that element of roles', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, membership({ user_id: ada, roles: ['ghost'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'role "ghost" does not exist', path: ['roles', 0] }]);
      expect(ctx.diagnostics[0].detail).toContain('workos_role.ghost.slug');
    });

    test('WHEN the roles are environment roles THEN no diagnostic', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, membership({ user_id: ada, roles: ['editor'] }), null);
      expect(ctx.diagnostics).toEqual([]);
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    let carol: string;

    beforeAll(async () => {
      carol = (await target.client.users.create({ email: 'carol@example.com' })).id;
    });

    test('WHEN the user already is a member, with other roles THEN an error at user_id naming the membership id to import', async () => {
      const existing = (await collect(target.client.memberships.list({ organizationId: org, userId: bob })))[0];
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, membership({ user_id: bob, roles: ['editor'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        {
          severity: 'error',
          summary: `the membership of user ${bob} in organization ${org} already exists on the target: import it with \`terraform import workos_organization_membership.<name> ${existing.id}\``,
          path: ['user_id'],
        },
      ]);
    });

    test('WHEN user_id and organization_id name nothing THEN an error at each', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, membership({ organization_id: 'org_nowhere', user_id: 'user_nowhere' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'error', summary: 'organization "org_nowhere" does not exist', path: ['organization_id'] },
        { severity: 'error', summary: 'user "user_nowhere" does not exist', path: ['user_id'] },
      ]);
      expect(ctx.diagnostics[1].detail).toContain('(workos_user.<name>.id)');
    });

    test('WHEN two roles are given while multiple-roles mode is off THEN an error at roles', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, membership({ user_id: carol, roles: ['editor', 'viewer'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: `roles names 2 roles, but multiple-roles mode is off for organization ${org}`, path: ['roles'] }]);
      expect(ctx.diagnostics[0].detail).toContain("it follows the environment's role policy");
    });

    test('WHEN this plan turns multiple-roles mode on for the environment first THEN two roles are fine', async () => {
      const ctx = target.planContext();
      const policy = planned(rolePolicyHandler, { organization_id: null, multiple_roles: true });
      await rolePolicyHandler.modifyPlan!(target.context({ plan: ctx.plan }), policy, null);
      await handler.modifyPlan!(ctx, membership({ user_id: carol, roles: ['editor', 'viewer'] }), null);
      expect(ctx.diagnostics).toEqual([]);
    });

    test('WHEN the organization or the user is created in this plan (unknown) THEN nothing is judged', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, planned(handler, { organization_id: UNKNOWN, user_id: UNKNOWN, roles: ['editor', 'viewer'] }), null);
      expect(ctx.diagnostics).toEqual([]);
    });
  });

  test('GIVEN multiple-roles mode on WHEN this plan turns it off first and a membership gets two roles THEN an error at roles', async () => {
    await target.client.rolePolicy.update(null, { multipleRoles: true });
    try {
      const ctx = target.planContext();
      const dave = (await target.client.users.create({ email: 'dave@example.com' })).id;
      await rolePolicyHandler.modifyPlan!(target.context({ plan: ctx.plan }), planned(rolePolicyHandler, { organization_id: null, multiple_roles: false }), null);
      await handler.modifyPlan!(ctx, membership({ user_id: dave, roles: ['editor', 'viewer'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: `roles names 2 roles, but multiple-roles mode is off for organization ${org}`, path: ['roles'] }]);
    } finally {
      await target.client.rolePolicy.update(null, { multipleRoles: false });
    }
  });
});
