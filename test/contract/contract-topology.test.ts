/**
 * Contract tests, role topology: organizations, users, organization memberships, organization
 * roles, resources, role assignments, the access check and directories. A session drives every public
 * request these WorkosClient groups can send (success and documented error answers) through the
 * recording proxy; every exchange is validated against WorkOS's OpenAPI spec, both ways.
 */
import type { Exchange } from './openapi';
import {
  CLIENT_GROUPS,
  contractProblems,
  DEVIATIONS,
  drain,
  expectError,
  isDashboard,
  publicExchanges,
  uncalledMethods,
  operationIdOf,
  startSession,
  TOPOLOGY_OPERATIONS,
  type Session,
} from './session';

const NO_SUCH_ORG = 'org_01NOSUCHORGANIZATION00000';
const NO_SUCH_USER = 'user_01NOSUCHUSER000000000000';
const NO_SUCH_MEMBERSHIP = 'om_01NOSUCHMEMBERSHIP00000000';
const NO_SUCH_RESOURCE = 'authz_resource_01NOSUCHRESOURCE0000';
const NO_SUCH_DIRECTORY = 'directory_01NOSUCHDIRECTORY000000';

describe('WorkOS OpenAPI contract: role topology', () => {
  let s: Session;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startSession();
    const c = s.client;

    // Setup that is not under test here: permissions, an environment role, resource types (dashboard).
    await c.permissions.create({ slug: 'docs:read', name: 'Read docs' });
    await c.permissions.create({ slug: 'docs:write', name: 'Write docs' });
    await c.roles.create({ slug: 'reader', name: 'Reader' });
    await c.roles.setPermissions('reader', ['docs:read']);
    await c.resourceTypes.create({ slug: 'workspace', name: 'Workspace', parentTypes: [] });
    await c.resourceTypes.create({ slug: 'project', name: 'Project', parentTypes: ['workspace'] });

    // Organizations.
    const acme = await c.organizations.create({ name: 'Acme', externalId: 'acme-ext' });
    ids.acme = acme.id;
    const globex = await c.organizations.create({ name: 'Globex' });
    await expectError(c.organizations.create({ name: 'Acme again', externalId: 'acme-ext' }), 409);
    await expectError(c.organizations.create({ name: '' }), 422);
    await c.organizations.get(acme.id);
    await expectError(c.organizations.get(NO_SUCH_ORG), 404);
    await c.organizations.update(acme.id, { name: 'Acme Inc.' });
    await expectError(c.organizations.update(globex.id, { externalId: 'acme-ext' }), 409);
    await expectError(c.organizations.update(acme.id, { name: '' }), 422);
    await expectError(c.organizations.update(NO_SUCH_ORG, { name: 'X' }), 404);
    await drain(c.organizations.list());
    await c.organizations.delete(globex.id);
    await expectError(c.organizations.delete(globex.id), 404); // deviation: undocumented

    // Users.
    const alice = await c.users.create({ email: 'alice@example.com', firstName: 'Alice', lastName: 'Liddell' });
    ids.alice = alice.id;
    const bob = await c.users.create({ email: 'bob@example.com' });
    await expectError(c.users.create({ email: 'alice@example.com' }), 400, 'user_creation_error');
    await expectError(c.users.create({ email: 'not-an-email' }), 422);
    await c.users.get(alice.id);
    await expectError(c.users.get(NO_SUCH_USER), 404);
    await c.users.update(bob.id, { firstName: 'Bob', lastName: null }); // a cleared name is sent as ""
    await expectError(c.users.update(bob.id, { email: 'nope' }), 422);
    await expectError(c.users.update(bob.id, { email: 'alice@example.com' }), 400, 'email_not_available');
    await expectError(c.users.update(NO_SUCH_USER, { firstName: 'X' }), 404); // deviation: undocumented
    await drain(c.users.list());
    await drain(c.users.list({ email: 'alice@example.com' }));
    await drain(c.users.list({ organizationId: acme.id }));

    // Organization roles.
    await c.organizationRoles.create(acme.id, { slug: 'org-billing', name: 'Billing', description: 'Pays the bills' });
    await c.organizationRoles.create(acme.id, { slug: 'org-editor', name: 'Editor' });
    await expectError(c.organizationRoles.create(acme.id, { slug: 'org-billing', name: 'Again' }), 409, 'organization_role_slug_conflict');
    await expectError(c.organizationRoles.create(acme.id, { slug: 'billing', name: 'No prefix' }), 422);
    await expectError(c.organizationRoles.create(NO_SUCH_ORG, { slug: 'org-x', name: 'X' }), 404);
    await drain(c.organizationRoles.list(acme.id));
    await expectError(drain(c.organizationRoles.list(NO_SUCH_ORG)), 404);
    await c.organizationRoles.get(acme.id, 'org-billing');
    await c.organizationRoles.get(acme.id, 'reader');
    await expectError(c.organizationRoles.get(acme.id, 'org-nope'), 404);
    await c.organizationRoles.update(acme.id, 'org-billing', { name: 'Billing admins', description: null });
    await expectError(c.organizationRoles.update(acme.id, 'org-billing', { name: '' }), 422);
    await expectError(c.organizationRoles.update(acme.id, 'org-nope', { name: 'X' }), 404);
    await c.organizationRoles.setPermissions(acme.id, 'org-editor', ['docs:read']);
    await expectError(c.organizationRoles.setPermissions(acme.id, 'org-editor', ['missing:perm']), 422);
    await expectError(c.organizationRoles.setPermissions(acme.id, 'org-nope', []), 404);
    await c.organizationRoles.addPermission(acme.id, 'org-editor', 'docs:write');
    await expectError(c.organizationRoles.addPermission(acme.id, 'org-editor', 'missing:perm'), 422);
    await expectError(c.organizationRoles.addPermission(acme.id, 'org-nope', 'docs:read'), 404);
    await c.organizationRoles.addPermission(acme.id, 'org-billing', 'docs:read');
    await c.organizationRoles.removePermission(acme.id, 'org-billing', 'docs:read');
    await expectError(c.organizationRoles.removePermission(acme.id, 'org-billing', 'docs:read'), 404);

    // Organization memberships.
    const om = await c.memberships.create({ organizationId: acme.id, userId: alice.id });
    ids.om = om.id;
    const bobOm = await c.memberships.create({ organizationId: acme.id, userId: bob.id, roleSlugs: ['org-billing'] });
    await expectError(c.memberships.create({ organizationId: acme.id, userId: alice.id }), 409, 'organization_membership_already_exists'); // deviation: undocumented
    await expectError(c.memberships.create({ organizationId: NO_SUCH_ORG, userId: alice.id }), 404);
    await expectError(c.memberships.create({ organizationId: acme.id, userId: bob.id, roleSlugs: ['no-such-role'] }), 422);
    await expectError(c.memberships.create({ organizationId: acme.id, userId: bob.id, roleSlugs: ['reader', 'org-billing'] }), 422);
    await c.memberships.get(om.id);
    await expectError(c.memberships.get(NO_SUCH_MEMBERSHIP), 404);
    await drain(c.memberships.list({ organizationId: acme.id }));
    await drain(c.memberships.list({ userId: alice.id }));
    await c.memberships.setRoles(om.id, ['reader']);
    await expectError(c.memberships.setRoles(om.id, ['no-such-role']), 422);
    await expectError(c.memberships.setRoles(NO_SUCH_MEMBERSHIP, ['reader']), 404);

    // An organization role in use cannot go; then it can.
    await expectError(c.organizationRoles.delete(acme.id, 'org-billing'), 409, 'role_has_assignments');
    await c.memberships.setRoles(bobOm.id, ['reader']);
    const hr = await c.directories.create({ organizationId: acme.id, name: 'Acme HR' }); // dashboard: not spec-checked
    const mapping = await c.roleMappings.create({ kind: 'directory', organizationId: acme.id, sourceId: hr.id, group: 'billing', value: null, roles: ['org-billing'], mode: null });
    await expectError(c.organizationRoles.delete(acme.id, 'org-billing'), 409, 'role_has_group_role_mappings');
    await c.roleMappings.delete(mapping.id);
    await c.directories.delete(hr.id);
    await c.organizationRoles.delete(acme.id, 'org-billing');
    await expectError(c.organizationRoles.delete(acme.id, 'org-billing'), 404);

    // Resources.
    const ws = await c.resources.create({ organizationId: acme.id, resourceTypeSlug: 'workspace', externalId: 'ws-1', name: 'Workspace 1', description: 'Main' });
    ids.ws = ws.id;
    const proj = await c.resources.create({ organizationId: acme.id, resourceTypeSlug: 'project', externalId: 'proj-1', name: 'Project 1', parentResourceId: ws.id });
    const ws2 = await c.resources.create({ organizationId: acme.id, resourceTypeSlug: 'workspace', externalId: 'ws-2', name: 'Workspace 2' });
    await expectError(c.resources.create({ organizationId: acme.id, resourceTypeSlug: 'workspace', externalId: 'ws-1', name: 'Again' }), 409);
    await expectError(c.resources.create({ organizationId: acme.id, resourceTypeSlug: 'no-such-type', externalId: 'x', name: 'X' }), 422);
    await expectError(c.resources.create({ organizationId: NO_SUCH_ORG, resourceTypeSlug: 'workspace', externalId: 'x', name: 'X' }), 404);
    await c.resources.get(proj.id);
    await expectError(c.resources.get(NO_SUCH_RESOURCE), 404);
    await c.resources.getByExternalId(acme.id, 'project', 'proj-1');
    await expectError(c.resources.getByExternalId(acme.id, 'project', 'proj-nope'), 404);
    await c.resources.update(proj.id, { name: 'Project One', description: null, parentResourceId: ws2.id });
    await c.resources.update(proj.id, { parentResourceId: ws.id });
    await expectError(c.resources.update(ws.id, { parentResourceId: proj.id }), 422);
    await expectError(c.resources.update(NO_SUCH_RESOURCE, { name: 'X' }), 404);
    await drain(c.resources.list());
    await drain(c.resources.list({ organizationId: acme.id, resourceTypeSlug: 'project', parentResourceId: ws.id }));

    // Role assignments and the check.
    const byId = await c.roleAssignments.create(om.id, { roleSlug: 'org-editor', resourceId: ws.id });
    await c.roleAssignments.create(om.id, { roleSlug: 'reader', resourceTypeSlug: 'workspace', resourceExternalId: 'ws-2' });
    await expectError(c.roleAssignments.create(om.id, { roleSlug: 'org-editor', resourceId: ws.id }), 409, 'role_assignment_already_exists'); // deviation: undocumented
    await expectError(c.roleAssignments.create(om.id, { roleSlug: 'no-such-role', resourceId: ws.id }), 422);
    await expectError(c.roleAssignments.create(om.id, { roleSlug: 'reader', resourceId: NO_SUCH_RESOURCE }), 404);
    await expectError(c.roleAssignments.create(NO_SUCH_MEMBERSHIP, { roleSlug: 'reader', resourceId: ws.id }), 404);
    await drain(c.roleAssignments.list(om.id));
    await expectError(drain(c.roleAssignments.list(NO_SUCH_MEMBERSHIP)), 404);
    expect(await c.roleAssignments.check(om.id, { permissionSlug: 'docs:write', resourceId: proj.id })).toEqual({ authorized: true });
    expect(await c.roleAssignments.check(om.id, { permissionSlug: 'docs:write', resourceTypeSlug: 'workspace', resourceExternalId: 'ws-2' })).toEqual({ authorized: false });
    await expectError(c.roleAssignments.check(om.id, { permissionSlug: 'docs:read', resourceId: NO_SUCH_RESOURCE }), 404);
    await expectError(c.roleAssignments.check(NO_SUCH_MEMBERSHIP, { permissionSlug: 'docs:read', resourceId: ws.id }), 404);
    await expectError(c.roleAssignments.check(om.id, { permissionSlug: 'Not A Slug', resourceId: ws.id }), 422);

    // A resource with children and assignments goes only with cascade_delete.
    await expectError(c.resources.delete(ws.id), 409, 'resource_has_dependents');
    await c.roleAssignments.delete(om.id, byId.id);
    await expectError(c.roleAssignments.delete(om.id, byId.id), 404);
    await expectError(c.resources.delete(ws.id), 409, 'resource_has_dependents');
    await c.resources.delete(ws.id, { cascade: true });
    await expectError(c.resources.delete(ws.id), 404);

    // Directories: set up through the dashboard, then listed, read and deleted through the public API.
    const okta = await c.directories.create({ organizationId: acme.id, name: 'Acme Okta', type: 'okta scim v2.0' });
    await c.directories.update(okta.id, { name: 'Acme Okta (prod)' });
    expect(c.directories.isOwnEndpoint((await c.directories.getSetup(okta.id)).scimEndpoint)).toBe(true);
    await drain(c.directories.list(acme.id));
    await c.directories.get(okta.id);
    await expectError(c.directories.get(NO_SUCH_DIRECTORY), 404);
    await c.directories.delete(okta.id);

    // Teardown: membership, user.
    await c.memberships.delete(bobOm.id);
    await expectError(c.memberships.delete(bobOm.id), 404);
    await c.users.delete(bob.id);
    await expectError(c.users.delete(bob.id), 404);
  }, 20_000);

  afterAll(async () => {
    await s?.close();
  });


  test('every request and response conforms to its WorkOS operation (known deviations aside)', () => {
    expect(contractProblems(s.contract, publicExchanges(s)).problems).toEqual([]);
  });

  test('every topology method of the client was called', () => {
    expect(uncalledMethods(s, CLIENT_GROUPS.topology)).toEqual([]);
  });

  test('every topology operation was exercised, and no other public one', () => {
    const seen = new Set(publicExchanges(s).map((x) => operationIdOf(s.contract, x)));
    expect(TOPOLOGY_OPERATIONS.filter((op) => !seen.has(op))).toEqual([]);
    const rbacSetup = new Set(['AuthorizationPermissionsController_create', 'AuthorizationRolesController_create', 'AuthorizationRolePermissionsController_setPermissions']);
    expect([...seen].filter((op) => !(TOPOLOGY_OPERATIONS as readonly (string | undefined)[]).includes(op) && !rbacSetup.has(op!))).toEqual([]);
  });

  test('error answers: 400, 404, 409 and 422 came back', () => {
    const statuses = new Set(publicExchanges(s).map((x) => x.status));
    expect([...statuses]).toEqual(expect.arrayContaining([200, 201, 202, 204, 400, 404, 409, 422]));
  });

  test('only /_dashboard/ paths fall outside the spec', () => {
    const outside = s.recorder.exchanges.filter((x) => operationIdOf(s.contract, x) === undefined);
    expect(outside.length).toBeGreaterThan(0); // resource types and the role mapping
    expect(outside.filter((x) => !isDashboard(x)).map((x) => `${x.method} ${x.url}`)).toEqual([]);
  });

  describe('a deliberate mismatch fails', () => {
    const find = (pred: (x: Exchange) => boolean) => structuredClone(s.recorder.exchanges.find(pred)!);

    test('a membership response missing a required field', () => {
      const x = find((e) => e.method === 'GET' && e.url === `/user_management/organization_memberships/${ids.om}` && e.status === 200);
      delete (x.responseBody as Record<string, unknown>).organization_id;
      expect(s.contract.check(x)).toEqual([expect.stringMatching(/UserlandUserOrganizationMembershipsController_get.*response 200.*organization_id/)]);
    });

    test('a role assignment request naming no role', () => {
      const x = find((e) => e.method === 'POST' && /\/role_assignments$/.test(e.url) && e.status === 201);
      delete (x.requestBody as Record<string, unknown>).role_slug;
      expect(s.contract.check(x).join('\n')).toMatch(/AuthorizationRoleAssignmentsController_assignRole\) request.*role_slug/);
    });

    test('a check answer of the wrong type', () => {
      const x = find((e) => e.method === 'POST' && /\/check$/.test(e.url) && e.status === 200);
      (x.responseBody as Record<string, unknown>).authorized = 'yes';
      expect(s.contract.check(x).join('\n')).toMatch(/AuthorizationController_check\) response 200: \/authorized must be boolean/);
    });

    test('an undeclared query parameter on a resource delete', () => {
      const x = find((e) => e.method === 'DELETE' && e.url.startsWith('/authorization/resources/') && e.status === 204);
      expect(s.contract.check({ ...x, url: `${x.url}&force=true` })).toEqual([expect.stringMatching(/query parameter "force" is not declared/)]);
    });
  });

  test('every allow-listed deviation is still needed', () => {
    // Deviations live in session.ts; the RBAC file checks its own share.
    const { used } = contractProblems(s.contract, publicExchanges(s));
    const mine = DEVIATIONS.filter((d) => (TOPOLOGY_OPERATIONS as readonly string[]).includes(d.operationId));
    expect(mine.filter((d) => !used.has(d)).map((d) => `${d.operationId} ${d.status}`)).toEqual([]);
  });
});
