/**
 * Organization: importers for objects managed elsewhere (`Role.fromSlug`, `Organization.fromId`,
 * `OrganizationRole.fromSlug`) accepted wherever the construct is, and `Organization.mapAttribute`.
 */
import { Testing } from 'cdktf';
import {
  AttributeMapping,
  DataWorkosEffectiveRoles,
  DirectoryGroupMapping,
  Organization,
  OrganizationMembership,
  OrganizationRole,
  Role,
  RolePolicy,
  SsoGroupMapping,
} from '../../../constructs';
import { newStack, parsed, synthErrors } from '../../helpers/constructs';

Testing.setupJest();

describe('importers', () => {
  test('Role.fromSlug and Organization.fromId are accepted wherever a role or an organization is', () => {
    // GIVEN an environment role and an organization managed elsewhere
    const stack = newStack();
    const member = Role.fromSlug(stack, 'member', 'member');
    const globex = Organization.fromId(stack, 'globex', 'org_01GLOBEX');

    // WHEN constructs use them
    const admin = new OrganizationRole(stack, 'globex-admin', { organization: globex, slug: 'org-admin', name: 'Admin' });
    new DirectoryGroupMapping(stack, 'everyone', { organization: globex, group: 'Everyone', roles: [member, 'member', admin] });
    new OrganizationMembership(stack, 'bob', { organization: globex, user: 'user_01BOB', roles: [member] });
    new RolePolicy(stack, 'globex-policy', { organization: globex, defaultRole: member, priority: [admin, member] });
    new DataWorkosEffectiveRoles(stack, 'preview', { organization: globex, directoryGroups: ['Everyone'] });

    // THEN they synthesize as the plain slug and id (the imported role counted once with its slug)
    const json = parsed(stack);
    expect(json.resource.workos_organization_role['globex-admin']).toMatchObject({ organization_id: 'org_01GLOBEX' });
    expect(json.resource.workos_directory_group_mapping.everyone).toMatchObject({ organization_id: 'org_01GLOBEX', roles: ['member', '${workos_organization_role.globex-admin.slug}'] });
    expect(json.resource.workos_organization_membership.bob).toMatchObject({ organization_id: 'org_01GLOBEX', roles: ['member'] });
    expect(json.resource.workos_role_policy['globex-policy']).toMatchObject({ organization_id: 'org_01GLOBEX', default_role: 'member', priority: ['${workos_organization_role.globex-admin.slug}', 'member'] });
    expect(json.data.workos_effective_roles.preview).toMatchObject({ organization_id: 'org_01GLOBEX' });
    expect(json.resource.workos_role).toBeUndefined();
  });

  test('an imported organization is the same organization as its id, and another one than a different id', () => {
    // GIVEN an organization referenced by id, and a custom role of it referenced by slug
    const stack = newStack();
    const globex = Organization.fromId(stack, 'globex', 'org_01GLOBEX');
    const globexAdmin = OrganizationRole.fromSlug(stack, 'globex-admin', globex, 'org-admin');

    // WHEN the role is mapped in the same organization (given by its id) and in another one
    new SsoGroupMapping(stack, 'same', { organization: 'org_01GLOBEX', group: 'Admins', roles: [globexAdmin] });
    new SsoGroupMapping(stack, 'other', { organization: Organization.fromId(stack, 'initech', 'org_01INITECH'), group: 'Admins', roles: [globexAdmin] });

    // THEN only the other organization's mapping fails, naming the attribute and both organizations
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[stack\/other\] Invalid value for "roles": stack\/globex-admin belongs to organization stack\/globex \("org_01GLOBEX"\), not to stack\/initech \("org_01INITECH"\)/);
    expect(errors).not.toMatch(/stack\/same/);
  });

  test('imported slugs and ids are validated at synth, naming the attribute', () => {
    // GIVEN importers with malformed slugs and an empty id
    const stack = newStack();
    Role.fromSlug(stack, 'bad-role', 'Not A Slug');
    OrganizationRole.fromSlug(stack, 'bad-org-role', 'org_01ACME', 'admin');
    Organization.fromId(stack, 'no-org', '');

    // THEN synth reports each
    const errors = synthErrors(stack);
    expect(errors).toMatch(/\[stack\/bad-role\] Invalid value for "slug": "Not A Slug"/);
    expect(errors).toMatch(/\[stack\/bad-org-role\] Invalid value for "slug": "admin"/);
    expect(errors).toMatch(/\[stack\/no-org\] Invalid value for "organizationId": Organization.fromId needs the id of an existing organization/);
  });
});

describe('Organization.mapAttribute', () => {
  test('maps a user attribute value to roles; the same attribute and value again adds roles', () => {
    // GIVEN an organization with a custom role and an environment role
    const stack = newStack();
    const acme = new Organization(stack, 'acme', { name: 'Acme' });
    const editor = acme.addRole('org-editor', { name: 'Editor' });
    const viewer = new Role(stack, 'viewer', { slug: 'viewer', name: 'Viewer' });

    // WHEN attribute values are mapped, one of them twice
    const admins = acme.mapAttribute('myRole', 'admin', ['admin'], { mode: 'exclusive' });
    const again = acme.mapAttribute('myRole', 'admin', [editor, 'admin']);
    acme.mapAttribute('myRole', 'viewer', [viewer]);

    // THEN one workos_attribute_mapping per attribute value, next to the organization, roles each once
    expect(again).toBe(admins);
    expect(admins).toBeInstanceOf(AttributeMapping);
    const mappings = parsed(stack).resource.workos_attribute_mapping;
    expect(mappings).toEqual({
      'acme-attribute-myrole-admin': expect.objectContaining({ organization_id: '${workos_organization.acme.id}', attribute: 'myRole', value: 'admin', mode: 'exclusive', roles: ['admin', '${workos_organization_role.acme-org-editor.slug}'] }),
      'acme-attribute-myrole-viewer': expect.objectContaining({ attribute: 'myRole', value: 'viewer', roles: ['${workos_role.viewer.slug}'] }),
    });
  });
});
