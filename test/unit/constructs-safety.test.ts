/**
 * Constructs that never deploy wrong access by ordering or by renaming: an organization role
 * waits for the environment's RolePolicy (the organization's copy of that policy at its first
 * custom role is then the stack's), an organization with custom roles but no policy of its own
 * is warned about, an organization policy without a custom role fails at synth, previews wait
 * for the topology, and an assignment's address comes from its role and resource.
 */
import { TerraformStack, Testing } from 'cdktf';
import {
  DataWorkosAccessCheck,
  DataWorkosEffectiveRoles,
  Organization,
  OrganizationMembership,
  OrganizationRole,
  Resource,
  ResourceType,
  Role,
  RolePolicy,
  WorkosProvider,
} from '../../constructs';
import { newStack, parsed, synthErrors, warningsOf, type Json } from '../helpers/constructs';

Testing.setupJest();

describe('an organization and the environment policy', () => {
  test('an organization role waits for the environment RolePolicy of the stack', () => {
    // GIVEN an environment policy and an organization with a custom role and its own policy
    const stack = newStack();
    const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Admin' });
    const editor = new Role(stack, 'editor', { slug: 'editor', name: 'Editor' });
    new RolePolicy(stack, 'environment-policy', { priority: [admin, editor], defaultRole: editor });
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const owner = acme.addRole('org-owner', { name: 'Owner' });
    acme.setRolePolicy({ defaultRole: owner });

    // WHEN synthesized THEN the role depends on the environment policy (not on the organization's own)
    const json = parsed(stack).resource;
    expect(json.workos_organization_role['acme-org-owner'].depends_on).toEqual(['workos_role_policy.environment-policy']);
    expect(json.workos_role_policy['acme-role-policy'].depends_on).toEqual(['workos_organization_role.acme-org-owner']);
    expect(json.workos_role_policy['environment-policy'].depends_on).toBeUndefined();
    expect(warningsOf(owner)).toEqual([]);
  });

  test('an organization with custom roles but no policy of its own gets a warning naming it and the rule', () => {
    // GIVEN an organization with two custom roles and no RolePolicy of its own
    const stack = newStack();
    new RolePolicy(stack, 'environment-policy', { multipleRoles: false });
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const first = globex.addRole('org-admin', { name: 'Admin' });
    const second = globex.addRole('org-member', { name: 'Member' });

    // WHEN synthesized THEN synth succeeds and only the first role carries the warning
    expect(synthErrors(stack)).toBe('');
    expect(warningsOf(first)).toEqual([
      expect.stringMatching(
        /Organization stack\/globex has custom roles but no role policy of its own: its first custom role \(stack\/globex-org-admin\) gives it its own default role and priority order, copied from the environment's policy when that role is created \(after stack\/environment-policy, which the role waits for\); later changes to the environment policy do not reach this organization\. Set them explicitly with organization\.setRolePolicy/,
      ),
    ]);
    expect(warningsOf(second)).toEqual([]);
  });

  test('an organization managed elsewhere (an id) gets no warning: it may have its own policy already', () => {
    const stack = newStack();
    const role = new Organization(stack, 'acme', { name: 'Acme' }).addRole('org-x', { name: 'X' });
    const elsewhere = new OrganizationRole(stack, 'elsewhere', { organization: 'org_01EXISTING', slug: 'org-y', name: 'Y' });
    Testing.synth(stack, true);
    expect(warningsOf(role)).toHaveLength(1);
    expect(warningsOf(elsewhere)).toEqual([]);
  });

  test('an organization policy for an organization of this stack without a custom role fails at synth, naming organization', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    acme.setRolePolicy({ multipleRoles: true });
    expect(synthErrors(stack)).toMatch(/\[stack\/acme-role-policy\] Invalid value for "organization": stack\/acme has no OrganizationRole: an organization has a role policy of its own only once it has a custom role/);
  });
});

describe('previews wait for the topology', () => {
  test('effective roles and access checks depend on the mappings, policies, roles and assignments of the stack', () => {
    // GIVEN a topology and previews declared BEFORE the rest of it
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const preview = new DataWorkosEffectiveRoles(stack, 'preview', { organization: acme, directoryGroups: ['Admins'] });
    const member = acme.addMember('user_1', undefined, 'alice');
    const check = new DataWorkosAccessCheck(stack, 'check', { membership: member, permission: 'projects:edit' });
    const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Admin' });
    const owner = acme.addRole('org-owner', { name: 'Owner' });
    const policy = acme.setRolePolicy({ defaultRole: owner });
    const mapping = acme.mapDirectoryGroup('Admins', [admin]);
    const workspace = new ResourceType(stack, 'workspace', { slug: 'workspace', name: 'Workspace' });
    const platform = new Resource(stack, 'platform', { organization: acme, type: workspace, externalId: 'platform', name: 'Platform' });
    const assignment = member.assignRole(admin, platform);

    // WHEN synthesized THEN both previews are read only after every one of them is applied
    const data = parsed(stack).data;
    const everything = [mapping, policy, owner, admin, assignment, member].map((r) => `${r.terraformResourceType}.${r.friendlyUniqueId}`);
    expect(preview.friendlyUniqueId).toBe('preview');
    expect(data.workos_effective_roles.preview.depends_on).toEqual(expect.arrayContaining(everything));
    expect(data.workos_access_check[check.friendlyUniqueId].depends_on).toEqual(expect.arrayContaining(everything));
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
