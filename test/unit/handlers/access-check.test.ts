/**
 * data "workos_access_check" against the local control plane: does the membership hold the
 * permission on the resource, and which grant explains it (README, workos_access_check;
 * docs/semantics.md, access through an ancestor).
 */
import { accessCheckDataSource } from '../../../providers/handlers/access-check';
import { UNKNOWN } from '../../../src/schemas/builder';
import { planned, useHandlerTarget, type Values } from './harness';

const dataSource = accessCheckDataSource;
const config = (given: Values): Values => planned(dataSource, given);

describe('data workos_access_check', () => {
  const target = useHandlerTarget();
  let membership: string;
  let platform: string;

  beforeAll(async () => {
    const c = target.client;
    const org = (await c.organizations.create({ name: 'Acme' })).id;
    for (const slug of ['docs:read', 'docs:write', 'docs:admin']) await c.permissions.create({ slug, name: slug });
    await c.roles.create({ slug: 'reader', name: 'Reader' });
    await c.roles.setPermissions('reader', ['docs:read']);
    await c.roles.setPermissions('member', ['docs:admin']);
    membership = (await c.memberships.create({ organizationId: org, userId: (await c.users.create({ email: 'dev@example.com' })).id })).id;
    await c.resourceTypes.create({ slug: 'workspace', name: 'Workspace', parentTypes: [] });
    await c.resourceTypes.create({ slug: 'project', name: 'Project', parentTypes: ['workspace'] });
    platform = (await c.resources.create({ organizationId: org, resourceTypeSlug: 'workspace', externalId: 'platform', name: 'Platform' })).id;
    await c.resources.create({ organizationId: org, resourceTypeSlug: 'project', externalId: 'api', name: 'API', parentResourceId: platform });
    await c.roleAssignments.create(membership, { roleSlug: 'reader', resourceId: platform });
  });

  describe('GIVEN "reader" assigned on workspace "platform", and project "api" under it', () => {
    test('WHEN checked on the project by type and external id THEN allowed through the ancestor, config echoed', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_membership_id: membership, permission_slug: 'docs:read', resource_type_slug: 'project', resource_external_id: 'api' }));
      expect(answer).toEqual({
        organization_membership_id: membership,
        permission_slug: 'docs:read',
        resource_id: null,
        resource_type_slug: 'project',
        resource_external_id: 'api',
        allowed: true,
        reason: 'allowed: role "reader" on workspace "platform", an ancestor of project "api" grants "docs:read"',
      });
    });

    test('WHEN checked on the workspace by id THEN allowed by the assignment on it', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_membership_id: membership, permission_slug: 'docs:read', resource_id: platform }));
      expect(answer).toMatchObject({ resource_id: platform, resource_type_slug: null, allowed: true, reason: 'allowed: role "reader" on workspace "platform" grants "docs:read"' });
    });

    test('WHEN the organization-level role grants the permission THEN that is the reason', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_membership_id: membership, permission_slug: 'docs:admin', resource_id: platform }));
      expect(answer).toMatchObject({ allowed: true, reason: 'allowed: organization role "member" grants "docs:admin" everywhere in the organization' });
    });

    test('WHEN no role grants the permission THEN denied, listing the roles held', async () => {
      const answer = await dataSource.read(target.context(), config({ organization_membership_id: membership, permission_slug: 'docs:write', resource_type_slug: 'project', resource_external_id: 'api' }));
      expect(answer).toMatchObject({
        allowed: false,
        reason: `denied: no role of ${membership} grants "docs:write" on project "api" or its ancestors (roles held: "member" (organization), "reader" on workspace "platform")`,
      });
    });
  });

  describe('GIVEN validate (exactly one way to name the resource)', () => {
    const check = (given: Values) => dataSource.validate(config({ organization_membership_id: 'om_1', permission_slug: 'docs:read', ...given }));
    const error = (summary: string, attribute: string) => [expect.objectContaining({ severity: 'error', summary, path: [attribute] })];

    test('WHEN by id, or by type and external id THEN no error', () => {
      expect(check({ resource_id: 'res_1' })).toEqual([]);
      expect(check({ resource_type_slug: 'project', resource_external_id: 'api' })).toEqual([]);
    });

    test('WHEN both ways THEN a conflict at resource_id', () => {
      expect(check({ resource_id: 'res_1', resource_external_id: 'api' })).toEqual([
        { severity: 'error', summary: 'Conflicting resource references', detail: 'Set either "resource_id", or "resource_type_slug" with "resource_external_id" — not both.', path: ['resource_id'] },
      ]);
    });

    test('WHEN half of the second way THEN an error at the missing half', () => {
      expect(check({ resource_type_slug: 'project' })).toEqual(error('Missing "resource_external_id"', 'resource_external_id'));
      expect(check({ resource_external_id: 'api' })).toEqual(error('Missing "resource_type_slug"', 'resource_type_slug'));
    });

    test('WHEN nothing, or only empty strings THEN "Missing resource" at resource_id', () => {
      expect(check({})).toEqual(error('Missing resource', 'resource_id'));
      expect(check({ resource_id: '', resource_type_slug: '' })).toEqual(error('Missing resource', 'resource_id'));
    });

    test('WHEN a value is unknown THEN it counts as set', () => {
      expect(check({ resource_id: UNKNOWN })).toEqual([]);
      expect(check({ resource_id: UNKNOWN, resource_type_slug: 'project' })).toEqual(error('Conflicting resource references', 'resource_id'));
    });
  });
});
