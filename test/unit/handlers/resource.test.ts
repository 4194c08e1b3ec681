/**
 * workos_resource handler against the local control plane: one resource of an organization
 * under an optional parent, imported by id; deleting one with dependents needs cascade_delete
 * (README, workos_resource; docs/semantics.md).
 */
import { resourceHandler } from '../../../providers/handlers/resource';
import { resourceTypeHandler } from '../../../providers/handlers/resource-type';
import type { ResourceHandler } from '../../../providers/handler';
import { UNKNOWN } from '../../../src/schemas/builder';
import { brief, diagnosticOf, failingOn, planned, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = resourceHandler;

describe('workos_resource handler', () => {
  const target = useHandlerTarget();
  let org: string;
  const resource = (given: Values): Values => planned(handler, { organization_id: org, cascade_delete: false, ...given });

  beforeAll(async () => {
    org = (await target.client.organizations.create({ name: 'Acme' })).id;
    await target.client.resourceTypes.create({ slug: 'workspace', name: 'Workspace', parentTypes: [] });
    await target.client.resourceTypes.create({ slug: 'project', name: 'Project', parentTypes: ['workspace'] });
  });

  describe('GIVEN workspace "platform" and project "api" under it', () => {
    let platform: Values;
    let api: Values;

    beforeAll(async () => {
      platform = await handler.create(target.context(), resource({ resource_type_slug: 'workspace', external_id: 'platform', name: 'Platform' }));
      api = await handler.create(target.context(), resource({ resource_type_slug: 'project', external_id: 'api', name: 'API', description: 'Public API', parent_id: platform.id }));
    });

    test('WHEN created THEN the state holds the server id, the parent and cascade_delete as configured', () => {
      expect(platform).toEqual({
        id: expect.any(String),
        organization_id: org,
        resource_type_slug: 'workspace',
        external_id: 'platform',
        name: 'Platform',
        description: null,
        parent_id: null,
        cascade_delete: false,
      });
      expect(api).toMatchObject({ resource_type_slug: 'project', external_id: 'api', description: 'Public API', parent_id: platform.id });
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), api)).toEqual(api);
    });

    test('WHEN moved and renamed in place THEN the server has the new parent and name, the id stays', async () => {
      const other = await handler.create(target.context(), resource({ resource_type_slug: 'workspace', external_id: 'data', name: 'Data' }));
      const next = resource({ ...api, name: 'Public API', description: null, parent_id: other.id });
      api = await handler.update(target.context(), api, next);
      expect(api).toEqual(next);
      expect(await target.client.resources.get(api.id as string)).toMatchObject({ name: 'Public API', description: null, parentResourceId: other.id });
    });

    test('WHEN only cascade_delete changes THEN nothing is sent and the state records it', async () => {
      // An update request would fail: only the get may be sent.
      const ctx = target.context({ client: failingOn(target.client, 'resources', 'update') });
      api = await handler.update(ctx, api, { ...api, cascade_delete: true });
      expect(api).toMatchObject({ name: 'Public API', parent_id: expect.any(String), cascade_delete: true });
    });

    test('WHEN renamed out of band THEN read reports it and keeps cascade_delete', async () => {
      await target.client.resources.update(api.id as string, { name: 'Renamed elsewhere' });
      expect(await handler.read(target.context(), api)).toEqual({ ...api, name: 'Renamed elsewhere', cascade_delete: true });
    });

    test('WHEN imported by id THEN the state is complete with cascade_delete false; an unknown id gives null', async () => {
      expect(await handler.importState(target.context(), api.id as string)).toEqual({ ...api, name: 'Renamed elsewhere', cascade_delete: false });
      expect(await handler.importState(target.context(), 'resource_nothing')).toBeNull();
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), api);
      expect(await handler.read(target.context(), api)).toBeNull();
      await expect(handler.delete(target.context(), api)).resolves.toBeUndefined();
    });
  });

  describe('GIVEN a workspace with a child project', () => {
    let parent: Values;
    let child: Values;

    beforeAll(async () => {
      parent = await handler.create(target.context(), resource({ resource_type_slug: 'workspace', external_id: 'ops', name: 'Ops' }));
      child = await handler.create(target.context(), resource({ resource_type_slug: 'project', external_id: 'runbooks', name: 'Runbooks', parent_id: parent.id }));
    });

    test('WHEN the parent would move under its own child THEN modifyPlan reports the cycle at parent_id', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, resource({ ...parent, parent_id: child.id }), parent);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'Resources would form a cycle', path: ['parent_id'] }]);
      expect(ctx.diagnostics[0].detail).toBe(
        'workspace "ops" cannot move under project "runbooks": that is one of its own descendants (workspace "ops" → project "runbooks" → workspace "ops"). Nothing was changed.',
      );
    });

    test('WHEN the child moves elsewhere THEN modifyPlan has nothing to say', async () => {
      const ctx = target.planContext();
      const elsewhere = await target.client.resources.create({ organizationId: org, resourceTypeSlug: 'workspace', externalId: 'elsewhere', name: 'Elsewhere' });
      await handler.modifyPlan!(ctx, resource({ ...child, parent_id: elsewhere.id }), child);
      expect(ctx.diagnostics).toEqual([]);
    });

    test('WHEN the parent is deleted without cascade_delete THEN an error at cascade_delete and nothing is deleted', async () => {
      const diagnostic = await diagnosticOf(handler.delete(target.context(), parent));
      expect(brief([diagnostic])).toEqual([{ severity: 'error', summary: 'Resource "Ops" still has child resources or role assignments', path: ['cascade_delete'] }]);
      expect(diagnostic.detail).toContain(`WorkOS refused to delete workspace "ops" (${parent.id})`);
      expect(await handler.read(target.context(), child)).toEqual(child);
    });

    test('WHEN deleted with cascade_delete THEN its descendants go with it', async () => {
      await handler.delete(target.context(), { ...parent, cascade_delete: true });
      expect(await handler.read(target.context(), parent)).toBeNull();
      expect(await handler.read(target.context(), child)).toBeNull();
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    test('WHEN a new resource has a type and external id the organization has THEN an error at external_id naming the resource id to import', async () => {
      const taken = await target.client.resources.create({ organizationId: org, resourceTypeSlug: 'workspace', externalId: 'plan-taken', name: 'Taken' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, resource({ resource_type_slug: 'workspace', external_id: 'plan-taken', name: 'Another name' }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        {
          severity: 'error',
          summary: `workspace "plan-taken" of organization ${org} already exists on the target: import it with \`terraform import workos_resource.<name> ${taken.id}\``,
          path: ['external_id'],
        },
      ]);
    });

    test('WHEN parent_id, resource_type_slug and organization_id name nothing THEN an error at each', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, resource({ resource_type_slug: 'galaxy', external_id: 'x', name: 'X', parent_id: 'res_nowhere' }), null);
      const other = target.planContext();
      await handler.modifyPlan!(other, resource({ organization_id: 'org_nowhere', resource_type_slug: 'workspace', external_id: 'x', name: 'X' }), null);
      expect(brief([...ctx.diagnostics, ...other.diagnostics])).toEqual([
        { severity: 'error', summary: 'resource type "galaxy" does not exist', path: ['resource_type_slug'] },
        { severity: 'error', summary: 'resource "res_nowhere" does not exist', path: ['parent_id'] },
        { severity: 'error', summary: 'organization "org_nowhere" does not exist', path: ['organization_id'] },
      ]);
    });

    test('WHEN the type is created earlier in this plan and the parent is new (unknown) THEN nothing is reported', async () => {
      const ctx = target.planContext();
      await resourceTypeHandler.modifyPlan!(target.context({ plan: ctx.plan }), planned(resourceTypeHandler, { slug: 'galaxy', name: 'Galaxy' }), null);
      await handler.modifyPlan!(ctx, resource({ resource_type_slug: 'galaxy', external_id: 'milky-way', name: 'Milky Way', parent_id: UNKNOWN }), null);
      expect(ctx.diagnostics).toEqual([]);
    });
  });
});
