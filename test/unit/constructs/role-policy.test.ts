/**
 * RolePolicy: priority and default role as objects or slugs, waiting for the organization's roles;
 * one policy per scope, each role once in a priority order.
 */
import { Testing } from 'cdktf';
import { Organization, Role, RolePolicy } from '../../../constructs';
import { newStack, parsed, synthErrors } from '../../helpers/constructs';

Testing.setupJest();

describe('RolePolicy', () => {
  test('priority and default role as objects or slugs, in order; waits for the organization roles', () => {
    const stack = newStack();
    const globex = new Organization(stack, 'globex', { name: 'Globex' });
    const admin = globex.addRole('org-admin', { name: 'Admin' });
    globex.addRole('org-member', { name: 'Member' });
    const policy = new RolePolicy(stack, 'globex-policy', { organization: globex, priority: [admin, 'org-member', 'member'], defaultRole: 'org-member', multipleRoles: false });
    const json = parsed(stack).resource.workos_role_policy['globex-policy'];
    expect(json).toMatchObject({
      organization_id: '${workos_organization.globex.id}',
      priority: ['${workos_organization_role.globex-org-admin.slug}', '${workos_organization_role.globex-org-member.slug}', 'member'],
      default_role: '${workos_organization_role.globex-org-member.slug}',
      multiple_roles: false,
    });
    expect(json.depends_on).toEqual(['workos_organization_role.globex-org-admin', 'workos_organization_role.globex-org-member']);
    expect(policy.organization).toBe(globex);
  });

  test('an environment policy leaves organization_id unset', () => {
    const stack = newStack();
    new RolePolicy(stack, 'env', { multipleRoles: true });
    expect(parsed(stack).resource.workos_role_policy.env).toEqual({ multiple_roles: true });
  });

  test('a role listed twice in priority (object and slug) is named at its second position', () => {
    // GIVEN a role given as an object and again as its slug
    const stack = newStack();
    const admin = new Role(stack, 'admin', { slug: 'admin', name: 'Admin' });
    new RolePolicy(stack, 'env', { priority: [admin, 'member', 'admin'] });

    // WHEN synthesizing THEN the duplicate is reported with its position
    expect(synthErrors(stack)).toMatch(/\[stack\/env\] Invalid value for "priority\.2": lists the role at priority\.0 again/);
  });

  test('a plain slug listed twice is caught by the provider rule', () => {
    const stack = newStack();
    new RolePolicy(stack, 'env', { priority: ['admin', 'admin'] });
    expect(synthErrors(stack)).toMatch(/Invalid value for "priority".*must not list a role twice/);
  });

  test('two policies for the same scope are rejected', () => {
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    acme.setRolePolicy({ multipleRoles: true });
    new RolePolicy(stack, 'again', { organization: acme, multipleRoles: false });
    expect(synthErrors(stack)).toMatch(/\[stack\/again\] Invalid value for "organization": stack\/acme-role-policy already is the role policy/);
  });
});
