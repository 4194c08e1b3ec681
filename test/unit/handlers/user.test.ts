/** workos_user handler against the local control plane: one user (User Management), identified by its id (`user_…`). */
import { userHandler } from '../../../providers/handlers/user';
import type { ResourceHandler } from '../../../providers/handler';
import { planned, useHandlerTarget, type Values } from './harness';

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
});
