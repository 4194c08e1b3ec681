/**
 * OrganizationRole: its organization and permissions, its mappings; it waits for the environment
 * RolePolicy of the stack (an organization's first custom role copies that policy), and an
 * organization with custom roles but no policy of its own is warned about.
 */
import { Testing } from 'cdktf';
import {
  Organization,
  OrganizationRole,
  Permission,
  Role,
  RolePolicy,
} from '../../../constructs';
import { newStack, parsed, synth, synthErrors, warningsOf } from '../../helpers/constructs';

Testing.setupJest();

describe('OrganizationRole', () => {
  test('synthesizes its organization and permissions; addPermission de-duplicates', () => {
    // GIVEN an organization and a permission
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const view = new Permission(stack, 'reports-view', { slug: 'reports:view', name: 'View reports' });

    // WHEN a role grants it twice and another by slug
    const role = new OrganizationRole(stack, 'analyst', { organization: acme, slug: 'org-analyst', name: 'Analyst', permissions: [view] });
    role.addPermission('reports:view', 'reports:export');

    // THEN it is granted once, by reference, and the role belongs to the organization
    expect(synth(stack)).toHaveResourceWithProperties(OrganizationRole, {
      organization_id: '${workos_organization.acme.id}',
      slug: 'org-analyst',
      permissions: ['${workos_permission.reports-view.slug}', 'reports:export'],
    });
  });

  test('an organization id string works as well as the construct', () => {
    const stack = newStack();
    new OrganizationRole(stack, 'r', { organization: 'org_01ABC', slug: 'org-ops', name: 'Ops' });
    expect(synth(stack)).toHaveResourceWithProperties(OrganizationRole, { organization_id: 'org_01ABC' });
  });

  test('a slug without the org- prefix fails, naming slug', () => {
    const stack = newStack();
    new OrganizationRole(stack, 'admin', { organization: 'org_01ABC', slug: 'admin', name: 'Admin' });
    expect(() => synth(stack)).toThrow(/\[stack\/admin\] Invalid value for "slug": "admin" must start with "org-"/);
  });

  test('mapDirectoryGroup and mapSsoGroup create mappings of the role in its organization', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const admin = acme.addRole('org-admin', { name: 'Admin' });
    admin.mapDirectoryGroup('Engineering Leads');
    admin.mapSsoGroup('Admins', { connectionId: 'conn_1' });
    const json = parsed(stack);
    expect(json.resource.workos_directory_group_mapping['acme-org-admin-directory-engineering-leads']).toMatchObject({
      group: 'Engineering Leads',
      organization_id: '${workos_organization.acme.id}',
      roles: ['${workos_organization_role.acme-org-admin.slug}'],
    });
    expect(json.resource.workos_sso_group_mapping['acme-org-admin-sso-admins']).toMatchObject({ group: 'Admins', connection_id: 'conn_1' });
  });
});

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

  test('HCL synthesis carries the same implicit dependency', () => {
    // GIVEN an environment policy and an organization with a custom role
    const stack = newStack();
    new RolePolicy(stack, 'environment-policy', { multipleRoles: false });
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    acme.addRole('org-owner', { name: 'Owner' });

    // WHEN synthesized as HCL THEN the role's block waits for the policy
    const hcl = Testing.synthHcl(stack);
    const roleBlock = hcl.slice(hcl.indexOf('resource "workos_organization_role" "acme-org-owner"'));
    expect(roleBlock.slice(0, roleBlock.indexOf('\n}'))).toMatch(/depends_on = \[\s*"workos_role_policy\.environment-policy",\s*\]/);
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
