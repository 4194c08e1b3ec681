/** workos_permission handler against the local control plane: one permission, identified by its immutable slug. */
import { permissionHandler } from '../../../providers/handlers/permission';
import type { ResourceHandler } from '../../../providers/handler';
import { brief, failingOn, planned, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = permissionHandler;
const permission = (given: Values): Values => planned(handler, given);

describe('workos_permission handler', () => {
  const target = useHandlerTarget();

  describe('GIVEN a new permission "reports:read"', () => {
    let state: Values;

    beforeAll(async () => {
      state = await handler.create(target.context(), permission({ slug: 'reports:read', name: 'Read reports' }));
    });

    test('WHEN created THEN the state holds the server id, and an unset description stays null', () => {
      expect(state).toEqual({ id: expect.stringMatching(/^perm_/), slug: 'reports:read', name: 'Read reports', description: null });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN updated in place THEN name and description change and the id stays', async () => {
      const next = permission({ ...state, name: 'Read all reports', description: 'Every report of the organization' });
      const updated = await handler.update(target.context(), state, next);
      expect(updated).toEqual({ id: state.id, slug: 'reports:read', name: 'Read all reports', description: 'Every report of the organization' });
      expect(await target.client.permissions.get('reports:read')).toMatchObject({ name: 'Read all reports', description: 'Every report of the organization' });
      state = updated;
    });

    test('WHEN renamed out of band THEN read reports the new name', async () => {
      await target.client.permissions.update('reports:read', { name: 'Renamed elsewhere', description: null });
      expect(await handler.read(target.context(), state)).toEqual({ ...state, name: 'Renamed elsewhere', description: null });
    });

    test('WHEN imported by its slug THEN the state is what the server has', async () => {
      expect(await handler.importState(target.context(), 'reports:read')).toEqual({ id: state.id, slug: 'reports:read', name: 'Renamed elsewhere', description: null });
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), state);
      expect(await handler.read(target.context(), state)).toBeNull();
      await expect(handler.delete(target.context(), state)).resolves.toBeUndefined();
    });
  });

  test('GIVEN no permission has the slug WHEN imported THEN importState returns null', async () => {
    expect(await handler.importState(target.context(), 'nothing:here')).toBeNull();
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN two resources create the same slug in one walk THEN the second gets an error at slug', async () => {
      const first = target.planContext();
      await handler.modifyPlan!(first, permission({ slug: 'docs:share', name: 'Share' }), null);
      const second = target.context({ plan: first.plan });
      await handler.modifyPlan!(second, permission({ slug: 'docs:share', name: 'Share docs' }), null);
      expect(first.diagnostics).toEqual([]);
      expect(brief(second.diagnostics)).toEqual([{ severity: 'error', summary: 'another resource in this configuration also creates permission "docs:share"', path: ['slug'] }]);
      expect(second.diagnostics[0].detail).toContain('Two workos_permission resources create permission "docs:share"');
    });

    test('WHEN the same resource is planned twice in one walk THEN it is no duplicate', async () => {
      const ctx = target.planContext();
      const values = permission({ slug: 'docs:print', name: 'Print' });
      await handler.modifyPlan!(ctx, values, null);
      await handler.modifyPlan!(ctx, { ...values }, null);
      expect(ctx.diagnostics).toEqual([]);
      expect(ctx.plan?.creates('permission', null, 'docs:print')).toBe(true);
    });

    test('WHEN only the name changes THEN nothing is recorded as created', async () => {
      const ctx = target.planContext();
      const prior = permission({ id: 'perm_1', slug: 'docs:print', name: 'Print' });
      await handler.modifyPlan!(ctx, { ...prior, name: 'Print docs' }, prior);
      expect(ctx.plan?.creates('permission', null, 'docs:print')).toBe(false);
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    beforeAll(async () => {
      await target.client.permissions.create({ slug: 'plan:taken', name: 'Taken' });
    });

    test('WHEN a new permission has a slug the target has, with another name THEN an error at slug with the import command', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, permission({ slug: 'plan:taken', name: 'Something else' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'error', summary: 'permission "plan:taken" already exists on the target: import it with `terraform import workos_permission.<name> plan:taken`', path: ['slug'] },
      ]);
      expect(ctx.diagnostics[0].detail).toContain('differs from this configuration in name');
    });

    test('WHEN it matches the configuration THEN a warning: the apply adopts it', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, permission({ slug: 'plan:taken', name: 'Taken' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'warning', summary: 'permission "plan:taken" already exists on the target and is not in state: the apply adopts it', path: ['slug'] },
      ]);
    });

    test('WHEN the permission is in state (an update) THEN nothing is said, and nothing is read', async () => {
      const prior = permission({ id: 'perm_1', slug: 'plan:taken', name: 'Taken' });
      const ctx = target.planContext({ client: failingOn(target.client, 'permissions', 'list') });
      await handler.modifyPlan!(ctx, { ...prior, name: 'Renamed' }, prior);
      expect(ctx.diagnostics).toEqual([]);
    });

    test('WHEN the target cannot list permissions THEN the check is skipped, not the plan', async () => {
      const permissions = Object.assign(Object.create(target.client.permissions) as typeof target.client.permissions, {
        list: async function* () {
          throw new Error('injected failure of permissions.list');
        },
      });
      const ctx = target.planContext({ client: Object.assign(Object.create(target.client) as typeof target.client, { permissions }) });
      await handler.modifyPlan!(ctx, permission({ slug: 'plan:taken', name: 'Other' }), null);
      expect(ctx.diagnostics).toEqual([]);
      expect(ctx.logged.map((l) => l.msg)).toContain('graph check skipped: permissions unavailable');
    });
  });

  test('GIVEN a walk that listed a permission before it was deleted (an apply replacing it) WHEN it is planned again THEN the direct read decides: no error', async () => {
    await target.client.permissions.create({ slug: 'plan:replaced', name: 'Replaced' });
    const ctx = target.planContext();
    await handler.modifyPlan!(ctx, permission({ slug: 'plan:replaced', name: 'Other' }), null);
    expect(ctx.diagnostics.map((d) => d.severity)).toEqual(['error']);
    await target.client.permissions.delete('plan:replaced');
    const again = target.context({ plan: ctx.plan });
    await handler.modifyPlan!(again, permission({ slug: 'plan:replaced', name: 'Other' }), null);
    expect(again.diagnostics).toEqual([]);
  });
});
