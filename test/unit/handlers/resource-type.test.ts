/**
 * workos_resource_type handler against the local control plane: a kind of resource and the
 * types it may sit under; the hierarchy has no cycles; dashboard-only in WorkOS (README,
 * workos_resource_type; docs/semantics.md).
 */
import { resourceTypeHandler } from '../../../providers/handlers/resource-type';
import type { ResourceHandler } from '../../../providers/handler';
import { UNKNOWN } from '../../../src/schemas/builder';
import { brief, diagnosticOf, failingOn, planned, useDashboardlessTarget, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = resourceTypeHandler;
const type = (given: Values): Values => planned(handler, given);
const UNSUPPORTED = 'The WorkOS API cannot manage resource types';

describe('workos_resource_type handler', () => {
  const target = useHandlerTarget();
  const realLike = useDashboardlessTarget(target);

  describe('GIVEN the types "workspace" and "project" under it', () => {
    let workspace: Values;
    let project: Values;

    beforeAll(async () => {
      workspace = await handler.create(target.context(), type({ slug: 'workspace', name: 'Workspace' }));
      await handler.create(target.context(), type({ slug: 'folder', name: 'Folder', parent_types: [] }));
      project = await handler.create(target.context(), type({ slug: 'project', name: 'Project', parent_types: ['workspace'] }));
    });

    test('WHEN created THEN the id is the slug, and unset parents stay null', () => {
      expect(workspace).toEqual({ id: 'workspace', slug: 'workspace', name: 'Workspace', parent_types: null });
      expect(project).toEqual({ id: 'project', slug: 'project', name: 'Project', parent_types: ['workspace'] });
    });

    test('WHEN read THEN the state is the same; an empty parent set stays [] (toState: unset vs empty)', async () => {
      expect(await handler.read(target.context(), project)).toEqual(project);
      expect(await handler.read(target.context(), workspace)).toEqual(workspace);
      expect((await handler.read(target.context(), type({ id: 'folder', slug: 'folder', name: 'Folder', parent_types: [] })))?.parent_types).toEqual([]);
    });

    test('WHEN updated in place THEN name and parents change, sorted', async () => {
      const next = type({ ...project, name: 'Projects', parent_types: ['workspace', 'folder'] });
      project = await handler.update(target.context(), project, next);
      expect(project).toEqual({ id: 'project', slug: 'project', name: 'Projects', parent_types: ['folder', 'workspace'] });
      expect(await target.client.resourceTypes.get('project')).toMatchObject({ name: 'Projects', parentTypes: expect.arrayContaining(['folder', 'workspace']) });
    });

    test('WHEN a parent is removed out of band THEN read reports it', async () => {
      await target.client.resourceTypes.update('project', { parentTypes: ['workspace'] });
      expect(await handler.read(target.context(), project)).toEqual({ ...project, parent_types: ['workspace'] });
    });

    test('WHEN imported by slug THEN parents are a set, or null when there are none', async () => {
      expect(await handler.importState(target.context(), 'project')).toEqual({ id: 'project', slug: 'project', name: 'Projects', parent_types: ['workspace'] });
      expect(await handler.importState(target.context(), 'workspace')).toEqual({ id: 'workspace', slug: 'workspace', name: 'Workspace', parent_types: null });
      expect(await handler.importState(target.context(), 'no-such-type')).toBeNull();
    });

    test('WHEN a change would close a cycle with the types on the server THEN modifyPlan reports it at parent_types', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, type({ ...workspace, parent_types: ['project'] }), workspace);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'Resource types would form a cycle: workspace → project → workspace', path: ['parent_types'] }]);
      expect(ctx.diagnostics[0].detail).toContain('"workspace" → "project" → "workspace" would lead back to itself');
    });

    test('WHEN three NEW types form a cycle among themselves THEN the last planned reports it once at parent_types, before anything exists', async () => {
      const ctx = target.planContext();
      const plan = { plan: ctx.plan };
      const planOf = [ctx, target.context(plan), target.context(plan)];
      await handler.modifyPlan!(planOf[0], type({ slug: 'cyc-a', name: 'A', parent_types: ['cyc-b'] }), null);
      await handler.modifyPlan!(planOf[1], type({ slug: 'cyc-b', name: 'B', parent_types: ['cyc-c'] }), null);
      await handler.modifyPlan!(planOf[2], type({ slug: 'cyc-c', name: 'C', parent_types: ['cyc-a', 'workspace'] }), null);
      expect(planOf[0].diagnostics).toEqual([]);
      expect(planOf[1].diagnostics).toEqual([]);
      expect(brief(planOf[2].diagnostics)).toEqual([{ severity: 'error', summary: 'Resource types would form a cycle: cyc-c → cyc-a → cyc-b → cyc-c', path: ['parent_types'] }]);
      expect(await target.client.resourceTypes.get('cyc-a').catch(() => null)).toBeNull();
    });

    test('WHEN new types of a cycle are planned concurrently THEN the cycle is reported once', async () => {
      const ctx = target.planContext();
      const contexts = [ctx, target.context({ plan: ctx.plan }), target.context({ plan: ctx.plan })];
      const cycle = [
        ['par-a', 'par-b'],
        ['par-b', 'par-c'],
        ['par-c', 'par-a'],
      ];
      await Promise.all(cycle.map(([slug, parent], i) => handler.modifyPlan!(contexts[i], type({ slug, name: slug, parent_types: [parent] }), null)));
      expect(contexts.flatMap((c) => brief(c.diagnostics))).toEqual([{ severity: 'error', summary: expect.stringMatching(/^Resource types would form a cycle: par-/), path: ['parent_types'] }]);
    });

    test('WHEN new types chain without a cycle THEN nothing is reported', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, type({ slug: 'chain-a', name: 'A', parent_types: ['chain-b'] }), null);
      const second = target.context({ plan: ctx.plan });
      await handler.modifyPlan!(second, type({ slug: 'chain-b', name: 'B', parent_types: ['workspace'] }), null);
      expect([...ctx.diagnostics, ...second.diagnostics]).toEqual([]);
    });

    test('WHEN the parents are unchanged THEN modifyPlan asks nothing and says nothing', async () => {
      // Listing the types would fail: the check must not need them.
      const ctx = target.planContext({ client: failingOn(target.client, 'resourceTypes', 'list') });
      await handler.modifyPlan!(ctx, { ...project }, project);
      expect(ctx.diagnostics).toEqual([]);
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), project);
      expect(await handler.read(target.context(), project)).toBeNull();
      await expect(handler.delete(target.context(), project)).resolves.toBeUndefined();
    });
  });

  describe('GIVEN validate (cross-attribute rules)', () => {
    test('WHEN a type lists itself among its parents THEN an error at parent_types', () => {
      expect(handler.validate!(type({ slug: 'team', name: 'Team', parent_types: ['org', 'team'] }))).toEqual([
        {
          severity: 'error',
          summary: 'Resource type "team" cannot be its own parent',
          detail: 'parent_types of "team" lists "team" itself. Resource types form a hierarchy without cycles; remove it from parent_types.',
          path: ['parent_types'],
        },
      ]);
    });

    test('WHEN the parents are unknown or other types THEN no error', () => {
      expect(handler.validate!(type({ slug: 'team', name: 'Team', parent_types: UNKNOWN }))).toEqual([]);
      expect(handler.validate!(type({ slug: 'team', name: 'Team', parent_types: ['org'] }))).toEqual([]);
    });
  });

  describe('GIVEN modifyPlan sets the id', () => {
    test('WHEN the slug is known THEN the planned id is the slug; WHEN unknown THEN it is unknown', async () => {
      const known = type({ slug: 'team', name: 'Team' });
      const unknown = type({ slug: UNKNOWN, name: 'Team' });
      await handler.modifyPlan!(target.planContext(), known, null);
      await handler.modifyPlan!(target.planContext(), unknown, null);
      expect([known.id, unknown.id]).toEqual(['team', UNKNOWN]);
    });
  });

  describe('GIVEN a target without the dashboard routes (real WorkOS)', () => {
    test('WHEN planned THEN an error says the API cannot manage resource types', async () => {
      const ctx = realLike.planContext();
      await handler.modifyPlan!(ctx, type({ slug: 'team', name: 'Team' }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: UNSUPPORTED }]);
      expect(ctx.diagnostics[0].detail).toContain('Authorization → Resource types');
    });

    test('WHEN created, read, deleted or imported anyway THEN each throws the same diagnostic: a 404 there is no "gone"', async () => {
      const values = type({ id: 'workspace', slug: 'workspace', name: 'Workspace' });
      const ctx = realLike.context();
      const calls = [handler.create(ctx, values), handler.read(ctx, values), handler.delete(ctx, values), handler.importState(ctx, 'workspace')];
      for (const call of calls) expect((await diagnosticOf(call)).summary).toBe(UNSUPPORTED);
      expect((await target.client.resourceTypes.get('workspace')).slug).toBe('workspace');
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    test('WHEN a new type has a slug the target has THEN an error at slug with the import command', async () => {
      await target.client.resourceTypes.create({ slug: 'plan-taken', name: 'Taken', parentTypes: [] });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, type({ slug: 'plan-taken', name: 'Other' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        { severity: 'error', summary: 'resource type "plan-taken" already exists on the target: import it with `terraform import workos_resource_type.<name> plan-taken`', path: ['slug'] },
      ]);
    });
  });
});
