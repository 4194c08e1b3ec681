/**
 * Permission synthesizes what the provider expects and rejects at synth time what the provider
 * would reject at plan time; Permission.fromSlug refers to one managed elsewhere.
 */
import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Permission, Role} from '../../../constructs';
import { newStack, rendered, synth } from '../../helpers/constructs';

Testing.setupJest();

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
