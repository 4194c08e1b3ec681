import { applyChange } from '../../providers/protocol/apply';
import { PartialCreateError, type HandlerContext, type ResourceHandler } from '../../providers/handler';
import { permissionSchema } from '../../src/schemas';

const ctx = { diagnostics: [] } as unknown as HandlerContext;

test('GIVEN a create that made the object but failed afterwards THEN the object is kept in state with the error', async () => {
  const handler = {
    schema: permissionSchema,
    create: async () => {
      throw new PartialCreateError({ id: 'perm_1', slug: 'a:b', name: 'A', description: null }, new Error('setting permissions failed'));
    },
  } as unknown as ResourceHandler;
  const outcome = await applyChange(handler, ctx, null, { id: null, slug: 'a:b', name: 'A', description: null });
  expect(outcome.state).toEqual({ id: 'perm_1', slug: 'a:b', name: 'A', description: null });
  expect(outcome.diagnostics).toEqual([expect.objectContaining({ severity: 'error', summary: 'setting permissions failed' })]);
});

test('GIVEN a create that failed outright THEN nothing is recorded', async () => {
  const handler = { schema: permissionSchema, create: async () => Promise.reject(new Error('boom')) } as unknown as ResourceHandler;
  const outcome = await applyChange(handler, ctx, null, { id: null, slug: 'a:b', name: 'A', description: null });
  expect(outcome.state).toBeNull();
});
