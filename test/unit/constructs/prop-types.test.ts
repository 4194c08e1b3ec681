/**
 * Runtime type checks of props for plain-JavaScript users (constructs/base.ts, from the schema):
 * a prop of the wrong shape is refused when the construct is created, naming the prop, instead
 * of synthesizing something else (a string spread into a list of characters).
 */
import { TerraformVariable } from 'cdktf';
import { Organization, OrganizationRole, Permission, ResourceType, Role, RolePolicy } from '../../../constructs';
import { newStack, parsed } from '../../helpers/constructs';

/** What a JavaScript caller can pass: anything. */
const js = <T>(props: Record<string, unknown>): T => props as T;

describe('props checked against the schema at runtime', () => {
  test('GIVEN permissions as one string WHEN a Role is created THEN it is refused naming permissions, and nothing is spread into characters', () => {
    const stack = newStack();
    expect(() => new Role(stack, 'admin', js({ slug: 'admin', name: 'Admin', permissions: 'users:view' }))).toThrow(
      new TypeError('[stack/admin] Invalid value for "permissions": expected a list of strings (or references), got the string "users:view"'),
    );
  });

  test('GIVEN wrong scalars and list elements WHEN created THEN each wrong prop is named with what was expected', () => {
    const stack = newStack();
    const org = new Organization(stack, 'acme', { name: 'Acme' });
    expect(() => new Permission(stack, 'p', js({ slug: 42, name: 'P' }))).toThrow('[stack/p] Invalid value for "slug": expected a string (or a reference), got number 42');
    expect(() => new ResourceType(stack, 't', js({ slug: 'doc', name: 'Doc', parentTypes: ['folder', 7] }))).toThrow(
      '[stack/t] Invalid value for "parentTypes": expected a list of strings (or references), got number 7 at position 1',
    );
    expect(() => new RolePolicy(stack, 'policy', js({ multipleRoles: 'yes' }))).toThrow('[stack/policy] Invalid value for "multipleRoles": expected true or false, got the string "yes"');
    expect(() => new OrganizationRole(stack, 'r', js({ organization: org, slug: 'org-r', name: 'R', description: ['x'] }))).toThrow(
      '[stack/r] Invalid value for "description": expected a string (or a reference), got a list',
    );
  });

  test('GIVEN references and tokens where strings are expected WHEN created THEN they are accepted', () => {
    const stack = newStack();
    const slug = new TerraformVariable(stack, 'slug', { type: 'string' });
    const view = new Permission(stack, 'view', { slug: 'users:view', name: 'View' });
    const admin = new Role(stack, 'admin', { slug: slug.stringValue, name: 'Admin', permissions: [view, 'users:edit'] });
    new RolePolicy(stack, 'policy', { priority: [admin], defaultRole: admin, multipleRoles: false });
    expect(Object.keys(parsed(stack).resource.workos_role)).toEqual(['admin']);
  });
});
