/**
 * Role grants permissions by reference (objects, or slugs a Permission of the stack defines),
 * de-duplicated, validated at synth; the plain slugs stay available as permissionsInput.
 */
import { TerraformVariable, Testing, Token } from 'cdktf';
import { Organization, Permission, Role } from '../../../constructs';
import { newStack, parsed, rendered, synth } from '../../helpers/constructs';

Testing.setupJest();

describe('Role', () => {
  test('synthesizes snake_case attributes, granting Permissions by reference', () => {
    // GIVEN two permissions
    const stack = newStack();
    const view = new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users' });
    const manage = new Permission(stack, 'users-manage', { slug: 'users:manage', name: 'Manage users' });

    // WHEN a role grants them as objects
    new Role(stack, 'admin', { slug: 'admin', name: 'Administrator', permissions: [view, manage], destroyBehavior: 'abandon' });

    // THEN the role references their slug attributes, so terraform creates them first
    expect(synth(stack)).toHaveResourceWithProperties(Role, {
      slug: 'admin',
      name: 'Administrator',
      permissions: ['${workos_permission.users-view.slug}', '${workos_permission.users-manage.slug}'],
      destroy_behavior: 'abandon',
    });
  });

  test('a slug of a Permission in the same stack is referenced; other slugs stay plain', () => {
    const stack = newStack();
    new Permission(stack, 'billing-view', { slug: 'billing:view', name: 'View billing' });
    new Role(stack, 'billing', { slug: 'billing', name: 'Billing', permissions: ['billing:view', 'invoices:view'] });
    expect(synth(stack)).toHaveResourceWithProperties(Role, { permissions: ['${workos_permission.billing-view.slug}', 'invoices:view'] });
  });

  test('optional attributes left unset are not synthesized', () => {
    const stack = newStack();
    new Role(stack, 'member', { slug: 'member', name: 'Member' });
    const role = parsed(stack).resource.workos_role.member;
    expect(role).toEqual({ slug: 'member', name: 'Member' });
  });

  test('addPermission de-duplicates by Permission and by slug', () => {
    // GIVEN a role granting a permission by slug
    const stack = newStack();
    const view = new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users' });
    const role = new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer', permissions: ['users:view', 'reports:view'] });

    // WHEN the same permission is added again, as an object and as slugs
    role.addPermission(view, view, 'users:view', 'reports:view', 'reports:export');

    // THEN each permission appears once, in the order first granted
    expect(synth(stack)).toHaveResourceWithProperties(Role, {
      permissions: ['${workos_permission.users-view.slug}', 'reports:view', 'reports:export'],
    });
    expect(role.permissionSlugs).toHaveLength(3);
  });

  test('an invalid role slug fails validation with a message naming slug', () => {
    const stack = newStack();
    new Role(stack, 'bad', { slug: 'Billing Admin', name: 'Billing admin' });
    expect(() => synth(stack)).toThrow(/\[stack\/bad\] Invalid value for "slug": "Billing Admin"/);
  });

  test('an invalid permission slug is reported by value (a set has no position in terraform); destroyBehavior is named as a prop', () => {
    const stack = newStack();
    const view = new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users' });
    new Role(stack, 'bad', { slug: 'bad', name: 'Bad', permissions: [view, 'Users Manage'], destroyBehavior: 'keep' as 'delete' });
    let message = '';
    try {
      synth(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/Invalid value for "permissions" element "Users Manage": "Users Manage" must contain only/);
    expect(message).toMatch(/Invalid value for "destroyBehavior"/);
  });

  test('unresolved tokens in permissions and slug are not rejected', () => {
    const stack = newStack();
    const extra = new TerraformVariable(stack, 'extra_permission', { type: 'string' });
    const slug = new TerraformVariable(stack, 'role_slug', { type: 'string' });
    new Role(stack, 'custom', { slug: slug.stringValue, name: 'Custom', permissions: ['users:view', extra.stringValue] });
    expect(synth(stack)).toHaveResourceWithProperties(Role, { slug: '${var.role_slug}', permissions: ['users:view', '${var.extra_permission}'] });
  });

  test('exposes id, slug and the deployed permissions as references', () => {
    const stack = newStack();
    const role = new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer' });
    expect(rendered(stack, { id: role.id, slug: role.slug, permissions: role.permissions })).toEqual({
      id: '${workos_role.viewer.id}',
      slug: '${workos_role.viewer.slug}',
      permissions: '${tolist(workos_role.viewer.permissions)}',
    });
  });

  test('HCL synthesis renders the same attributes', () => {
    const stack = newStack();
    const view = new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users' });
    new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer', permissions: [view, 'reports:view'] });
    const hcl: string = Testing.synthHcl(stack, true);
    expect(hcl).toMatch(/resource "workos_role" "viewer" \{[^}]*slug\s*=\s*"viewer"/s);
    expect(hcl).toMatch(/permissions\s*=\s*\[\s*"\$\{workos_permission\.users-view\.slug\}",\s*"reports:view"\s*\]/s);
  });
});

describe('plain permission slugs', () => {
  test('Role and OrganizationRole give their permission slugs as plain strings where known (permissionsInput)', () => {
    // GIVEN roles granting Permission objects, plain slugs and an imported permission
    const stack = newStack();
    const view = new Permission(stack, 'view', { slug: 'projects:view', name: 'View' });
    const edit = new Permission(stack, 'edit', { slug: 'projects:edit', name: 'Edit' });
    const editor = new Role(stack, 'editor', { slug: 'editor', name: 'Editor', permissions: [view, 'billing:view'] });
    editor.addPermission(edit, Permission.fromSlug(stack, 'audit', 'audit:read'), 'projects:view');
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const owner = acme.addRole('org-owner', { name: 'Owner', permissions: [edit] });

    // THEN the slugs are plain strings, each once, in the order granted; `permissions` stays the reference
    expect(editor.permissionsInput).toEqual(['projects:view', 'billing:view', 'projects:edit', 'audit:read']);
    expect(owner.permissionsInput).toEqual(['projects:edit']);
    expect(Token.isUnresolved(editor.permissions)).toBe(true);
  });
});
