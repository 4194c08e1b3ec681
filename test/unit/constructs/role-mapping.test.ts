/**
 * The IdP mappings (DirectoryGroupMapping, SsoGroupMapping, AttributeMapping): roles added to one
 * mapping per group, roles checked at their position, tokens left to terraform.
 */
import { TerraformVariable, Testing } from 'cdktf';
import {
  AttributeMapping,
  DirectoryGroupMapping,
  Organization,
  Role,
  SsoGroupMapping,
} from '../../../constructs';
import { newStack, parsed, synth, synthErrors } from '../../helpers/constructs';

Testing.setupJest();

describe('group mappings', () => {
  test('mapping the same directory group twice adds roles to one mapping', () => {
    // GIVEN an organization mapping "Engineering" to developer
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const developer = new Role(stack, 'developer', { slug: 'developer', name: 'Developer' });
    const first = acme.mapDirectoryGroup('Engineering', [developer], { mode: 'additive' });

    // WHEN the group is mapped again, with the same role as a slug and another one
    const second = acme.mapDirectoryGroup('Engineering', ['developer', 'on-call']);

    // THEN there is one mapping with each role once
    expect(second).toBe(first);
    const mappings = parsed(stack).resource.workos_directory_group_mapping;
    expect(Object.keys(mappings)).toEqual(['acme-directory-engineering']);
    expect(mappings['acme-directory-engineering']).toMatchObject({ roles: ['${workos_role.developer.slug}', 'on-call'], mode: 'additive' });
  });

  test('an attribute mapping synthesizes attribute, value and roles', () => {
    const stack = newStack();
    new AttributeMapping(stack, 'my-role-admin', { organization: 'org_1', attribute: 'myRole', value: 'admin', roles: ['admin'] });
    expect(synth(stack)).toHaveResourceWithProperties(AttributeMapping, { organization_id: 'org_1', attribute: 'myRole', value: 'admin', roles: ['admin'] });
  });

  test('invalid roles are reported by value (a set), mode by name; tokens are skipped', () => {
    const stack = newStack();
    const role = new TerraformVariable(stack, 'role', { type: 'string' });
    new SsoGroupMapping(stack, 'bad', { organization: 'org_1', group: 'Staff', roles: [role.stringValue, 'Not A Slug'], mode: 'sometimes' as 'additive' });
    new DirectoryGroupMapping(stack, 'empty', { organization: 'org_1', group: 'Nobody', roles: [] as unknown as [string] });
    const message = synthErrors(stack);
    expect(message).toMatch(/\[stack\/bad\] Invalid value for "roles" element "Not A Slug"/);
    expect(message).toMatch(/\[stack\/bad\] Invalid value for "mode"/);
    expect(message).not.toMatch(/roles\.0/);
    expect(message).toMatch(/\[stack\/empty\] Invalid value for "roles".*at least one role/);
  });
});
