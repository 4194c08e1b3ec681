/**
 * `cdktf-workos-rbac/testing` on the examples, in jest without a server: the answers the
 * examples promise (their end-to-end test checks the same against the control plane).
 */
import { Testing, TerraformStack } from 'cdktf';
import { Organization, Permission, Role, RolePolicy, User, WorkosProvider } from '../../constructs';
import { AccessModel } from '../../constructs/testing';
import { IdpMappingsStack } from '../../examples/idp-mappings/stack';
import { ResourceAccessStack } from '../../examples/resource-access/stack';

describe('AccessModel', () => {
  test('idp-mappings: multiple roles in Acme, a ladder and a default role in Globex', () => {
    // GIVEN the example stack WHEN modelled offline
    const access = AccessModel.fromStack(new IdpMappingsStack(Testing.app(), 'idp-mappings'));
    // THEN
    expect(access.rolesFor('Acme', { directoryGroups: ['Engineering', 'Design'] }).sort()).toEqual(['designer', 'developer']);
    expect(access.rolesFor('Globex', { ssoGroups: ['Platform Admins', 'Staff'] })).toEqual(['org-admin']);
    expect(access.rolesFor('Globex', { ssoGroups: ['Visitors'] })).toEqual(['org-member']);
    expect(access.permissionsFor('Globex', { ssoGroups: ['Platform Admins'] })).toEqual(['deployments:create', 'designs:edit']);
    expect(access.resolve('Globex', { ssoGroups: ['Platform Admins', 'Staff'] }).dropped.map((d) => d.role)).toEqual(['org-member']);
    expect(access.rolePermissions('developer')).toEqual(['deployments:create']);
    expect(access.rolePermissions('org-admin', 'Globex')).toEqual(['deployments:create', 'designs:edit']);
    expect(access.rolePermissions('org-admin')).toBeUndefined();
  });

  test('resource-access: Alice through her assignments and her organization role', () => {
    const access = AccessModel.fromStack(new ResourceAccessStack(Testing.app(), 'resource-access'));
    const alice = { organization: 'Acme Cloud', user: 'alice@acme.example' };
    expect(access.membershipRoles(alice)).toEqual(['org-member']);
    expect(access.can(alice, 'projects:edit', { type: 'project', externalId: 'api-backend' })).toBe(true);
    expect(access.can(alice, 'workspaces:manage', { type: 'workspace', externalId: 'platform' })).toBe(true);
    expect(access.can(alice, 'projects:view', { type: 'project', externalId: 'website' })).toBe(true);
    expect(access.check(alice, 'projects:edit', { type: 'project', externalId: 'website' })).toEqual({ allowed: false, reason: expect.stringContaining('no role') });
    expect(access.check(alice, 'workspaces:manage', { type: 'project', externalId: 'api-backend' }).reason).toBe('role workspace-admin on workspace Platform grants workspaces:manage');
  });

  test('constructs as selectors, and the snapshot rule: an organization role copies the stack\'s environment policy', () => {
    // GIVEN an environment policy whose default role is viewer, and an organization with a custom role
    const app = Testing.app();
    const stack = new TerraformStack(app, 'snapshot');
    new WorkosProvider(stack, 'workos');
    const view = new Permission(stack, 'view', { slug: 'projects:view', name: 'View' });
    const viewer = new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer', permissions: [view] });
    const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Admin', permissions: [view] });
    new RolePolicy(stack, 'policy', { priority: [admin, viewer], defaultRole: viewer });
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    globex.addRole('org-auditor', { name: 'Auditor' }).mapDirectoryGroup('Auditors');
    globex.mapDirectoryGroup('Admins', [admin]);
    const bob = globex.addMember(new User(stack, 'bob', { email: 'bob@globex.example' }));
    // WHEN modelled THEN unmapped members get the environment's default as copied, and the custom role ranks below
    const access = AccessModel.fromStack(stack);
    expect(access.rolePermissions(admin)).toEqual(['projects:view']);
    expect(access.rolesFor(globex)).toEqual(['viewer']);
    expect(access.rolesFor(globex, { directoryGroups: ['Admins', 'Auditors'] })).toEqual(['admin']);
    expect(access.membershipRoles(bob, { directoryGroups: ['Auditors'] })).toEqual(['org-auditor']);
    expect(() => access.can(bob, view, { type: 'workspace', externalId: 'none' })).toThrow('no single resource workspace none in this stack');
  });

  test('an unknown organization is named with the ones that exist', () => {
    const access = AccessModel.fromStack(new IdpMappingsStack(Testing.app(), 'idp-mappings'));
    expect(() => access.rolesFor('Initech')).toThrow('no organization "Initech" in this stack (organizations: Acme, Globex)');
  });
});
