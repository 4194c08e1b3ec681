/**
 * OrganizationMembership: a user in an organization with roles as objects or slugs, waiting for
 * the organization's policy when its roles come from mappings; assignRole derives each
 * assignment's address from its role and resource, so removing one never renames another.
 */
import { Testing } from 'cdktf';
import {
  Organization,
  OrganizationMembership,
  Resource,
  ResourceType,
  Role,
  User,
} from '../../../constructs';
import { newStack, parsed, synth, synthErrors, type Json } from '../../helpers/constructs';

Testing.setupJest();

describe('Organization, User, OrganizationMembership', () => {
  test('a member of an organization references both, with roles as objects or slugs', () => {
    // GIVEN an organization with a custom role and a user
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme', externalId: 'acme' });
    const admin = acme.addRole('org-admin', { name: 'Admin' });
    const alice = new User(stack, 'alice', { email: 'alice@acme.example', firstName: 'Alice' });
    new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer' });

    // WHEN the user becomes a member with an object role, a slug a Role defines, and an unknown slug
    const member = new OrganizationMembership(stack, 'alice-at-acme', { organization: acme, user: alice, roles: [admin, 'viewer'] });
    member.addRole('billing', admin);

    // THEN every reference is a terraform reference, each role listed once
    const json = parsed(stack);
    expect(json.resource.workos_organization.acme).toMatchObject({ name: 'Acme', external_id: 'acme' });
    expect(json.resource.workos_user.alice).toMatchObject({ email: 'alice@acme.example', first_name: 'Alice' });
    expect(json.resource.workos_organization_membership['alice-at-acme']).toMatchObject({
      organization_id: '${workos_organization.acme.id}',
      user_id: '${workos_user.alice.id}',
      roles: ['${workos_organization_role.acme-org-admin.slug}', '${workos_role.viewer.slug}', 'billing'],
    });
  });

  test('a membership without roles leaves them to mappings and waits for the organization policy', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const member = acme.addRole('org-member', { name: 'Member' });
    acme.setRolePolicy({ defaultRole: member });
    acme.addMember('user_123', undefined, 'bob');
    const membership = parsed(stack).resource.workos_organization_membership['acme-member-bob'];
    expect(membership.roles).toBeUndefined();
    expect(membership.user_id).toBe('user_123');
    expect(membership.depends_on).toEqual(['workos_role_policy.acme-role-policy']);
  });

  test('several roles where the organization policy is single-role give a warning, not an error', () => {
    // GIVEN an organization in single-role mode
    const stack = newStack();
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const admin = globex.addRole('org-admin', { name: 'Admin' });
    globex.setRolePolicy({ multipleRoles: false });

    // WHEN a membership lists two roles
    const member = new OrganizationMembership(stack, 'bob', { organization: globex, user: 'user_1', roles: [admin, 'member'] });

    // THEN synth succeeds and the membership carries a warning naming roles
    synth(stack);
    const warnings = member.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/"roles" lists 2 roles but stack\/globex-role-policy turns multiple-roles mode off/)]);
  });

  test('an invalid email and an empty organization name are reported together, naming the props', () => {
    const stack = newStack();
    new Organization(stack, 'nameless', { name: '' });
    new User(stack, 'bad-email', { email: 'not-an-email' });
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/nameless\] Invalid value for "name": "" must not be empty/);
    expect(message).toMatch(/\[stack\/bad-email\] Invalid value for "email".*email address/);
  });
});

describe('assignment addresses come from role and resource', () => {
  /** The stack of the issue: Alice is workspace-admin on Platform and project-editor on API Backend; `withFirst` false removes the first assignment. */
  function aliceStack(withFirst: boolean): Json {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const workspace = new ResourceType(stack, 'workspace', { slug: 'workspace', name: 'Workspace' });
    const project = new ResourceType(stack, 'project', { slug: 'project', name: 'Project', parentTypes: [workspace] });
    const platform = new Resource(stack, 'platform', { organization: acme, type: workspace, externalId: 'platform', name: 'Platform' });
    const api = new Resource(stack, 'api-backend', { organization: acme, type: project, externalId: 'api-backend', name: 'API Backend', parent: platform });
    const workspaceAdmin = new Role(stack, 'workspace-admin', { slug: 'workspace-admin', name: 'Workspace admin' });
    const projectEditor = new Role(stack, 'project-editor', { slug: 'project-editor', name: 'Project editor' });
    const alice = acme.addMember('user_alice', undefined, 'alice');
    if (withFirst) alice.assignRole(projectEditor, api);
    alice.assignRole(workspaceAdmin, platform);
    alice.assignRole('project-viewer', { type: project, externalId: 'website' });
    return parsed(stack).resource.workos_resource_assignment;
  }

  test('removing the first assignRole leaves the others at their addresses, with the same configuration', () => {
    // GIVEN the stack with three assignments, and the same stack without the first
    const before = aliceStack(true);
    const after = aliceStack(false);

    // THEN the addresses name membership, role and resource
    expect(Object.keys(before).sort()).toEqual([
      'acme-member-alice-project-editor-on-api-backend',
      'acme-member-alice-project-viewer-on-project-website',
      'acme-member-alice-workspace-admin-on-platform',
    ]);
    // AND removing the first removes exactly that address; the others are unchanged
    expect(Object.keys(after).sort()).toEqual(['acme-member-alice-project-viewer-on-project-website', 'acme-member-alice-workspace-admin-on-platform']);
    for (const address of Object.keys(after)) expect(after[address]).toEqual(before[address]);
    expect(after['acme-member-alice-workspace-admin-on-platform']).toMatchObject({ role_slug: '${workos_role.workspace-admin.slug}', resource_id: '${workos_resource.platform.id}' });
  });

  test('the same role on the same resource again is the same assignment; an explicit id is kept', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const platform = new Resource(stack, 'platform', { organization: acme, type: 'workspace', externalId: 'platform', name: 'Platform' });
    const alice = acme.addMember('user_alice', undefined, 'alice');
    const a = alice.assignRole('workspace-admin', platform);
    expect(alice.assignRole('workspace-admin', platform)).toBe(a);
    expect(alice.assignRole('workspace-admin', { id: 'res_01OTHER' }).node.id).toBe('acme-member-alice-workspace-admin-on-res_01other');
    expect(alice.assignRole('workspace-admin', platform, 'alice-platform').node.id).toBe('alice-platform');
  });

  test('a role or resource known only as a token needs an explicit id, and says so', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const platform = new Resource(stack, 'platform', { organization: acme, type: 'workspace', externalId: 'platform', name: 'Platform' });
    const alice: OrganizationMembership = acme.addMember('user_alice', undefined, 'alice');
    expect(() => alice.assignRole('admin', { id: platform.id })).toThrow(/the resource is an unresolved token.*pass an explicit id/);
    expect(alice.assignRole('admin', { id: platform.id }, 'alice-admin').node.id).toBe('alice-admin');
  });
});
