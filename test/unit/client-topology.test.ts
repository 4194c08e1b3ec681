/**
 * The role topology through WorkosClient against the real local control plane: organizations,
 * users, memberships, organization roles, role policy, role mappings, resource types,
 * resources, role assignments, checks and "test mapped attributes", with their error codes.
 * The tests build on each other, like the worked example in docs/semantics.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConflictError, NotFoundError, UnprocessableEntityError, WorkosClient, type Organization, type User } from '../../src/client';
import { startControlPlane, type ControlPlane } from '../../src/control-plane';
import { caught } from '../helpers/control-plane';
import { collect } from '../helpers/fixtures';

const API_KEY = 'sk_test_topology_0123456789';

describe('role topology against the local control plane', () => {
  let plane: ControlPlane;
  let client: WorkosClient;
  let dataDir: string;
  let acme: Organization;
  let globex: Organization;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-rbac-topology-'));
    plane = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: () => {} });
    client = new WorkosClient({ baseUrl: plane.url, apiKey: API_KEY, retryDelay: () => 0 });
    await client.permissions.create({ slug: 'projects:edit', name: 'Edit projects' });
    await client.permissions.create({ slug: 'billing:manage', name: 'Manage billing' });
    await client.roles.create({ slug: 'admin', name: 'Admin' });
    await client.roles.setPermissions('admin', ['billing:manage']);
  });

  afterAll(async () => {
    await plane?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('capabilities: every dashboard extra is served', async () => {
    expect(await client.capabilities()).toEqual({ deleteEnvironmentRole: true, rolePolicy: true, roleMappings: true, resourceTypes: true, directories: true });
  });

  test('organizations and users: create, get, update, list; 404 after delete', async () => {
    acme = await client.organizations.create({ name: 'Acme', externalId: 'acme' });
    expect(acme).toEqual({ id: expect.stringMatching(/^org_/), name: 'Acme', externalId: 'acme', createdAt: expect.any(String), updatedAt: expect.any(String) });
    globex = await client.organizations.create({ name: 'Globex' });
    expect((await client.organizations.update(globex.id, { name: 'Globex Corp' })).name).toBe('Globex Corp');
    expect((await client.organizations.get(acme.id)).externalId).toBe('acme');
    expect((await caught(client.organizations.create({ name: 'Other', externalId: 'acme' }))).status).toBe(409);

    alice = await client.users.create({ email: 'alice@example.com', firstName: 'Alice' });
    bob = await client.users.create({ email: 'bob@example.com' });
    expect(await client.users.get(alice.id)).toMatchObject({ email: 'alice@example.com', firstName: 'Alice', lastName: null });
    expect((await client.users.update(bob.id, { lastName: 'Builder' })).lastName).toBe('Builder');
    expect((await collect(client.users.list({ email: 'bob@example.com' }))).map((u) => u.id)).toEqual([bob.id]);

    const temp = await client.organizations.create({ name: 'Temp' });
    await client.organizations.delete(temp.id);
    expect(await caught(client.organizations.get(temp.id))).toBeInstanceOf(NotFoundError);
  });

  test('memberships: default role when none given; environment roles; one role unless multiple-roles mode', async () => {
    const m = await client.memberships.create({ organizationId: acme.id, userId: alice.id });
    expect(m).toMatchObject({ organizationId: acme.id, userId: alice.id, roleSlugs: ['member'], status: 'active' });
    expect((await client.memberships.setRoles(m.id, ['admin'])).roleSlugs).toEqual(['admin']);

    const several = await caught(client.memberships.setRoles(m.id, ['admin', 'member']));
    expect(several).toBeInstanceOf(UnprocessableEntityError);
    expect(several.message).toMatch(/multiple-roles mode is off/);
    expect((await caught(client.memberships.setRoles(m.id, ['nope']))).message).toMatch(/'nope' is not a role/);

    await client.rolePolicy.update(null, { multipleRoles: true });
    expect((await client.memberships.setRoles(m.id, ['member', 'admin'])).roleSlugs).toEqual(['member', 'admin']);
    await client.memberships.setRoles(m.id, ['member']);
    await client.rolePolicy.update(null, { multipleRoles: false });

    await client.memberships.create({ organizationId: globex.id, userId: bob.id, roleSlugs: ['admin'] });
    expect((await collect(client.memberships.list({ organizationId: acme.id }))).map((x) => x.userId)).toEqual([alice.id]);
    expect((await collect(client.memberships.list({ userId: bob.id }))).map((x) => x.organizationId)).toEqual([globex.id]);
  });

  test('environment role policy: given slugs head the order, unlisted keep their order; unknown slug 422', async () => {
    await client.roles.create({ slug: 'viewer', name: 'Viewer' });
    const p = await client.rolePolicy.update(null, { priority: ['admin'] });
    expect(p).toEqual({ organizationId: null, priority: ['admin', 'member', 'viewer'], defaultRole: 'member', multipleRoles: false, inherited: false });
    expect((await collect(client.roles.list())).map((r) => r.slug)).toEqual(['admin', 'member', 'viewer']);
    const bad = await caught(client.rolePolicy.update(null, { priority: ['ghost'] }));
    expect(bad).toMatchObject({ status: 422 });
    expect(bad.message).toContain("'ghost'");
    expect((await caught(client.rolePolicy.update(null, { defaultRole: 'ghost' }))).status).toBe(422);
  });

  test('organization roles: org- prefix (422 naming slug), own priority order and default role from the first custom role', async () => {
    const noPrefix = await caught(client.organizationRoles.create(acme.id, { slug: 'billing', name: 'Billing' }));
    expect(noPrefix).toBeInstanceOf(UnprocessableEntityError);
    expect(noPrefix.message).toMatch(/slug must start with "org-"/);

    expect(await client.rolePolicy.get(acme.id)).toMatchObject({ organizationId: acme.id, inherited: true, priority: ['admin', 'member', 'viewer'] });
    expect(await caught(client.rolePolicy.update(acme.id, { multipleRoles: true }))).toMatchObject({ status: 409, code: 'organization_has_no_custom_roles' });

    const role = await client.organizationRoles.create(acme.id, { slug: 'org-billing', name: 'Billing' });
    expect(role).toMatchObject({ slug: 'org-billing', type: 'OrganizationRole', permissions: [] });
    expect((await client.organizationRoles.setPermissions(acme.id, 'org-billing', ['billing:manage'])).permissions).toEqual(['billing:manage']);
    expect((await caught(client.organizationRoles.create(acme.id, { slug: 'org-billing', name: 'Again' }))).code).toBe('organization_role_slug_conflict');

    // A copy of the environment order with the new role at the bottom; the environment default.
    expect(await client.rolePolicy.get(acme.id)).toEqual({ organizationId: acme.id, priority: ['admin', 'member', 'viewer', 'org-billing'], defaultRole: 'member', multipleRoles: false, inherited: false });
    expect((await collect(client.organizationRoles.list(acme.id))).map((r) => [r.slug, r.type])).toEqual([
      ['admin', 'EnvironmentRole'],
      ['member', 'EnvironmentRole'],
      ['viewer', 'EnvironmentRole'],
      ['org-billing', 'OrganizationRole'],
    ]);
    // The organization's order is its own now; environment roles added later go to its bottom.
    await client.rolePolicy.update(acme.id, { priority: ['org-billing'], defaultRole: 'viewer' });
    await client.roles.create({ slug: 'auditor', name: 'Auditor' });
    expect((await client.rolePolicy.get(acme.id)).priority).toEqual(['org-billing', 'admin', 'member', 'viewer', 'auditor']);
    expect((await client.rolePolicy.get(null)).priority).toEqual(['admin', 'member', 'viewer', 'auditor']);
    // Another organization cannot use Acme's role.
    expect((await caught(client.memberships.create({ organizationId: globex.id, userId: alice.id, roleSlugs: ['org-billing'] }))).status).toBe(422);
  });

  test('role mappings: kinds, roles of this organization only (another organization\'s role is 422 naming roles)', async () => {
    await client.organizationRoles.create(globex.id, { slug: 'org-globex-ops', name: 'Ops' });
    const foreign = await caught(client.roleMappings.create({ kind: 'directory', organizationId: acme.id, sourceId: null, group: 'Ops', value: null, roles: ['org-globex-ops'], mode: null }));
    expect(foreign).toBeInstanceOf(UnprocessableEntityError);
    expect(foreign.message).toMatch(/roles .*'org-globex-ops' is a role of another organization/);

    const okta = await client.directories.create({ organizationId: acme.id, name: 'Okta' });
    const dir = await client.roleMappings.create({ kind: 'directory', organizationId: acme.id, sourceId: okta.id, group: 'Engineering', value: null, roles: ['member'], mode: null });
    expect(dir).toMatchObject({ id: expect.stringMatching(/^role_mapping_/), kind: 'directory', roles: ['member'], mode: null });
    await client.roleMappings.create({ kind: 'sso', organizationId: acme.id, sourceId: null, group: 'Finance', value: null, roles: ['org-billing'], mode: 'additive' });
    await client.roleMappings.create({ kind: 'attribute', organizationId: acme.id, sourceId: null, group: 'myRole', value: 'admin', roles: ['admin'], mode: null });
    expect((await client.roleMappings.update(dir.id, { roles: ['member', 'viewer'], mode: 'exclusive' })).roles).toEqual(['member', 'viewer']);
    expect((await collect(client.roleMappings.list(acme.id))).map((m) => m.kind)).toEqual(['directory', 'sso', 'attribute']);
    expect((await client.roleMappings.get(dir.id)).mode).toBe('exclusive');
  });

  test('resolve roles: directory mappings first, exclusive ladder by the organization order, reasons', async () => {
    const r = await client.resolveRoles(acme.id, { directory_groups: ['Engineering'], sso_groups: ['Finance'] });
    // Directory mappings win over SSO; member outranks viewer in Acme's order.
    expect(r.roles).toEqual(['member']);
    expect(r.reasons).toEqual([{ role: 'member', source: 'directory', mapping: expect.stringContaining('Engineering'), rule: expect.stringContaining('highest priority') }]);
    expect(r.dropped.map((d) => d.role)).toEqual(['viewer']);
    expect((await client.resolveRoles(acme.id, { sso_groups: ['Finance'] })).roles).toEqual(['org-billing']);
    expect((await client.resolveRoles(acme.id, { attributes: { myRole: 'admin' } })).roles).toEqual(['admin']);
    // Nothing matches: the organization's default role.
    expect(await client.resolveRoles(acme.id, {})).toMatchObject({ roles: ['viewer'], reasons: [{ source: 'default' }] });
    expect((await client.resolveRoles(null, { directory_groups: ['Engineering'] })).roles).toEqual(['member']);
  });

  test('deleting an organization role: 409 role_has_group_role_mappings, then role_has_assignments', async () => {
    const mapped = await caught(client.organizationRoles.delete(acme.id, 'org-billing'));
    expect(mapped).toBeInstanceOf(ConflictError);
    expect(mapped.code).toBe('role_has_group_role_mappings');
    for (const m of await collect(client.roleMappings.list(acme.id))) if (m.roles.includes('org-billing')) await client.roleMappings.delete(m.id);

    const [m] = await collect(client.memberships.list({ organizationId: acme.id }));
    await client.memberships.setRoles(m.id, ['org-billing']);
    expect((await caught(client.organizationRoles.delete(acme.id, 'org-billing'))).code).toBe('role_has_assignments');
    await client.memberships.setRoles(m.id, ['member']);
    await client.organizationRoles.delete(acme.id, 'org-billing');
    expect(await caught(client.organizationRoles.get(acme.id, 'org-billing'))).toBeInstanceOf(NotFoundError);
    expect((await client.rolePolicy.get(acme.id)).priority).not.toContain('org-billing');
  });

  test('deleting an environment role moves its members to their default role; the default role stays', async () => {
    const [m] = await collect(client.memberships.list({ organizationId: acme.id }));
    await client.memberships.setRoles(m.id, ['auditor']);
    const [g] = await collect(client.memberships.list({ organizationId: globex.id }));
    await client.memberships.setRoles(g.id, ['auditor']);
    await client.roles.delete('auditor');
    // Acme has its own default (viewer); Globex has its own too (copied: member).
    expect((await client.memberships.get(m.id)).roleSlugs).toEqual(['viewer']);
    expect((await client.memberships.get(g.id)).roleSlugs).toEqual(['member']);
    expect((await client.rolePolicy.get(acme.id)).priority).not.toContain('auditor');
    expect((await caught(client.roles.delete('member'))).code).toBe('default_role_cannot_be_deleted');
    // viewer is Acme's default: not deletable either.
    expect((await caught(client.roles.delete('viewer'))).code).toBe('default_role_cannot_be_deleted');
  });

  test('resource types: parents must exist; a cycle is 422 naming parent_types', async () => {
    await client.resourceTypes.create({ slug: 'workspace', name: 'Workspace', parentTypes: [] });
    await client.resourceTypes.create({ slug: 'project', name: 'Project', parentTypes: ['workspace'] });
    expect((await caught(client.resourceTypes.create({ slug: 'doc', name: 'Doc', parentTypes: ['folder'] }))).status).toBe(422);
    const cycle = await caught(client.resourceTypes.update('workspace', { parentTypes: ['project'] }));
    expect(cycle).toBeInstanceOf(UnprocessableEntityError);
    expect(cycle.message).toMatch(/parent_types would make a cycle: workspace → project → workspace/);
    expect((await collect(client.resourceTypes.list())).map((t) => [t.slug, t.parentTypes])).toEqual([
      ['workspace', []],
      ['project', ['workspace']],
    ]);
    expect((await client.resourceTypes.update('project', { name: 'Proj' })).name).toBe('Proj');
  });

  test('resources, assignments and checks: access flows from an ancestor; dependents block delete unless cascade', async () => {
    const platform = await client.resources.create({ organizationId: acme.id, resourceTypeSlug: 'workspace', externalId: 'platform', name: 'Platform' });
    const api = await client.resources.create({ organizationId: acme.id, resourceTypeSlug: 'project', externalId: 'api-backend', name: 'API Backend', parentResourceId: platform.id });
    expect(api).toMatchObject({ organizationId: acme.id, parentResourceId: platform.id, description: null });
    expect(await client.resources.getByExternalId(acme.id, 'project', 'api-backend')).toEqual(api);
    expect((await caught(client.resources.create({ organizationId: acme.id, resourceTypeSlug: 'project', externalId: 'api-backend', name: 'Dup', parentResourceId: platform.id }))).status).toBe(409);
    // A workspace cannot sit under a project, nor under another organization's resource.
    expect((await caught(client.resources.create({ organizationId: acme.id, resourceTypeSlug: 'workspace', externalId: 'w2', name: 'W2', parentResourceId: api.id }))).status).toBe(422);
    expect((await caught(client.resources.create({ organizationId: globex.id, resourceTypeSlug: 'project', externalId: 'p', name: 'P', parentResourceId: platform.id }))).status).toBe(422);

    await client.organizationRoles.create(acme.id, { slug: 'org-workspace-admin', name: 'Workspace admin' });
    await client.organizationRoles.setPermissions(acme.id, 'org-workspace-admin', ['projects:edit']);
    const [m] = await collect(client.memberships.list({ organizationId: acme.id }));
    expect((await client.roleAssignments.check(m.id, { permissionSlug: 'projects:edit', resourceId: api.id })).authorized).toBe(false);

    const a = await client.roleAssignments.create(m.id, { roleSlug: 'org-workspace-admin', resourceTypeSlug: 'workspace', resourceExternalId: 'platform' });
    expect(a).toEqual({ id: expect.stringMatching(/^role_assignment_/), organizationMembershipId: m.id, roleSlug: 'org-workspace-admin', resourceId: platform.id, resourceTypeSlug: 'workspace', resourceExternalId: 'platform' });
    expect((await client.roleAssignments.check(m.id, { permissionSlug: 'projects:edit', resourceId: api.id })).authorized).toBe(true);
    expect((await client.roleAssignments.check(m.id, { permissionSlug: 'projects:edit', resourceTypeSlug: 'project', resourceExternalId: 'api-backend' })).authorized).toBe(true);
    expect((await client.roleAssignments.check(m.id, { permissionSlug: 'billing:manage', resourceId: api.id })).authorized).toBe(false);
    // Through the organization-level role: admin holds billing:manage everywhere.
    await client.memberships.setRoles(m.id, ['admin']);
    expect((await client.roleAssignments.check(m.id, { permissionSlug: 'billing:manage', resourceId: api.id })).authorized).toBe(true);
    expect((await caught(client.roleAssignments.create(m.id, { roleSlug: 'org-globex-ops', resourceId: api.id }))).status).toBe(422);
    expect((await caught(client.organizationRoles.delete(acme.id, 'org-workspace-admin'))).code).toBe('role_has_assignments');

    const dependents = await caught(client.resources.delete(platform.id));
    expect(dependents).toBeInstanceOf(ConflictError);
    expect(dependents.code).toBe('resource_has_dependents');
    await client.resources.delete(platform.id, { cascade: true });
    expect(await caught(client.resources.get(api.id))).toBeInstanceOf(NotFoundError);
    expect(await collect(client.roleAssignments.list(m.id))).toEqual([]);
  });

  test('everything survives a restart (journal replay and snapshot)', async () => {
    await plane.close();
    plane = await startControlPlane({ port: 0, dataDir, apiKey: API_KEY, log: () => {} });
    client = new WorkosClient({ baseUrl: plane.url, apiKey: API_KEY, retryDelay: () => 0 });
    expect((await client.rolePolicy.get(acme.id)).defaultRole).toBe('viewer');
    expect((await collect(client.roleMappings.list(acme.id))).map((m) => m.kind)).toEqual(['directory', 'attribute']);
    expect((await collect(client.resourceTypes.list())).length).toBe(2);
    expect((await collect(client.memberships.list({ organizationId: acme.id })))[0].roleSlugs).toEqual(['admin']);
    expect((await client.organizationRoles.get(acme.id, 'org-workspace-admin')).permissions).toEqual(['projects:edit']);
  });
});
