/** workos_user handler against the local control plane: one user (User Management), identified by its id (`user_…`). */
import { userHandler } from '../../../providers/handlers/user';
import type { ResourceHandler } from '../../../providers/handler';
import { brief, planned, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = userHandler;
const user = (given: Values): Values => planned(handler, given);

describe('workos_user handler', () => {
  const target = useHandlerTarget();

  describe('GIVEN a new user "ada@example.com" with a first name only', () => {
    let state: Values;

    beforeAll(async () => {
      state = await handler.create(target.context(), user({ email: 'ada@example.com', first_name: 'Ada' }));
    });

    test('WHEN created THEN the state holds the server id and the unset last name stays null', () => {
      expect(state).toEqual({ id: expect.stringMatching(/^user_/), email: 'ada@example.com', first_name: 'Ada', last_name: null });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), state)).toEqual(state);
    });

    test('WHEN email and last name change in place THEN the id stays', async () => {
      const next = user({ ...state, email: 'ada.lovelace@example.com', last_name: 'Lovelace' });
      state = await handler.update(target.context(), state, next);
      expect(state).toEqual(next);
    });

    test('WHEN the first name is cleared THEN the state says null, not "" (toState)', async () => {
      state = await handler.update(target.context(), state, user({ ...state, first_name: null }));
      expect(state.first_name).toBeNull();
      expect((await handler.read(target.context(), state))?.first_name).toBeNull();
    });

    test('WHEN renamed out of band THEN read reports it', async () => {
      await target.client.users.update(state.id as string, { firstName: 'Augusta' });
      expect(await handler.read(target.context(), state)).toEqual({ ...state, first_name: 'Augusta' });
    });

    test('WHEN imported by id THEN the state is what the server has; an unknown id gives null', async () => {
      expect(await handler.importState(target.context(), state.id as string)).toEqual({ id: state.id, email: 'ada.lovelace@example.com', first_name: 'Augusta', last_name: 'Lovelace' });
      expect(await handler.importState(target.context(), 'user_nothing')).toBeNull();
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), state);
      expect(await handler.read(target.context(), state)).toBeNull();
      await expect(handler.delete(target.context(), state)).resolves.toBeUndefined();
    });
  });

  test('GIVEN a state without id WHEN read THEN null', async () => {
    expect(await handler.read(target.context(), user({ email: 'never@example.com' }))).toBeNull();
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    test('WHEN a new user has an email the target has (in other case) THEN an error at email naming the user id to import', async () => {
      const taken = await target.client.users.create({ email: 'taken@example.com', firstName: 'Tom' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, user({ email: 'Taken@example.com', first_name: 'Thomas' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        {
          severity: 'error',
          summary: `user "taken@example.com" already exists on the target: import it with \`terraform import workos_user.<name> ${taken.id}\``,
          path: ['email'],
        },
      ]);
      expect(ctx.diagnostics[0].detail).toContain('differs from this configuration in first_name');
    });

    test('WHEN the email is unchanged (an update) THEN nothing is said', async () => {
      const ctx = target.planContext();
      const prior = user({ id: 'user_1', email: 'taken@example.com', first_name: 'Tom' });
      await handler.modifyPlan!(ctx, { ...prior, first_name: 'Thomas' }, prior);
      expect(ctx.diagnostics).toEqual([]);
    });
  });

  test('GIVEN a plan WHEN an existing user changes its email to one another user has THEN an error at email: it must be unique', async () => {
    const other = await target.client.users.create({ email: 'other@example.com' });
    const ctx = target.planContext();
    const prior = user({ id: 'user_1', email: 'mine@example.com' });
    await handler.modifyPlan!(ctx, { ...prior, email: 'other@example.com' }, prior);
    expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'user "other@example.com" already exists on the target: email must be unique', path: ['email'] }]);
    expect(ctx.diagnostics[0].detail).toContain(`Another object on the target (${other.id}) has this email`);
  });
});
