import { resourceHandler, type ResourceState } from '../../providers/handlers/resource';
import { NotFoundError } from '../../src/client/errors';
import type { Diagnostic } from '../../src/schemas/builder';
import type { HandlerContext } from '../../providers/handler';

// GIVEN folders root ← a ← b (b under a, a under root) on the server.
const server: Record<string, { id: string; resourceTypeSlug: string; externalId: string; parentResourceId: string | null }> = {
  r_root: { id: 'r_root', resourceTypeSlug: 'folder', externalId: 'root', parentResourceId: null },
  r_a: { id: 'r_a', resourceTypeSlug: 'folder', externalId: 'a', parentResourceId: 'r_root' },
  r_b: { id: 'r_b', resourceTypeSlug: 'folder', externalId: 'b', parentResourceId: 'r_a' },
};
const ctx = (): HandlerContext =>
  ({
    diagnostics: [] as Diagnostic[],
    client: {
      resources: {
        get: async (id: string) => {
          const r = server[id];
          if (!r) throw new NotFoundError({ status: 404, code: 'not_found', message: 'not found', method: 'GET', path: id } as never);
          return r;
        },
      },
    },
  }) as unknown as HandlerContext;

const root: ResourceState = { id: 'r_root', organization_id: 'org_1', resource_type_slug: 'folder', external_id: 'root', name: 'Root', description: null, parent_id: null, cascade_delete: false };

test('WHEN a resource would move under its own descendant THEN the plan fails at parent_id and shows the cycle', async () => {
  const c = ctx();
  await resourceHandler.modifyPlan(c, { ...root, parent_id: 'r_b' }, root);
  expect(c.diagnostics).toEqual([
    expect.objectContaining({ severity: 'error', summary: 'Resources would form a cycle', path: ['parent_id'], detail: expect.stringContaining('folder "root" → folder "a" → folder "b" → folder "root"') }),
  ]);
});

test('WHEN the new parent is not a descendant THEN nothing is reported', async () => {
  const b: ResourceState = { ...root, id: 'r_b', external_id: 'b', parent_id: 'r_a' };
  const c = ctx();
  await resourceHandler.modifyPlan(c, { ...b, parent_id: 'r_root' }, b);
  expect(c.diagnostics).toEqual([]);
});
