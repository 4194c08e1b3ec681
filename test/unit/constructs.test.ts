/**
 * The constructs synthesize what the provider expects (snake_case attributes, the provider
 * source) and reject at synth time what the provider would reject at plan time.
 */
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Permission, Role, WorkosProvider } from '../../constructs';
import { QuickstartStack } from '../../examples/quickstart/stack';
import { newStack, parsed, synth, type Json } from '../helpers/constructs';

Testing.setupJest();

/** How terraform sees each value: rendered through outputs. */
function rendered(stack: TerraformStack, values: Record<string, unknown>): Record<string, unknown> {
  for (const [name, value] of Object.entries(values)) new TerraformOutput(stack, name, { value });
  const outputs = parsed(stack).output as Record<string, { value: unknown }>;
  return Object.fromEntries(Object.keys(values).map((name) => [name, outputs[name].value]));
}

describe('WorkosProvider', () => {
  test('synthesizes the provider source and snake_case attributes', () => {
    // GIVEN a stack
    const stack = new TerraformStack(Testing.app(), 'stack');
    const apiKey = new TerraformVariable(stack, 'workos_api_key', { type: 'string', sensitive: true });

    // WHEN a provider gets a base URL and an API key from a variable
    new WorkosProvider(stack, 'workos', { baseUrl: 'http://127.0.0.1:8080', apiKey: apiKey.stringValue });

    // THEN the provider is sourced from workos-rbac/workos and the key stays a reference
    const json = parsed(stack);
    expect(json.terraform.required_providers.workos.source).toBe('workos-rbac/workos');
    expect(json.provider.workos).toEqual([{ base_url: 'http://127.0.0.1:8080', api_key: '${var.workos_api_key}' }]);
  });

  test('with no props the provider block is empty (the provider reads WORKOS_* at deploy time)', () => {
    const json = parsed(newStack());
    expect(json.provider.workos).toEqual([{}]);
  });

  test('a literal API key is accepted with a warning, since it would land in cdktf.out', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const provider = new WorkosProvider(stack, 'workos', { apiKey: 'sk_test_literal' });
    const warnings = provider.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/apiKey is a literal string.*WORKOS_API_KEY/)]);

    const fromVariable = new WorkosProvider(stack, 'from-variable', {
      alias: 'v',
      apiKey: new TerraformVariable(stack, 'key', { type: 'string', sensitive: true }).stringValue,
    });
    expect(fromVariable.node.metadata.filter((m) => m.type === '@cdktf/warn')).toEqual([]);
  });

  test('an aliased provider synthesizes its alias', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new WorkosProvider(stack, 'staging', { alias: 'staging' });
    expect(parsed(stack).provider.workos).toEqual([{ alias: 'staging' }]);
  });

  test('an invalid base URL fails validation, naming baseUrl', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new WorkosProvider(stack, 'workos', { baseUrl: 'ftp://example.com' });
    expect(() => synth(stack)).toThrow(/"baseUrl".*http\(s\) URL/);
  });
});

describe('Permission', () => {
  test('synthesizes snake_case attributes', () => {
    // GIVEN a stack with the provider
    const stack = newStack();

    // WHEN a permission is declared
    new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users', description: 'See the user list.' });

    // THEN the workos_permission resource has exactly those attributes
    expect(synth(stack)).toHaveResourceWithProperties(Permission, { slug: 'users:view', name: 'View users', description: 'See the user list.' });
  });

  test('exposes id and slug as references to the resource', () => {
    const stack = newStack();
    const permission = new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users' });
    expect(rendered(stack, { id: permission.id, slug: permission.slug })).toEqual({
      id: '${workos_permission.users-view.id}',
      slug: '${workos_permission.users-view.slug}',
    });
    expect(permission.slugInput).toBe('users:view');
  });

  test('an invalid slug fails validation with a message naming slug', () => {
    // GIVEN a permission whose slug has a space and capitals
    const stack = newStack();
    new Permission(stack, 'bad', { slug: 'Users View', name: 'View users' });

    // WHEN synthesizing THEN it fails, naming the attribute and the value
    expect(() => synth(stack)).toThrow(/\[stack\/bad\] Invalid value for "slug": "Users View" must contain only lowercase letters/);
  });

  test('all problems are reported at once', () => {
    const stack = newStack();
    new Permission(stack, 'bad-slug', { slug: 'Users View', name: 'View users' });
    new Permission(stack, 'long-name', { slug: 'users:manage', name: 'x'.repeat(49) });
    let message = '';
    try {
      synth(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/\[stack\/bad-slug\].*"slug"/);
    expect(message).toMatch(/\[stack\/long-name\].*"name".*at most 48 characters/);
  });

  test('an unresolved token as slug is left to terraform', () => {
    // GIVEN a slug only known at deploy time
    const stack = newStack();
    const slug = new TerraformVariable(stack, 'slug', { type: 'string' });

    // WHEN a permission uses it
    new Permission(stack, 'from-variable', { slug: slug.stringValue, name: 'From a variable' });

    // THEN synth accepts it and passes the reference through
    expect(synth(stack)).toHaveResourceWithProperties(Permission, { slug: '${var.slug}' });
  });

  test('Permission.fromSlug references a permission managed elsewhere, validated like any slug', () => {
    const stack = newStack();
    new Role(stack, 'auditor', { slug: 'auditor', name: 'Auditor', permissions: [Permission.fromSlug(stack, 'audit', 'audit-log:view')] });
    expect(synth(stack)).toHaveResourceWithProperties(Role, { permissions: ['audit-log:view'] });

    const bad = newStack();
    Permission.fromSlug(bad, 'audit', 'Audit Log');
    expect(() => synth(bad)).toThrow(/\[stack\/audit\] Invalid value for "slug"/);
  });

  test('a stack without a WorkosProvider fails with the fix', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users' });
    expect(() => synth(stack)).toThrow(/need a provider.*new WorkosProvider/);
  });
});

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

  test('an invalid permission slug is reported at its position; destroyBehavior is named as a prop', () => {
    const stack = newStack();
    const view = new Permission(stack, 'users-view', { slug: 'users:view', name: 'View users' });
    new Role(stack, 'bad', { slug: 'bad', name: 'Bad', permissions: [view, 'Users Manage'], destroyBehavior: 'keep' as 'delete' });
    let message = '';
    try {
      synth(stack);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/Invalid value for "permissions\.1": "Users Manage"/);
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

describe('examples/quickstart', () => {
  test('synthesizes five permissions, three roles, an output and no API key', () => {
    // GIVEN the quickstart stack
    const stack = new QuickstartStack(Testing.app(), 'quickstart');

    // WHEN synthesized (with validations)
    const json = parsed(stack);

    // THEN it declares what the quickstart promises
    expect(Object.keys(json.resource.workos_permission)).toHaveLength(5);
    expect(Object.values(json.resource.workos_role).map((r: any) => r.slug).sort()).toEqual(['admin', 'billing-admin', 'viewer']);
    expect(json.resource.workos_role['billing-admin'].permissions).toEqual([
      '${workos_permission.billing-view.slug}',
      '${workos_permission.billing-manage.slug}',
      '${workos_permission.reports-export.slug}',
    ]);
    expect(json.resource.workos_role.admin.permissions).toHaveLength(5);
    expect(json.output.roles.value).toEqual({
      viewer: '${tolist(workos_role.viewer.permissions)}',
      'billing-admin': '${tolist(workos_role.billing-admin.permissions)}',
      admin: '${tolist(workos_role.admin.permissions)}',
    });
    expect(json.provider.workos).toEqual([{}]);
  });
});
