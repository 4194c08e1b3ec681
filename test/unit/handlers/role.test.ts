/**
 * workos_role handler against the local control plane: an environment role whose permission set
 * is authoritative; destroy_behavior "delete" or "abandon" (README, workos_role).
 */
import { roleHandler } from '../../../providers/handlers/role';
import type { ResourceHandler } from '../../../providers/handler';
import { brief, diagnosticOf, failingOn, InjectedFailure, partialCreateOf, planned, useDashboardlessTarget, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = roleHandler;
const role = (given: Values): Values => planned(handler, { destroy_behavior: 'delete', ...given });

describe('workos_role handler', () => {
  const target = useHandlerTarget();
  const realLike = useDashboardlessTarget(target);

  beforeAll(async () => {
    for (const slug of ['docs:read', 'docs:write', 'billing:view']) await target.client.permissions.create({ slug, name: slug });
  });

  describe('GIVEN a new role "editor" with two permissions', () => {
    let created: Values;

    beforeAll(async () => {
      created = await handler.create(target.context(), role({ slug: 'editor', name: 'Editor', permissions: ['docs:write', 'docs:read'] }));
    });

    test('WHEN created THEN the state holds the server id and the permissions sorted', () => {
      expect(created).toEqual({
        id: expect.stringMatching(/^role_/),
        slug: 'editor',
        name: 'Editor',
        description: null,
        permissions: ['docs:read', 'docs:write'],
        destroy_behavior: 'delete',
      });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), created)).toEqual(created);
    });

    test('WHEN updated in place THEN name, description and permissions change and the id stays', async () => {
      const next = role({ ...created, name: 'Editors', description: 'Writes docs', permissions: ['billing:view'] });
      const updated = await handler.update(target.context(), created, next);
      expect(updated).toEqual({ ...next, id: created.id });
      expect(await target.client.roles.get('editor')).toMatchObject({ id: created.id, name: 'Editors', description: 'Writes docs', permissions: ['billing:view'] });
      created = updated;
    });

    test('WHEN a permission is added out of band THEN read reports it', async () => {
      await target.client.roles.addPermission('editor', 'docs:read');
      expect(await handler.read(target.context(), created)).toEqual({ ...created, permissions: ['billing:view', 'docs:read'] });
    });

    test('WHEN imported by its slug THEN the state is complete with destroy_behavior "delete"', async () => {
      expect(await handler.importState(target.context(), 'editor')).toEqual({
        id: created.id,
        slug: 'editor',
        name: 'Editors',
        description: 'Writes docs',
        permissions: ['billing:view', 'docs:read'],
        destroy_behavior: 'delete',
      });
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), created);
      expect(await handler.read(target.context(), created)).toBeNull();
      await expect(handler.delete(target.context(), created)).resolves.toBeUndefined();
    });
  });

  describe('GIVEN roles without permissions (toState: unset vs empty set)', () => {
    test('WHEN permissions are unset in the config THEN create and read keep null', async () => {
      const state = await handler.create(target.context(), role({ slug: 'unset-perms', name: 'Unset' }));
      expect(state.permissions).toBeNull();
      expect((await handler.read(target.context(), state))?.permissions).toBeNull();
    });

    test('WHEN permissions are an empty set in the config THEN create and read keep []', async () => {
      const state = await handler.create(target.context(), role({ slug: 'empty-perms', name: 'Empty', permissions: [] }));
      expect(state.permissions).toEqual([]);
      expect((await handler.read(target.context(), state))?.permissions).toEqual([]);
    });

    test('WHEN imported THEN a role without permissions has permissions null', async () => {
      expect((await handler.importState(target.context(), 'empty-perms'))?.permissions).toBeNull();
    });

    test('WHEN nothing has the import id THEN importState returns null', async () => {
      expect(await handler.importState(target.context(), 'no-such-role')).toBeNull();
    });
  });

  test('GIVEN setting the permissions fails after the role was created WHEN created THEN PartialCreateError keeps the created role', async () => {
    const ctx = target.context({ client: failingOn(target.client, 'roles', 'setPermissions') });
    const err = await partialCreateOf(handler.create(ctx, role({ slug: 'half-made', name: 'Half made', permissions: ['docs:read'] })));
    expect(err.failure).toBeInstanceOf(InjectedFailure);
    expect(err.state).toEqual({ id: expect.stringMatching(/^role_/), slug: 'half-made', name: 'Half made', description: null, permissions: [], destroy_behavior: 'delete' });
    expect((await target.client.roles.get('half-made')).id).toBe(err.state.id);
  });

  describe('GIVEN destroy_behavior', () => {
    test('WHEN "abandon" THEN delete warns and the role stays in WorkOS', async () => {
      const state = await handler.create(target.context(), role({ slug: 'kept', name: 'Kept', destroy_behavior: 'abandon' }));
      const ctx = target.context();
      await handler.delete(ctx, state);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'warning', summary: 'Environment role "kept" left in WorkOS' }]);
      expect((await target.client.roles.get('kept')).slug).toBe('kept');
    });

    test('WHEN "delete" on a target that cannot delete environment roles THEN delete throws at destroy_behavior and nothing is deleted', async () => {
      const state = await handler.create(target.context(), role({ slug: 'undeletable', name: 'Undeletable' }));
      const diagnostic = await diagnosticOf(handler.delete(realLike.context(), state));
      expect(diagnostic).toMatchObject({ severity: 'error', summary: 'WorkOS cannot delete environment roles through its API', path: ['destroy_behavior'] });
      expect(diagnostic.detail).toContain('"undeletable" can only be deleted in the WorkOS dashboard');
      expect((await target.client.roles.get('undeletable')).slug).toBe('undeletable');
    });

    test('WHEN a destroy is planned on such a target THEN modifyPlan reports the same error', async () => {
      const ctx = realLike.planContext();
      await handler.modifyPlan!(ctx, null, role({ id: 'role_x', slug: 'undeletable', name: 'Undeletable' }));
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'WorkOS cannot delete environment roles through its API', path: ['destroy_behavior'] }]);
    });

    test('WHEN an "abandon" destroy is planned on such a target THEN modifyPlan has nothing to say', async () => {
      const ctx = realLike.planContext();
      await handler.modifyPlan!(ctx, null, role({ id: 'role_x', slug: 'kept', name: 'Kept', destroy_behavior: 'abandon' }));
      expect(ctx.diagnostics).toEqual([]);
    });
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN a permission slug exists nowhere THEN an error at that element of permissions', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, role({ slug: 'auditor', name: 'Auditor', permissions: ['docs:read', 'docs:delete'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'permission "docs:delete" does not exist', path: ['permissions', 1] }]);
      expect(ctx.diagnostics[0].detail).toContain('workos_permission.docs_delete.slug');
    });

    test('WHEN two resources create the same slug in one walk THEN the second gets an error at slug', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, role({ slug: 'twin', name: 'Twin A' }), null);
      const second = target.context({ plan: ctx.plan });
      await handler.modifyPlan!(second, role({ slug: 'twin', name: 'Twin B' }), null);
      expect(ctx.diagnostics).toEqual([]);
      expect(brief(second.diagnostics)).toEqual([{ severity: 'error', summary: 'another resource in this configuration also creates role "twin"', path: ['slug'] }]);
    });

    test('WHEN the environment default role is to be destroyed THEN an error at destroy_behavior', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, null, role({ id: 'role_member', slug: 'member', name: 'Member' }));
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'error', summary: 'Role "member" is the default role of the environment: it cannot be destroyed', path: ['destroy_behavior'] },
      ]);
    });

    test('WHEN a role with known permissions is created THEN no diagnostic', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, role({ slug: 'reader', name: 'Reader', permissions: ['docs:read'] }), null);
      expect(ctx.diagnostics).toEqual([]);
      expect(ctx.plan?.creates('role', null, 'reader')).toBe(true);
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    test('WHEN a new role has a slug the target has, with another name THEN an error at slug with the import command', async () => {
      await target.client.permissions.create({ slug: 'plan:read', name: 'Read' });
      await target.client.roles.create({ slug: 'plan-taken', name: 'Taken' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, role({ slug: 'plan-taken', name: 'Taken by another', permissions: ['plan:read'] }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'error', summary: 'role "plan-taken" already exists on the target: import it with `terraform import workos_role.<name> plan-taken`', path: ['slug'] },
      ]);
      expect(ctx.diagnostics[0].detail).toContain('differs from this configuration in name');
    });
  });

  test('GIVEN a role on the target without its permissions (a create whose answer was lost) WHEN planned with the same name THEN a warning: the apply adopts it', async () => {
    await target.client.permissions.create({ slug: 'plan:write', name: 'Write' });
    await target.client.roles.create({ slug: 'plan-writer', name: 'Writer' });
    const ctx = target.planContext();
    await handler.modifyPlan!(ctx, role({ slug: 'plan-writer', name: 'Writer', permissions: ['plan:write'] }), null);
    expect(brief(ctx.diagnostics)).toEqual([{ severity: 'warning', summary: 'role "plan-writer" already exists on the target and is not in state: the apply adopts it', path: ['slug'] }]);
  });

  test('GIVEN a role on the target with other permissions WHEN planned with the same name THEN an error naming permissions', async () => {
    await target.client.roles.create({ slug: 'plan-other', name: 'Other' });
    await target.client.roles.setPermissions('plan-other', ['plan:write']);
    const ctx = target.planContext();
    await handler.modifyPlan!(ctx, role({ slug: 'plan-other', name: 'Other' }), null);
    expect(ctx.diagnostics.map((d) => d.severity)).toEqual(['error']);
    expect(ctx.diagnostics[0].detail).toContain('differs from this configuration in permissions');
  });
});
