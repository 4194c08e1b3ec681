/**
 * workos_resource_assignment handler against the local control plane: membership M has role R
 * on resource X, named by `resource_id` or by type + external id; imported as
 * `<organization_membership_id>/<assignment_id>` (README, workos_resource_assignment).
 */
import { resourceAssignmentHandler } from '../../../providers/handlers/resource-assignment';
import { resourceHandler } from '../../../providers/handlers/resource';
import type { ResourceHandler } from '../../../providers/handler';
import { UNKNOWN } from '../../../src/schemas/builder';
import { brief, diagnosticOf, planned, useHandlerTarget, type Values } from './harness';

const handler: ResourceHandler = resourceAssignmentHandler;
const assignment = (given: Values): Values => planned(handler, given);
const NAMING_HELP = 'Name the resource one way: `resource_id`, or `resource_type_slug` together with `resource_external_id`.';

describe('workos_resource_assignment handler', () => {
  const target = useHandlerTarget();
  let org: string;
  let membership: string;
  let platform: string;

  beforeAll(async () => {
    const c = target.client;
    org = (await c.organizations.create({ name: 'Acme' })).id;
    const user = await c.users.create({ email: 'dev@example.com' });
    membership = (await c.memberships.create({ organizationId: org, userId: user.id })).id;
    await c.roles.create({ slug: 'editor', name: 'Editor' });
    await c.resourceTypes.create({ slug: 'workspace', name: 'Workspace', parentTypes: [] });
    platform = (await c.resources.create({ organizationId: org, resourceTypeSlug: 'workspace', externalId: 'platform', name: 'Platform' })).id;
  });

  describe('GIVEN an assignment of "editor" on workspace "platform"', () => {
    let byId: Values;
    let byExternalId: Values;

    beforeAll(async () => {
      byId = await handler.create(target.context(), assignment({ organization_membership_id: membership, role_slug: 'editor', resource_id: platform }));
      byExternalId = await handler.create(
        target.context(),
        assignment({ organization_membership_id: membership, role_slug: 'member', resource_type_slug: 'workspace', resource_external_id: 'platform' }),
      );
    });

    test('WHEN created by resource_id THEN the state names the resource fully', () => {
      expect(byId).toEqual({
        id: expect.any(String),
        organization_membership_id: membership,
        role_slug: 'editor',
        resource_id: platform,
        resource_type_slug: 'workspace',
        resource_external_id: 'platform',
      });
    });

    test('WHEN created by type and external id THEN the state holds the resource id too', () => {
      expect(byExternalId).toEqual({ ...byId, id: expect.any(String), role_slug: 'member' });
      expect(byExternalId.id).not.toBe(byId.id);
    });

    test('WHEN read THEN the state is the same', async () => {
      expect(await handler.read(target.context(), byId)).toEqual(byId);
    });

    test('WHEN imported as "<membership>/<assignment>" THEN the state is the same', async () => {
      expect(await handler.importState(target.context(), `${membership}/${byId.id}`)).toEqual(byId);
      expect(await handler.importState(target.context(), `${membership}/ra_nothing`)).toBeNull();
      expect(await handler.importState(target.context(), `om_nothing/${byId.id}`)).toBeNull();
    });

    test('WHEN "updated" (every attribute forces replacement) THEN the current object is returned', async () => {
      expect(await handler.update(target.context(), byId, byId)).toEqual(byId);
    });

    test('WHEN deleted out of band THEN read returns null and update says it no longer exists', async () => {
      await target.client.roleAssignments.delete(membership, byExternalId.id as string);
      expect(await handler.read(target.context(), byExternalId)).toBeNull();
      await expect(handler.update(target.context(), byExternalId, byExternalId)).rejects.toThrow(`role assignment ${byExternalId.id} no longer exists`);
    });

    test('WHEN deleted THEN read returns null, and a second delete succeeds', async () => {
      await handler.delete(target.context(), byId);
      expect(await handler.read(target.context(), byId)).toBeNull();
      await expect(handler.delete(target.context(), byId)).resolves.toBeUndefined();
    });
  });

  test.each(['ra_1', 'om_1/', '/ra_1', 'om_1/ra_1/x'])('GIVEN the import id "%s" WHEN imported THEN an invalid import id error', async (id) => {
    expect(await diagnosticOf(handler.importState(target.context(), id))).toEqual({
      severity: 'error',
      summary: `Invalid import id "${id}"`,
      detail: 'Import a role assignment as `<organization_membership_id>/<assignment_id>`.',
    });
  });

  describe('GIVEN validate (one way to name the resource)', () => {
    const error = (summary: string, path: string) => [{ severity: 'error', summary, detail: NAMING_HELP, path: [path] }];
    const check = (given: Values) => handler.validate!(assignment({ organization_membership_id: 'om_1', role_slug: 'editor', ...given }));

    test('WHEN by id, or by type and external id THEN no error', () => {
      expect(check({ resource_id: 'res_1' })).toEqual([]);
      expect(check({ resource_type_slug: 'workspace', resource_external_id: 'platform' })).toEqual([]);
    });

    test('WHEN both ways THEN a conflict at the second way', () => {
      expect(check({ resource_id: 'res_1', resource_type_slug: 'workspace' })).toEqual(error('Conflicting resource references', 'resource_type_slug'));
      expect(check({ resource_id: 'res_1', resource_external_id: 'platform' })).toEqual(error('Conflicting resource references', 'resource_external_id'));
    });

    test('WHEN neither, or half of the second way THEN an error at the missing attribute', () => {
      expect(check({})).toEqual(error('Missing resource reference: set resource_id, or resource_type_slug and resource_external_id', 'resource_id'));
      expect(check({ resource_external_id: 'platform' })).toEqual(error('resource_external_id needs resource_type_slug', 'resource_type_slug'));
      expect(check({ resource_type_slug: 'workspace' })).toEqual(error('resource_type_slug needs resource_external_id', 'resource_external_id'));
    });

    test('WHEN a reference is still unknown THEN it is judged later', () => {
      expect(check({ resource_id: UNKNOWN, resource_type_slug: 'workspace' })).toEqual([]);
    });
  });

  describe('GIVEN a plan (modifyPlan)', () => {
    test('WHEN the role exists nowhere THEN an error at role_slug', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, assignment({ organization_membership_id: membership, role_slug: 'ghost', resource_id: platform }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'role "ghost" does not exist', path: ['role_slug'] }]);
    });

    test("WHEN the role belongs to another organization THEN the error names that organization", async () => {
      const globex = await target.client.organizations.create({ name: 'Globex' });
      await target.client.organizationRoles.create(globex.id, { slug: 'org-auditor', name: 'Auditor' });
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, assignment({ organization_membership_id: membership, role_slug: 'org-auditor', resource_id: platform }), null);
      expect(brief(ctx.diagnostics)).toEqual([
        {
          severity: 'error',
          summary: `The role assignment's role_slug is "org-auditor", which organization ${org} cannot use: it belongs to another organization`,
          path: ['role_slug'],
        },
      ]);
      expect(ctx.diagnostics[0].detail).toContain(`role "org-auditor" belongs to organization "Globex" (${globex.id})`);
    });

    test('WHEN the role is unchanged THEN it is not checked again', async () => {
      const ctx = target.planContext();
      const prior = assignment({ id: 'ra_1', organization_membership_id: membership, role_slug: 'ghost', resource_id: platform });
      await handler.modifyPlan!(ctx, { ...prior }, prior);
      expect(ctx.diagnostics).toEqual([]);
    });
  });

  describe('GIVEN a plan against the target (modifyPlan, providers/target-checks.ts)', () => {
    test('WHEN organization_membership_id names nothing THEN an error at it', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, assignment({ organization_membership_id: 'om_nowhere', role_slug: 'editor', resource_id: platform }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'organization membership "om_nowhere" does not exist', path: ['organization_membership_id'] }]);
    });

    test('WHEN resource_id names nothing THEN an error at resource_id', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, assignment({ organization_membership_id: membership, role_slug: 'editor', resource_id: 'res_nowhere', resource_type_slug: UNKNOWN, resource_external_id: UNKNOWN }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: 'resource "res_nowhere" does not exist', path: ['resource_id'] }]);
    });

    test('WHEN the type and external id name nothing in the organization THEN an error at resource_external_id', async () => {
      const ctx = target.planContext();
      await handler.modifyPlan!(ctx, assignment({ organization_membership_id: membership, role_slug: 'editor', resource_id: UNKNOWN, resource_type_slug: 'workspace', resource_external_id: 'nowhere' }), null);
      expect(brief(ctx.diagnostics)).toEqual([{ severity: 'error', summary: `workspace "nowhere" in organization ${org} does not exist`, path: ['resource_external_id'] }]);
    });

    test('WHEN that resource is created earlier in this plan THEN nothing is reported', async () => {
      const ctx = target.planContext();
      const newResource = planned(resourceHandler, { organization_id: org, resource_type_slug: 'workspace', external_id: 'nowhere', name: 'New', cascade_delete: false });
      await resourceHandler.modifyPlan!(target.context({ plan: ctx.plan }), newResource, null);
      await handler.modifyPlan!(ctx, assignment({ organization_membership_id: membership, role_slug: 'editor', resource_id: UNKNOWN, resource_type_slug: 'workspace', resource_external_id: 'nowhere' }), null);
      expect(ctx.diagnostics).toEqual([]);
    });
  });
});
